import * as YAML from "yaml";
import { manifestsGitFiles, operatorGitFiles } from "../../../components/flux/gitFiles";
import { FluxHardening, fluxInstanceHardening } from "../../../components/flux/hardening";
import {
    buildFluxInstance,
    buildGitRepository,
    buildKustomization,
    fluxHttpsSecretData,
    fluxSshSecretData,
    FluxSyncSpec,
    normalizeRepoPath,
} from "../../../components/flux/syncManifest";
import { schemaErrors } from "../../support/schemas";
import { SSH_URL } from "./fixtures";

const sync: FluxSyncSpec = {
    gitUrl: SSH_URL,
    branch: "main",
    path: "clusters/dev/dev-a",
    interval: "1m0s",
    prune: true,
    secretName: "flux-system",
};

describe("GitRepository and Kustomization (mode manifests)", () => {
    it("are built as flux bootstrap writes them, and are valid against the upstream CRDs", () => {
        const repo = buildGitRepository(sync);
        const ks = buildKustomization(sync);
        expect(repo).toEqual({
            apiVersion: "source.toolkit.fluxcd.io/v1",
            kind: "GitRepository",
            metadata: { name: "flux-system", namespace: "flux-system" },
            spec: { interval: "1m0s", ref: { branch: "main" }, secretRef: { name: "flux-system" }, url: SSH_URL },
        });
        expect(ks).toEqual({
            apiVersion: "kustomize.toolkit.fluxcd.io/v1",
            kind: "Kustomization",
            metadata: { name: "flux-system", namespace: "flux-system" },
            spec: {
                interval: "10m0s",
                path: "./clusters/dev/dev-a",
                prune: true,
                sourceRef: { kind: "GitRepository", name: "flux-system" },
            },
        });
        expect(schemaErrors(repo)).toEqual([]);
        expect(schemaErrors(ks)).toEqual([]);
    });

    it("leaves out the secretRef for a public repository and sets the service account and prune when asked", () => {
        const s = {
            ...sync,
            secretName: undefined,
            prune: false,
            serviceAccountName: "kustomize-controller",
            path: "",
        };
        const repo = buildGitRepository(s);
        const ks = buildKustomization(s);
        expect(repo.spec).not.toHaveProperty("secretRef");
        expect(ks.spec).toMatchObject({ prune: false, serviceAccountName: "kustomize-controller", path: "./" });
        expect(schemaErrors(repo)).toEqual([]);
        expect(schemaErrors(ks)).toEqual([]);
    });

    it("is caught by the schema check when a field is wrong (the check can fail)", () => {
        const repo = buildGitRepository({ ...sync, interval: "1 minute" });
        expect(schemaErrors(repo)).toEqual(['/spec/interval must match pattern "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"']);
    });
});

describe("normalizeRepoPath", () => {
    it.each([
        ["clusters/dev", "clusters/dev"],
        ["./clusters/dev/", "clusters/dev"],
        ["././x//", "x"],
        ["./", ""],
        [".", ""],
    ])("%s → %s", (p, expected) => {
        expect(normalizeRepoPath(p)).toBe(expected);
    });
});

const hardenings: Array<[string, FluxHardening]> = [
    ["no hardening", { noCrossNamespaceRefs: false, noRemoteBases: false, networkPolicies: true }],
    [
        "the multitenant profile",
        { noCrossNamespaceRefs: true, noRemoteBases: true, defaultServiceAccount: "default", networkPolicies: false },
    ],
    [
        "single flags as patches",
        { noCrossNamespaceRefs: true, noRemoteBases: false, defaultServiceAccount: "t", networkPolicies: true },
    ],
];

describe("FluxInstance (mode operator)", () => {
    it("syncs the repository through the operator, named flux in flux-system", () => {
        const i = buildFluxInstance({
            version: "2.7.0",
            registry: "ghcr.io/fluxcd",
            cluster: { networkPolicy: true },
            patches: [],
            sync,
        });
        expect(i).toEqual({
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
        expect(schemaErrors(i)).toEqual([]);
    });

    it.each(hardenings)("is valid against the upstream CRD with %s", (_name, h) => {
        const { cluster, patches } = fluxInstanceHardening(h);
        const i = buildFluxInstance({ version: "2.7.0", registry: "ghcr.io/fluxcd", cluster, patches, sync });
        expect(schemaErrors(i)).toEqual([]);
    });

    it("names the image variant for a mirror registry and leaves out the pull secret for a public repository", () => {
        const i = buildFluxInstance({
            version: "2.7.0",
            registry: "hauler.example.internal/fluxcd",
            cluster: { networkPolicy: true },
            patches: [],
            sync: { ...sync, secretName: undefined },
        });
        expect(i.spec.distribution).toEqual({
            version: "2.7.0",
            registry: "hauler.example.internal/fluxcd",
            variant: "upstream-alpine",
        });
        expect(i.spec.sync).not.toHaveProperty("pullSecret");
        expect(schemaErrors(i)).toEqual([]);
    });
});

describe("source Secret data", () => {
    it("has identity, identity.pub and known_hosts for SSH", () => {
        expect(
            fluxSshSecretData("-----BEGIN KEY-----\nx\n-----END KEY-----", "ecdsa-sha2-nistp384 AAAA\n", "h k v\n"),
        ).toEqual({
            identity: "-----BEGIN KEY-----\nx\n-----END KEY-----\n",
            "identity.pub": "ecdsa-sha2-nistp384 AAAA",
            known_hosts: "h k v",
        });
    });

    it("puts a token in password with the user git, and the CA in ca.crt", () => {
        expect(fluxHttpsSecretData({ password: "tok" })).toEqual({ username: "git", password: "tok" });
        expect(fluxHttpsSecretData({ username: "bot", password: "pw", caCert: "PEM\n" })).toEqual({
            username: "bot",
            password: "pw",
            "ca.crt": "PEM",
        });
        expect(fluxHttpsSecretData({ caCert: "PEM" })).toEqual({ "ca.crt": "PEM" });
    });
});

describe("files for Git", () => {
    it("mode manifests: gotk-sync.yaml holds the same objects, kustomization.yaml the hardening and images", () => {
        const repo = buildGitRepository(sync);
        const ks = buildKustomization(sync);
        const patch = { target: { kind: "Deployment", name: "(kustomize-controller)" }, patch: "- op: add\n" };
        const files = manifestsGitFiles("clusters/dev/dev-a", [repo, ks], [patch], [{ name: "a", newName: "b" }]);
        expect(Object.keys(files)).toEqual([
            "clusters/dev/dev-a/flux-system/gotk-sync.yaml",
            "clusters/dev/dev-a/flux-system/kustomization.yaml",
        ]);
        expect(
            YAML.parseAllDocuments(files["clusters/dev/dev-a/flux-system/gotk-sync.yaml"]).map((d) => d.toJSON()),
        ).toEqual([repo, ks]);
        expect(YAML.parse(files["clusters/dev/dev-a/flux-system/kustomization.yaml"])).toEqual({
            apiVersion: "kustomize.config.k8s.io/v1beta1",
            kind: "Kustomization",
            resources: ["gotk-components.yaml", "gotk-sync.yaml"],
            patches: [patch],
            images: [{ name: "a", newName: "b" }],
        });
    });

    it("mode operator: flux-instance.yaml holds the FluxInstance", () => {
        const i = buildFluxInstance({ version: "2.7.0", registry: "ghcr.io/fluxcd", cluster: {}, patches: [], sync });
        const files = operatorGitFiles("", i);
        expect(Object.keys(files)).toEqual(["flux-system/flux-instance.yaml"]);
        expect(YAML.parse(files["flux-system/flux-instance.yaml"])).toEqual(i);
    });
});
