import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EngineEvent } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import * as drover from "../../index";
import { FLUX_CHANGES } from "../../components/flux/changes";
import { KubeAccess, kubeGet, kubeRequest } from "./support/kubeClient";
import { createTestStack, leakedSecrets, logTo, nonDebugLog, plainOutputs, TestStack } from "./support/pulumiStack";
import { fluxInstallStandIn, removeFluxStandIn } from "./support/fluxStandIn";
import { servers } from "./support/servers";

// Day 2 of a FluxBootstrap on the real engine and a real kube-apiserver: a changed setting reaches the cluster (no
// ignoreChanges), also over fields that kustomize-controller co-owns; Flux's own additions read back by a refresh
// propose nothing; a fixed setting is refused at preview with drover's message. No Flux controller runs here:
// kustomize-controller's server-side apply from Git is done by the test, with its field manager, as Flux would.
// Neither variant needs the command, tls or random plugin (https credentials; retainOnDelete in mode manifests).
const OPERATOR_STANDIN = path.resolve(__dirname, "../../stacks/local/flux-operator-standin.yaml");
const TOKEN = "glpat-day2-token-0b9e44c1f3";
const NS = "flux-system";
const INSTANCE = `/apis/fluxcd.controlplane.io/v1/namespaces/${NS}/fluxinstances/flux`;

/** kustomize-controller applying an object from Git: server-side apply, its own field manager, forced, its labels. */
async function applyAsFlux(access: KubeAccess, apiPath: string, obj: Record<string, unknown>): Promise<void> {
    const meta = obj.metadata as Record<string, unknown>;
    const body = {
        ...obj,
        metadata: {
            ...meta,
            labels: {
                ...((meta.labels as object) ?? {}),
                "kustomize.toolkit.fluxcd.io/name": "flux-system",
                "kustomize.toolkit.fluxcd.io/namespace": NS,
            },
        },
    };
    const res = await kubeRequest(
        access,
        "PATCH",
        `${apiPath}?fieldManager=kustomize-controller&force=true`,
        body,
        "application/apply-patch+yaml",
    );
    if (res.status >= 300) {
        throw new Error(`apply as kustomize-controller ${apiPath}: ${res.status} ${JSON.stringify(res.body)}`);
    }
}

/** The operations a preview or up planned, per resource name. */
function plannedSteps(events: EngineEvent[]): Array<[string, string]> {
    return events
        .filter((e) => e.resourcePreEvent && e.resourcePreEvent.metadata.op !== "same")
        .map((e) => {
            const m = e.resourcePreEvent!.metadata;
            return [m.op, m.urn.split("::").pop()!] as [string, string];
        });
}

/** Field managers of the FluxInstance fields drover sets, as the API server records them. */
function managersOf(obj: { metadata: { managedFields?: Array<{ manager: string; fieldsV1?: unknown }> } }): string[] {
    return (obj.metadata.managedFields ?? []).map((f) => f.manager).sort();
}

describe("FluxBootstrap day 2 in mode operator, on the real engine", () => {
    const s = servers();
    let t: TestStack;
    const settings = { version: "v2.7.0", interval: "1m0s", path: "clusters/it/day2" };

    const program = async () => {
        const provider = new k8s.Provider("downstream", { kubeconfig: pulumi.secret(s.downstream.kubeconfig) });
        const flux = new drover.FluxBootstrap(
            "flux-day2",
            {
                gitUrl: "https://git.example.internal/platform/fleet.git",
                httpsToken: pulumi.secret(TOKEN),
                path: settings.path,
                version: settings.version,
                interval: settings.interval,
                mode: "operator",
                operatorManifest: OPERATOR_STANDIN,
            },
            { provider },
        );
        return { gitFiles: flux.gitFiles };
    };

    beforeAll(async () => {
        t = await createTestStack("flux-day2", program);
    });

    afterAll(async () => {
        await t?.dispose();
    });

    it("bootstraps, and Flux then applies the same FluxInstance from the committed gitFiles", async () => {
        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        const files = res.outputs.gitFiles.value as Record<string, string>;
        const fromGit = YAML.parse(files[`${settings.path}/flux-system/flux-instance.yaml`]);
        await applyAsFlux(s.downstream, INSTANCE, fromGit);
        const live = await kubeGet(s.downstream, INSTANCE);
        expect(live.metadata.labels["kustomize.toolkit.fluxcd.io/name"]).toBe("flux-system");
        expect(managersOf(live)).toContain("kustomize-controller");
    });

    it("proposes no update after a refresh reads Flux's labels and field ownership back", async () => {
        await t.stack.refresh(logTo(t));
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });

    it("applies a new interval and a Flux upgrade as an update of the FluxInstance alone, over Flux's ownership", async () => {
        settings.version = "v2.8.0";
        settings.interval = "5m0s";
        const events: EngineEvent[] = [];
        await t.stack.preview({ onEvent: (e) => events.push(e), onOutput: (o) => t.log.push(o) });
        // The component's settings summary and the FluxInstance: no replacement, nothing else.
        expect(plannedSteps(events)).toEqual([
            ["update", "flux-day2"],
            ["update", "flux-day2-instance"],
        ]);

        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        const live = await kubeGet(s.downstream, INSTANCE);
        expect(live.spec.distribution.version).toBe("2.8.0");
        expect(live.spec.sync.interval).toBe("5m0s");
        const files = res.outputs.gitFiles.value as Record<string, string>;
        const fromGit = YAML.parse(files[`${settings.path}/flux-system/flux-instance.yaml`]);
        expect(fromGit.spec.distribution.version).toBe("2.8.0");
        expect(fromGit.spec.sync.interval).toBe("5m0s");
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });

    it("refuses a new path at preview with drover's message, and the cluster and state keep the old one", async () => {
        settings.path = "clusters/it/moved";
        const before = await t.stateText();
        let message = "";
        try {
            await t.stack.preview(logTo(t));
        } catch (e) {
            message = String((e as Error).message);
        }
        expect(message).toContain(
            `FluxBootstrap "flux-day2": path "clusters/it/moved" cannot change after Flux is bootstrapped (it was "clusters/it/day2"): ${FLUX_CHANGES.path.effect}`,
        );
        await expect(t.stack.up(logTo(t))).rejects.toThrow(/cannot change after Flux is bootstrapped/);
        expect((await kubeGet(s.downstream, INSTANCE)).spec.sync.path).toBe("clusters/it/day2");
        expect(await t.stateText()).not.toContain("clusters/it/moved");
        expect(before).toContain("clusters/it/day2");
        settings.path = "clusters/it/day2";
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });

    it("keeps the Git token out of state, outputs and the engine log", async () => {
        const haystacks = { state: await t.stateText(), outputs: await plainOutputs(t), engineLog: nonDebugLog(t) };
        for (const [where, text] of Object.entries(haystacks)) {
            expect({ [where]: leakedSecrets(text, [TOKEN, Buffer.from(TOKEN).toString("base64")]) }).toEqual({
                [where]: [],
            });
        }
    });
});

describe("FluxBootstrap upgrade in mode manifests, on the real engine", () => {
    const s = servers();
    let t: TestStack;
    let dir: string;
    const settings = { version: "v2.7.0" };
    const manifestOf = (v: string) => path.join(dir, `install-${v}.yaml`);
    const RELEASE = `/api/v1/namespaces/${NS}/configmaps/flux-release`;
    const sa = (name: string) => `/api/v1/namespaces/${NS}/serviceaccounts/${name}`;

    const program = async () => {
        const provider = new k8s.Provider("downstream", { kubeconfig: pulumi.secret(s.downstream.kubeconfig) });
        new drover.FluxBootstrap(
            "flux-upgrade",
            {
                gitUrl: "https://git.example.internal/platform/fleet.git",
                httpsToken: pulumi.secret(TOKEN),
                path: "clusters/it/upgrade",
                version: settings.version,
                mode: "manifests",
                installManifest: manifestOf(settings.version),
                retainOnDelete: true,
            },
            { provider },
        );
        return {};
    };

    beforeAll(async () => {
        // STAND-INS for two Flux releases' install.yaml (fluxInstallStandIn), each with a ConfigMap naming the
        // release, and one ServiceAccount that only the older release has and one that only the newer has.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-it-flux-upgrade-"));
        const release = (v: string, only: string) =>
            fluxInstallStandIn([
                `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flux-release\n  namespace: ${NS}\n  labels:\n    app.kubernetes.io/version: ${v}\ndata:\n  version: ${v}`,
                `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${only}\n  namespace: ${NS}`,
            ]);
        fs.writeFileSync(manifestOf("v2.7.0"), release("v2.7.0", "image-reflector-controller"));
        fs.writeFileSync(manifestOf("v2.8.0"), release("v2.8.0", "source-watcher"));
        t = await createTestStack("flux-upgrade", program);
    });

    afterAll(async () => {
        try {
            await t?.dispose();
        } finally {
            await removeFluxStandIn(s.downstream);
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("installs the older release, which Flux then applies from Git too", async () => {
        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        const live = await kubeGet(s.downstream, RELEASE);
        expect(live.data.version).toBe("v2.7.0");
        const { metadata, ...rest } = live;
        await applyAsFlux(s.downstream, RELEASE, {
            ...rest,
            metadata: { name: metadata.name, namespace: NS, labels: metadata.labels },
        });
        await t.stack.refresh(logTo(t));
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });

    it("upgrades to the newer release: changed objects updated, new ones created, dropped ones let go", async () => {
        settings.version = "v2.8.0";
        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        const live = await kubeGet(s.downstream, RELEASE);
        expect(live.data.version).toBe("v2.8.0");
        expect(live.metadata.labels["app.kubernetes.io/version"]).toBe("v2.8.0");
        expect(await kubeGet(s.downstream, sa("source-watcher"))).toBeDefined();
        // retainOnDelete: an object the new release drops leaves drover's state and stays on the cluster.
        expect(await kubeGet(s.downstream, sa("image-reflector-controller"))).toBeDefined();
        expect(await t.stateText()).not.toContain("image-reflector-controller");
        expect(res.summary.resourceChanges).toMatchObject({ create: 1, delete: 1 });
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });
});
