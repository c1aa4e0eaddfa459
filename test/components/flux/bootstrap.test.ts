import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { sshKeygen } from "../../support/sshKeys";
import * as YAML from "yaml";
import type * as fluxModule from "../../../components/flux";
import { sha256Hex } from "../../../components/flux/manifest";
import { buildFluxUninstallScript } from "../../../components/flux/uninstall";
import { isSecretValue, ofType, RecordedResource, settle, unwrapSecrets, valueOf } from "../../support/mocks";
import { schemaErrors } from "../../support/schemas";
import {
    FLUX_INSTALL,
    HOST_KEYS,
    HTTPS_URL,
    KNOWN_HOSTS,
    OPERATOR_INSTALL,
    removeFixtures,
    serve,
    SSH_URL,
    writeFixture,
} from "./fixtures";
import { dependencyNames, fakeKey, optionRecorder, RecordedCall, recordFlux, SeenOptions, waitFor } from "./fluxMocks";

const T = {
    component: "drover:index:FluxBootstrap",
    key: "tls:index/privateKey:PrivateKey",
    secret: "kubernetes:core/v1:Secret",
    namespace: "kubernetes:core/v1:Namespace",
    crd: "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
    deployment: "kubernetes:apps/v1:Deployment",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    gitRepository: "kubernetes:source.toolkit.fluxcd.io/v1:GitRepository",
    kustomization: "kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization",
    instance: "kubernetes:fluxcd.controlplane.io/v1:FluxInstance",
    command: "command:local:Command",
    record: "pulumi-nodejs:dynamic:FluxBootstrapRecord",
};

const PATCH_FORCE_KEY = "pulumi.com/patchForce";
const KUBECONFIG = "apiVersion: v1\nclusters: []\nusers: []\ncontexts: []\n";
const OPERATOR_URL = "https://github.com/controlplaneio-fluxcd/flux-operator/releases/download/v0.58.1/install.yaml";

let flux: typeof fluxModule;
let recorded: RecordedResource[];
let calls: RecordedCall[];
let provider: k8s.Provider;
let seen: SeenOptions[];
let installPath: string;
let operatorPath: string;

beforeAll(async () => {
    ({ recorded, calls } = await recordFlux());
    flux = await import("../../../components/flux");
    installPath = writeFixture("flux-install.yaml", FLUX_INSTALL);
    operatorPath = writeFixture("operator-install.yaml", OPERATOR_INSTALL);
});

afterAll(removeFixtures);

beforeEach(() => {
    recorded.length = 0;
    calls.length = 0;
    seen = [];
    provider = new k8s.Provider("dev-a", { kubeconfig: "{}" });
});

afterEach(() => jest.restoreAllMocks());

const ssh = { gitUrl: SSH_URL, branch: "main", path: "clusters/dev/dev-a", knownHosts: KNOWN_HOSTS, version: "v2.7.0" };

function bootstrap(args: fluxModule.FluxBootstrapArgs, name = "flux") {
    return new flux.FluxBootstrap(name, args, { provider, transformations: [optionRecorder(seen)] });
}

function one(type: string): RecordedResource {
    const rs = ofType(recorded, type);
    expect(rs).toHaveLength(1);
    return rs[0];
}

/** The object as registered, less drover's force annotation, which every Flux object carries (checked here). */
function object(r: RecordedResource) {
    const { apiVersion, kind, metadata, spec } = r.inputs;
    const { [PATCH_FORCE_KEY]: force, ...annotations } = metadata.annotations ?? {};
    expect([r.name, force]).toEqual([r.name, "true"]);
    const { annotations: _all, ...rest } = metadata;
    return { apiVersion, kind, metadata: Object.keys(annotations).length > 0 ? { ...rest, annotations } : rest, spec };
}

function decoded(secret: RecordedResource): Record<string, string> {
    const data = unwrapSecrets(secret.inputs.data) as Record<string, string>;
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
}

function optionsOf(name: string): pulumi.CustomResourceOptions {
    const s = seen.find((x) => x.name === name);
    if (!s) {
        throw new Error(`no resource named ${name}; saw ${seen.map((x) => x.name).join(", ")}`);
    }
    return s.opts;
}

const names = (type: string) => ofType(recorded, type).map((r) => r.name);

describe("FluxBootstrap, mode operator (the default)", () => {
    it("works for the issue's call: fetches the pinned operator release, installs it, and syncs through a FluxInstance", async () => {
        const fetch = jest
            .spyOn(global, "fetch")
            .mockImplementation(async () => new Response(OPERATOR_INSTALL, { status: 200 }));
        const fb = bootstrap(ssh);
        await waitFor(() => ofType(recorded, T.instance).length === 1, "the FluxInstance");
        await settle();

        expect(fetch.mock.calls.map((c) => String(c[0]))).toEqual([OPERATOR_URL]);
        expect(names(T.namespace)).toEqual(["flux:flux-system"]);
        expect(names(T.crd)).toEqual(["flux:fluxinstances.fluxcd.controlplane.io"]);
        expect(names(T.deployment)).toEqual(["flux:flux-system/flux-operator"]);
        for (const r of recorded.filter((x) => x.type.startsWith("kubernetes:") && x.custom)) {
            expect(r.provider).toContain("dev-a");
        }

        expect(one(T.key)).toMatchObject({
            name: "flux-deploy-key",
            inputs: { algorithm: "ECDSA", ecdsaCurve: "P384" },
        });
        const secret = one(T.secret);
        expect(secret.name).toBe("flux-source");
        expect(secret.inputs.metadata).toEqual({ name: "flux-system", namespace: "flux-system" });
        expect(isSecretValue(secret.inputs.data)).toBe(true);
        const fake = fakeKey("flux-deploy-key", "ECDSA");
        expect(decoded(secret)).toEqual({
            identity: fake.privateKeyOpenssh,
            "identity.pub": fake.publicKeyOpenssh.trim(),
            known_hosts: KNOWN_HOSTS,
        });

        const instance = one(T.instance);
        expect(instance.name).toBe("flux-instance");
        expect(object(instance)).toEqual({
            apiVersion: "fluxcd.controlplane.io/v1",
            kind: "FluxInstance",
            metadata: { name: "flux", namespace: "flux-system" },
            spec: {
                distribution: { version: "2.7.0", registry: "ghcr.io/fluxcd" },
                cluster: { networkPolicy: true },
                sync: {
                    kind: "GitRepository",
                    url: SSH_URL,
                    ref: "refs/heads/main",
                    path: "clusters/dev/dev-a",
                    interval: "1m0s",
                    pullSecret: "flux-system",
                },
            },
        });
        expect(schemaErrors(object(instance))).toEqual([]);
        expect(ofType(recorded, T.command)).toEqual([]);
        expect(ofType(recorded, T.gitRepository)).toEqual([]);

        expect(await valueOf(fb.deployKey)).toBe(fake.publicKeyOpenssh.trim());
        expect(await valueOf(fb.knownHostsFingerprint)).toBe(HOST_KEYS.ecdsa256.fingerprint);
        expect(await valueOf(fb.namespace)).toBe("flux-system");
        expect(await valueOf(fb.secretName)).toBe("flux-system");
        const files = await valueOf(fb.gitFiles);
        expect(Object.keys(files)).toEqual(["clusters/dev/dev-a/flux-system/flux-instance.yaml"]);
        expect(YAML.parse(files["clusters/dev/dev-a/flux-system/flux-instance.yaml"])).toEqual(object(instance));
    });

    it("registers a non-secret summary of its settings for policies", async () => {
        bootstrap({ ...ssh, operatorManifest: operatorPath, interval: "5m", noRemoteBases: true });
        await settle();
        const c = one(T.component);
        expect(c.name).toBe("flux");
        expect(c.inputs).toEqual({
            settings: {
                mode: "operator",
                version: "v2.7.0",
                gitUrl: SSH_URL,
                auth: "ssh",
                knownHostsPinned: true,
                httpsCredentials: "none",
                interval: "5m",
                prune: true,
                path: "clusters/dev/dev-a",
                branch: "main",
                hardening: { noCrossNamespaceRefs: false, noRemoteBases: true, networkPolicies: true },
            },
        });
    });

    it("maps the hardening to the FluxInstance: all three switches are the multitenant profile", async () => {
        bootstrap({
            ...ssh,
            operatorManifest: operatorPath,
            noCrossNamespaceRefs: true,
            noRemoteBases: true,
            defaultServiceAccount: "flux-tenant",
            networkPolicies: false,
            registry: "hauler.example.internal/fluxcd",
        });
        await settle();
        const spec = one(T.instance).inputs.spec;
        expect(spec.cluster).toEqual({
            networkPolicy: false,
            multitenant: true,
            tenantDefaultServiceAccount: "flux-tenant",
        });
        expect(spec.distribution).toEqual({
            version: "2.7.0",
            registry: "hauler.example.internal/fluxcd",
            variant: "upstream-alpine",
        });
        expect(spec).not.toHaveProperty("kustomize");
        expect(schemaErrors(object(one(T.instance)))).toEqual([]);
    });

    it("maps a partial hardening to kustomize patches on the FluxInstance", async () => {
        bootstrap({ ...ssh, operatorManifest: operatorPath, noCrossNamespaceRefs: true, defaultServiceAccount: "t" });
        await settle();
        const spec = one(T.instance).inputs.spec;
        expect(spec.cluster).toEqual({ networkPolicy: true });
        expect(spec.kustomize.patches.map((p: { target: unknown }) => p.target)).toEqual([
            {
                kind: "Deployment",
                name: "(kustomize-controller|helm-controller|notification-controller|image-reflector-controller|image-automation-controller)",
            },
            { kind: "Deployment", name: "(kustomize-controller|helm-controller)" },
            { kind: "Kustomization", name: "flux-system" },
        ]);
        expect(schemaErrors(object(one(T.instance)))).toEqual([]);
    });

    it("with a kubeconfig, cleans up after the FluxInstance is gone and before the operator goes", async () => {
        bootstrap({ ...ssh, operatorManifest: operatorPath, kubeconfig: pulumi.secret(KUBECONFIG) });
        await settle();
        const cmd = one(T.command);
        expect(cmd.name).toBe("flux-uninstall");
        expect(cmd.inputs.delete).toBe(buildFluxUninstallScript());
        expect(cmd.inputs.create).toBeUndefined();
        // The FluxInstance depends on the cleanup (deleted before it); the cleanup depends on the install.
        expect(await dependencyNames(optionsOf("flux-instance").dependsOn)).toContain("flux-uninstall");
        const cleanupDeps = await dependencyNames(optionsOf("flux-uninstall").dependsOn);
        expect(cleanupDeps).toEqual(expect.arrayContaining(["flux:flux-system", "flux:flux-system/flux-operator"]));
        expect(cleanupDeps).not.toContain("flux-instance");
    });
});

describe("FluxBootstrap, mode manifests", () => {
    const manifests = (extra: Partial<fluxModule.FluxBootstrapArgs> = {}): fluxModule.FluxBootstrapArgs => ({
        ...ssh,
        mode: "manifests",
        installManifest: installPath,
        kubeconfig: pulumi.secret(KUBECONFIG),
        ...extra,
    });

    it("installs Flux's objects from a local file, namespace and CRDs first", async () => {
        bootstrap(manifests());
        await settle();
        expect(names(T.namespace)).toEqual(["flux:flux-system"]);
        expect(names(T.crd)).toEqual([
            "flux:gitrepositories.source.toolkit.fluxcd.io",
            "flux:kustomizations.kustomize.toolkit.fluxcd.io",
        ]);
        // The mocks see registrations as their dependencies resolve, so compare as sets.
        expect(names(T.deployment).sort()).toEqual([
            "flux:flux-system/helm-controller",
            "flux:flux-system/kustomize-controller",
            "flux:flux-system/notification-controller",
            "flux:flux-system/source-controller",
        ]);
        expect(names(T.networkPolicy).sort()).toEqual([
            "flux:flux-system/allow-egress",
            "flux:flux-system/allow-scraping",
        ]);
        // The fixture's CRDs carry a status; the server's status is never sent.
        for (const crd of ofType(recorded, T.crd)) {
            expect(crd.inputs).not.toHaveProperty("status");
        }

        expect(await dependencyNames(optionsOf("flux:flux-system").dependsOn)).toEqual(["flux-record"]);
        expect(await dependencyNames(optionsOf("flux:gitrepositories.source.toolkit.fluxcd.io").dependsOn)).toEqual([
            "flux-record",
            "flux:flux-system",
        ]);
        expect(await dependencyNames(optionsOf("flux:flux-system/kustomize-controller").dependsOn)).toEqual([
            "flux-record",
            "flux:flux-system",
            "flux:gitrepositories.source.toolkit.fluxcd.io",
            "flux:kustomizations.kustomize.toolkit.fluxcd.io",
        ]);
    });

    it("creates the flux-system GitRepository and Kustomization, valid against the upstream CRDs", async () => {
        bootstrap(manifests({ prune: false, interval: "2m", path: "./clusters/dev/dev-a/" }));
        await settle();
        const repo = one(T.gitRepository);
        const ks = one(T.kustomization);
        expect(repo.name).toBe("flux-gitrepository");
        expect(ks.name).toBe("flux-kustomization");
        expect(object(repo)).toEqual({
            apiVersion: "source.toolkit.fluxcd.io/v1",
            kind: "GitRepository",
            metadata: { name: "flux-system", namespace: "flux-system" },
            spec: { interval: "2m", ref: { branch: "main" }, secretRef: { name: "flux-system" }, url: SSH_URL },
        });
        expect(object(ks)).toEqual({
            apiVersion: "kustomize.toolkit.fluxcd.io/v1",
            kind: "Kustomization",
            metadata: { name: "flux-system", namespace: "flux-system" },
            spec: {
                interval: "10m0s",
                path: "./clusters/dev/dev-a",
                prune: false,
                sourceRef: { kind: "GitRepository", name: "flux-system" },
            },
        });
        expect(schemaErrors(object(repo))).toEqual([]);
        expect(schemaErrors(object(ks))).toEqual([]);
        expect(ofType(recorded, T.instance)).toEqual([]);
    });

    it("hardens the controllers, drops the NetworkPolicies, moves the images, and writes the same into Git files", async () => {
        const fb = bootstrap(
            manifests({
                noCrossNamespaceRefs: true,
                noRemoteBases: true,
                defaultServiceAccount: "flux-tenant",
                networkPolicies: false,
                registry: "hauler.example.internal/fluxcd",
            }),
        );
        await settle();
        const kc = ofType(recorded, T.deployment).find((d) => d.name === "flux:flux-system/kustomize-controller")!;
        const container = kc.inputs.spec.template.spec.containers[0];
        expect(container.image).toBe("hauler.example.internal/fluxcd/kustomize-controller:v1.7.0");
        expect(container.args.slice(-3)).toEqual([
            "--no-cross-namespace-refs=true",
            "--no-remote-bases=true",
            "--default-service-account=flux-tenant",
        ]);
        expect(ofType(recorded, T.networkPolicy)).toEqual([]);
        const ks = one(T.kustomization);
        expect(ks.inputs.spec.serviceAccountName).toBe("kustomize-controller");
        expect(schemaErrors(object(ks))).toEqual([]);

        const files = await valueOf(fb.gitFiles);
        const kustomization = YAML.parse(files["clusters/dev/dev-a/flux-system/kustomization.yaml"]);
        expect(kustomization.resources).toEqual(["gotk-components.yaml", "gotk-sync.yaml"]);
        expect(kustomization.patches).toHaveLength(5); // three flags, two NetworkPolicy deletes
        expect(kustomization.images).toContainEqual({
            name: "ghcr.io/fluxcd/kustomize-controller",
            newName: "hauler.example.internal/fluxcd/kustomize-controller",
        });
        const sync = YAML.parseAllDocuments(files["clusters/dev/dev-a/flux-system/gotk-sync.yaml"]).map((d) =>
            d.toJSON(),
        );
        expect(sync).toEqual([object(one(T.gitRepository)), object(ks)]);
    });

    it("wires the destroy order: cleanup first, then the sync objects, the Secret, and the install", async () => {
        bootstrap(manifests());
        await settle();
        const cmd = one(T.command);
        expect(cmd.inputs.delete).toBe(buildFluxUninstallScript());
        expect(cmd.inputs.interpreter).toEqual(["/bin/sh", "-c"]);
        expect(isSecretValue(cmd.inputs.environment)).toBe(true);
        expect(unwrapSecrets(cmd.inputs.environment)).toEqual({ DROVER_KUBECONFIG: KUBECONFIG });
        expect(optionsOf("flux-uninstall").additionalSecretOutputs).toEqual(["environment"]);

        const installNames = recorded.filter((r) => r.name.startsWith("flux:")).map((r) => r.name);
        expect(installNames).toHaveLength(13);
        const depsOf = async (n: string) => (await dependencyNames(optionsOf(n).dependsOn)).sort();
        const sorted = (xs: string[]) => [...xs].sort();
        expect(await depsOf("flux-source")).toEqual(sorted([...installNames, "flux-record"]));
        expect(await depsOf("flux-gitrepository")).toEqual(sorted([...installNames, "flux-source"]));
        expect(await depsOf("flux-kustomization")).toEqual(
            sorted([...installNames, "flux-source", "flux-gitrepository"]),
        );
        expect(await depsOf("flux-uninstall")).toEqual(
            sorted([...installNames, "flux-source", "flux-gitrepository", "flux-kustomization"]),
        );
    });

    it("fetches the manifest from a file server and registers everything else only after it", async () => {
        const srv = await serve({ "/flux/v2.7.0/install.yaml": { body: FLUX_INSTALL, delayMs: 100 } });
        try {
            bootstrap(
                manifests({
                    installManifest: `${srv.url}/flux/v2.7.0/install.yaml`,
                    manifestSha256: sha256Hex(FLUX_INSTALL),
                }),
            );
            await waitFor(() => ofType(recorded, T.command).length === 1, "the cleanup command");
            const order = recorded.map((r) => r.name);
            const lastInstall = Math.max(...order.map((n, i) => (n.startsWith("flux:") ? i : -1)));
            for (const n of ["flux-source", "flux-gitrepository", "flux-kustomization", "flux-uninstall"]) {
                expect(order.indexOf(n)).toBeGreaterThan(lastInstall);
            }
            expect(srv.hits).toEqual(["/flux/v2.7.0/install.yaml"]);
        } finally {
            await srv.close();
        }
    });
});

describe("FluxBootstrap ownership and lifecycle", () => {
    it("applies every setting it owns (nothing ignored), forcing its fields over Flux's, after the bootstrap record", async () => {
        bootstrap({ ...ssh, mode: "manifests", installManifest: installPath, kubeconfig: KUBECONFIG });
        await settle();
        const fluxObjects = recorded.filter((r) => r.type.startsWith("kubernetes:") && r.type !== T.secret);
        expect(fluxObjects.length).toBeGreaterThan(10);
        for (const r of fluxObjects) {
            expect([r.name, r.inputs.metadata.annotations?.[PATCH_FORCE_KEY]]).toEqual([r.name, "true"]);
        }
        for (const s of seen.filter((x) => x.type.startsWith("kubernetes:"))) {
            expect([s.name, s.opts.ignoreChanges]).toEqual([s.name, undefined]);
        }
        // The source Secret is drover's alone: no force needed.
        expect(one(T.secret).inputs.metadata.annotations).toBeUndefined();
        const rec = one(T.record);
        expect(rec.inputs).toMatchObject({ resourceName: "flux", mode: "manifests", path: "clusters/dev/dev-a" });
        expect(Object.keys(rec.inputs.fixes).sort()).toEqual(["mode", "path"]);
    });

    it("with retainOnDelete leaves every Kubernetes object in place and needs no cleanup", async () => {
        bootstrap({ ...ssh, mode: "manifests", installManifest: installPath, retainOnDelete: true });
        await settle();
        expect(ofType(recorded, T.command)).toEqual([]);
        const k8sChildren = seen.filter((x) => x.type.startsWith("kubernetes:"));
        expect(k8sChildren.length).toBeGreaterThan(10);
        for (const s of k8sChildren) {
            expect([s.name, s.opts.retainOnDelete]).toEqual([s.name, true]);
        }
    });
});

describe("FluxBootstrap, authentication", () => {
    it("generates an ED25519 deploy key on request", async () => {
        bootstrap({ ...ssh, operatorManifest: operatorPath, sshKeyAlgorithm: "ed25519" });
        await settle();
        expect(one(T.key).inputs).toEqual({ algorithm: "ED25519" });
    });

    it.each([
        ["PEM ECDSA", sshKeygen("ecdsa", "pem")],
        ["OpenSSH ED25519", sshKeygen("ed25519", "openssh")],
        ["OpenSSH RSA", sshKeygen("rsa", "openssh")],
    ])("uses a given %s private key, kept secret, and derives its public half locally", async (_f, pair) => {
        const fb = bootstrap({ ...ssh, operatorManifest: operatorPath, sshPrivateKey: pair.privateKey });
        await settle();
        expect(ofType(recorded, T.key)).toEqual([]);
        // No provider call: the public half is computed in-process, so it is known at preview.
        expect(calls.filter((c) => c.token.startsWith("tls:"))).toEqual([]);
        const secret = one(T.secret);
        expect(isSecretValue(secret.inputs.data)).toBe(true);
        expect(decoded(secret)).toEqual({
            identity: pair.privateKey,
            "identity.pub": pair.publicKey,
            known_hosts: KNOWN_HOSTS,
        });
        expect(await valueOf(fb.deployKey)).toBe(pair.publicKey);
        expect(await pulumi.isSecret(fb.deployKey)).toBe(false);
    });

    it("uses a token over https, secret in the Secret and classified as secret for policies", async () => {
        const fb = bootstrap({
            gitUrl: HTTPS_URL,
            path: "clusters/dev/dev-a",
            version: "v2.7.0",
            mode: "manifests",
            installManifest: installPath,
            kubeconfig: KUBECONFIG,
            httpsToken: pulumi.secret("glpat-s3cr3t"),
        });
        await settle();
        expect(ofType(recorded, T.key)).toEqual([]);
        const secret = one(T.secret);
        expect(isSecretValue(secret.inputs.data)).toBe(true);
        expect(decoded(secret)).toEqual({ username: "git", password: "glpat-s3cr3t" });
        expect(one(T.gitRepository).inputs.spec.secretRef).toEqual({ name: "flux-system" });
        const settings = one(T.component).inputs.settings;
        expect(settings).toMatchObject({ auth: "https", knownHostsPinned: false, httpsCredentials: "secret" });
        expect(JSON.stringify(settings)).not.toContain("s3cr3t");
        expect(await valueOf(fb.deployKey)).toBe("");
        expect(await valueOf(fb.knownHostsFingerprint)).toBe("");
    });

    it("takes basic credentials and a CA over https in mode operator, and flags a plain-text password", async () => {
        const ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        bootstrap({
            gitUrl: HTTPS_URL,
            path: "clusters/dev/dev-a",
            version: "v2.7.0",
            operatorManifest: operatorPath,
            httpsUsername: "flux-bot",
            httpsPassword: "hunter2",
            caCert: ca,
        });
        await settle();
        const secret = one(T.secret);
        expect(isSecretValue(secret.inputs.data)).toBe(true);
        expect(decoded(secret)).toEqual({ username: "flux-bot", password: "hunter2", "ca.crt": ca });
        expect(one(T.instance).inputs.spec.sync.pullSecret).toBe("flux-system");
        expect(one(T.component).inputs.settings.httpsCredentials).toBe("plaintext");
    });

    it("needs no Secret for a public https repository", async () => {
        const fb = bootstrap({
            gitUrl: HTTPS_URL,
            path: "clusters/dev/dev-a",
            version: "v2.7.0",
            operatorManifest: operatorPath,
        });
        await settle();
        expect(ofType(recorded, T.secret)).toEqual([]);
        expect(one(T.instance).inputs.spec.sync).not.toHaveProperty("pullSecret");
        expect(schemaErrors(object(one(T.instance)))).toEqual([]);
        expect(await valueOf(fb.secretName)).toBe("");
    });

    it("records a Git URL given as a secret Output without credentials and without secrecy", async () => {
        bootstrap({
            ...ssh,
            gitUrl: pulumi.secret(`ssh://git:pw@git.example.internal/platform/fleet.git`),
            operatorManifest: operatorPath,
        });
        await settle();
        const settings = one(T.component).inputs.settings;
        expect(isSecretValue(settings.gitUrl)).toBe(false);
        expect(settings.gitUrl).toBe(SSH_URL);
    });
});
