import { API, FLUX } from "./constants";
import { KustomizePatch } from "./hardening";

/** Everything the sync objects are built from, with every value known. */
export interface FluxSyncSpec {
    gitUrl: string;
    branch: string;
    /** Repository path of the cluster's config, without "./" or a trailing "/". */
    path: string;
    interval: string;
    prune: boolean;
    /** Name of the source Secret; absent for a public https repository. */
    secretName?: string;
    /** Run the `flux-system` Kustomization as this service account (set with a default service account). */
    serviceAccountName?: string;
}

/** Normalises a repository path: no leading "./", no trailing "/"; the root is "". */
export function normalizeRepoPath(p: string): string {
    const t = p
        .trim()
        .replace(/^(\.\/)+/, "")
        .replace(/\/+$/, "");
    return t === "." ? "" : t;
}

const META = { name: FLUX.syncName, namespace: FLUX.namespace };

/** The `flux-system` GitRepository, as `flux bootstrap` writes it (fluxcd/flux2 pkg/manifestgen/sync). */
export function buildGitRepository(s: FluxSyncSpec) {
    return {
        apiVersion: API.gitRepository,
        kind: "GitRepository",
        metadata: { ...META },
        spec: {
            interval: s.interval,
            ref: { branch: s.branch },
            ...(s.secretName !== undefined ? { secretRef: { name: s.secretName } } : {}),
            url: s.gitUrl,
        },
    };
}

/** The `flux-system` Kustomization, as `flux bootstrap` writes it (interval fixed at 10m0s). */
export function buildKustomization(s: FluxSyncSpec) {
    return {
        apiVersion: API.kustomization,
        kind: "Kustomization",
        metadata: { ...META },
        spec: {
            interval: FLUX.kustomizationInterval,
            path: s.path === "" ? "./" : `./${s.path}`,
            prune: s.prune,
            ...(s.serviceAccountName !== undefined ? { serviceAccountName: s.serviceAccountName } : {}),
            sourceRef: { kind: "GitRepository", name: FLUX.syncName },
        },
    };
}

/** Everything the FluxInstance is built from. */
export interface FluxInstanceSpec {
    /** Flux version without the "v" (the operator takes a semver version or range). */
    version: string;
    registry: string;
    cluster: Record<string, unknown>;
    patches: KustomizePatch[];
    sync: FluxSyncSpec;
}

/**
 * The `fluxcd.controlplane.io/v1 FluxInstance` named `flux` (flux-operator docs/api/v1/fluxinstance.md). Its `sync`
 * makes the operator create the `flux-system` GitRepository and Kustomization itself (prune is always on there).
 */
export function buildFluxInstance(s: FluxInstanceSpec) {
    return {
        apiVersion: API.fluxInstance,
        kind: "FluxInstance",
        metadata: { name: FLUX.instanceName, namespace: FLUX.namespace },
        spec: {
            distribution: {
                version: s.version,
                registry: s.registry,
                // The operator needs the image variant spelled out for any registry but the upstream one.
                ...(s.registry !== FLUX.registry ? { variant: "upstream-alpine" } : {}),
            },
            cluster: { ...s.cluster },
            ...(s.patches.length > 0 ? { kustomize: { patches: s.patches.map((p) => ({ ...p })) } } : {}),
            sync: {
                kind: "GitRepository",
                url: s.sync.gitUrl,
                ref: `refs/heads/${s.sync.branch}`,
                path: s.sync.path === "" ? "./" : s.sync.path,
                interval: s.sync.interval,
                ...(s.sync.secretName !== undefined ? { pullSecret: s.sync.secretName } : {}),
            },
        },
    };
}

/** Plain (not yet base64) data of the source Secret (source-controller docs/spec/v1/gitrepositories.md). */
export type SourceSecretData = Record<string, string>;

/** SSH source Secret data: `identity`, `identity.pub`, `known_hosts`. */
export function fluxSshSecretData(privateKey: string, publicKey: string, knownHosts: string): SourceSecretData {
    return {
        identity: privateKey.endsWith("\n") ? privateKey : `${privateKey}\n`,
        "identity.pub": publicKey.trim(),
        known_hosts: knownHosts.trim(),
    };
}

/** HTTPS source Secret data: `username`/`password` (a token goes in `password`), and `ca.crt`. */
export function fluxHttpsSecretData(creds: {
    username?: string;
    password?: string;
    caCert?: string;
}): SourceSecretData {
    const data: SourceSecretData = {};
    if (creds.password !== undefined) {
        data.username = creds.username ?? "git";
        data.password = creds.password;
    }
    if (creds.caCert !== undefined) {
        data["ca.crt"] = creds.caCert.trim();
    }
    return data;
}
