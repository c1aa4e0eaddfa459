import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as drover from "../../index";
import { privateKeyLines, sshKeygen } from "../support/sshKeys";
import { kubeGet } from "./support/kubeClient";
import { createTestStack, leakedSecrets, logTo, nonDebugLog, plainOutputs, TestStack } from "./support/pulumiStack";
import { fluxInstallStandIn, removeFluxStandIn } from "./support/fluxStandIn";
import { servers } from "./support/servers";

// FluxBootstrap over SSH on the real engine, with a deploy key the user gives (OpenSSH, made by ssh-keygen): its
// public half is derived in-process, so no tls plugin is needed (the offline toolchain cannot build it here). The
// second part installs Flux from a manifest in mode "manifests" with retainOnDelete, the air-gapped path.
const OPERATOR_STANDIN = path.resolve(__dirname, "../../stacks/local/flux-operator-standin.yaml");
const deployKey = sshKeygen("ecdsa");
const hostKey = sshKeygen("ed25519");
const KNOWN_HOSTS = `git.example.internal ${hostKey.publicKey}`;

/** The SHA256 fingerprint OpenSSH prints for the host key. */
function fingerprint(publicKey: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-fp-"));
    try {
        fs.writeFileSync(path.join(dir, "k.pub"), `${publicKey}\n`);
        return execFileSync("ssh-keygen", ["-lf", path.join(dir, "k.pub")], { encoding: "utf8" }).split(" ")[1];
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("FluxBootstrap over SSH with a given deploy key, on the real engine", () => {
    const s = servers();
    let t: TestStack;

    const program = async () => {
        const provider = new k8s.Provider("downstream", { kubeconfig: pulumi.secret(s.downstream.kubeconfig) });
        const flux = new drover.FluxBootstrap(
            "flux-ssh",
            {
                gitUrl: "ssh://git@git.example.internal/platform/fleet.git",
                knownHosts: KNOWN_HOSTS,
                sshPrivateKey: pulumi.secret(deployKey.privateKey),
                branch: "main",
                path: "clusters/it/it-ssh",
                version: "v2.7.0",
                mode: "operator",
                operatorManifest: OPERATOR_STANDIN,
            },
            { provider },
        );
        return {
            namespace: flux.namespace,
            secretName: flux.secretName,
            deployKey: flux.deployKey,
            fingerprint: flux.knownHostsFingerprint,
        };
    };

    beforeAll(async () => {
        t = await createTestStack("flux-ssh", program);
    });

    afterAll(async () => {
        await t?.dispose();
    });

    it("writes identity, identity.pub and the pinned known_hosts, and outputs the public key and fingerprint", async () => {
        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        expect(res.outputs.deployKey).toEqual({ value: deployKey.publicKey, secret: false });
        expect(res.outputs.fingerprint.value).toBe(fingerprint(hostKey.publicKey));
        const ns = res.outputs.namespace.value as string;
        const secret = await kubeGet(s.downstream, `/api/v1/namespaces/${ns}/secrets/${res.outputs.secretName.value}`);
        const data = Object.fromEntries(
            Object.entries(secret.data as Record<string, string>).map(([k, v]) => [
                k,
                Buffer.from(v, "base64").toString(),
            ]),
        );
        expect(data).toEqual({
            identity: deployKey.privateKey,
            "identity.pub": deployKey.publicKey,
            known_hosts: KNOWN_HOSTS,
        });
    });

    it("keeps the private key out of state, outputs and the engine log", async () => {
        const lines = privateKeyLines(deployKey.privateKey, deployKey.publicKey);
        expect(lines.length).toBeGreaterThan(0);
        const haystacks = { state: await t.stateText(), outputs: await plainOutputs(t), engineLog: nonDebugLog(t) };
        for (const [where, text] of Object.entries(haystacks)) {
            expect({ [where]: leakedSecrets(text, lines) }).toEqual({ [where]: [] });
        }
    });

    it("shows no changes on a second preview", async () => {
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });
});

describe("FluxBootstrap from an install manifest (mode manifests) with retainOnDelete, on the real engine", () => {
    const s = servers();
    let t: TestStack;
    let dir: string;
    const NS = "flux-system";

    const program = async () => {
        const provider = new k8s.Provider("downstream", { kubeconfig: pulumi.secret(s.downstream.kubeconfig) });
        const flux = new drover.FluxBootstrap(
            "flux-manifests",
            {
                gitUrl: "ssh://git@git.example.internal/platform/fleet.git",
                knownHosts: KNOWN_HOSTS,
                sshPrivateKey: pulumi.secret(deployKey.privateKey),
                path: "clusters/it/it-manifests",
                version: "v2.7.0",
                mode: "manifests",
                installManifest: path.join(dir, "install.yaml"),
                retainOnDelete: true,
            },
            { provider },
        );
        return { namespace: flux.namespace };
    };

    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-it-flux-"));
        fs.writeFileSync(path.join(dir, "install.yaml"), fluxInstallStandIn());
        t = await createTestStack("flux-manifests", program);
    });

    afterAll(async () => {
        try {
            await t?.dispose();
        } finally {
            await removeFluxStandIn(s.downstream);
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("applies the manifest, then GitRepository and Kustomization valid against the upstream CRDs", async () => {
        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        const repo = await kubeGet(
            s.downstream,
            `/apis/source.toolkit.fluxcd.io/v1/namespaces/${NS}/gitrepositories/flux-system`,
        );
        expect(repo.spec).toMatchObject({
            url: "ssh://git@git.example.internal/platform/fleet.git",
            secretRef: { name: "flux-system" },
        });
        const ks = await kubeGet(
            s.downstream,
            `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${NS}/kustomizations/flux-system`,
        );
        expect(ks.spec).toMatchObject({ path: "./clusters/it/it-manifests", prune: true });
    });

    it("shows no changes on a second preview", async () => {
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });

    it("leaves Flux in place on destroy (retainOnDelete)", async () => {
        const res = await t.stack.destroy(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        expect(
            await kubeGet(
                s.downstream,
                `/apis/source.toolkit.fluxcd.io/v1/namespaces/${NS}/gitrepositories/flux-system`,
            ),
        ).toBeDefined();
        expect(await kubeGet(s.downstream, `/api/v1/namespaces/${NS}/secrets/flux-system`)).toBeDefined();
    });
});
