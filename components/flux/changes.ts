import { FluxBootstrapArgs } from "./args";

/**
 * What a change of a {@link FluxBootstrapArgs} field does after the first `pulumi up`:
 * - `applied`: the next `up` brings the cluster to the new value (or, for drover's own options, drover's state), and a
 *   preview shows it as an update of the objects that carry it;
 * - `fixed`: the value cannot change once Flux is bootstrapped; a change fails at preview with a {@link
 *   DroverInputError}-formatted message that names the field, the old and the new value, and the fix.
 */
export type FluxChangeClass = "applied" | "fixed";

export interface FluxChange {
    class: FluxChangeClass;
    /** What the next `up` does with a new value, or, for a fixed field, how to change it instead. */
    effect: string;
}

/**
 * Every FluxBootstrap argument, classified. The mapped type makes a missing or unknown key a compile error, and a
 * unit test checks the same against the argument schema and the stack config's `drover:flux` block, so a field added
 * later cannot be silently ignored on day 2.
 */
export const FLUX_CHANGES: { [K in keyof Required<FluxBootstrapArgs>]: FluxChange } = {
    gitUrl: {
        class: "applied",
        effect: "updates the FluxInstance `sync.url` (operator) or the GitRepository `url` (manifests), and the source Secret when the auth kind changes",
    },
    branch: {
        class: "applied",
        effect: "updates the FluxInstance `sync.ref` (operator) or the GitRepository `ref.branch` (manifests)",
    },
    path: {
        class: "fixed",
        effect: "`flux bootstrap` refuses a new path too: move the cluster's directory in Git, then re-bootstrap (remove the FluxBootstrap with `retainOnDelete: true`, `up`, add it back with the new path, `up`)",
    },
    version: {
        class: "applied",
        effect: "upgrades Flux: the FluxInstance `distribution.version` (operator), or every object of the new install manifest, which must be given with it (manifests)",
    },
    mode: {
        class: "fixed",
        effect: "switching between the Flux Operator and install manifests reinstalls Flux: remove the FluxBootstrap with `retainOnDelete: true`, uninstall Flux (`flux uninstall --keep-namespace`), then add it back in the new mode",
    },
    interval: {
        class: "applied",
        effect: "updates the FluxInstance `sync.interval` (operator) or the GitRepository `interval` (manifests)",
    },
    prune: { class: "applied", effect: "updates the Kustomization `prune` (manifests; always true in operator mode)" },
    installManifest: {
        class: "applied",
        effect: "applies the new manifest's objects and deletes the objects it no longer has, or with `retainOnDelete` leaves them on the cluster (manifests)",
    },
    operatorVersion: {
        class: "applied",
        effect: "applies the default operator manifest of the new release (operator)",
    },
    operatorManifest: {
        class: "applied",
        effect: "applies the new manifest's objects and deletes the objects it no longer has, or with `retainOnDelete` leaves them on the cluster (operator)",
    },
    manifestSha256: {
        class: "applied",
        effect: "checked against the manifest at the next `up`; nothing on the cluster changes",
    },
    registry: {
        class: "applied",
        effect: "updates the FluxInstance `distribution.registry` (operator) or the controller images (manifests)",
    },
    knownHosts: {
        class: "applied",
        effect: "updates the source Secret's `known_hosts`; Flux reads it at the next sync",
    },
    sshKeyAlgorithm: {
        class: "applied",
        effect: "generates a new deploy key and updates the source Secret; register the new `deployKey` output on the Git host",
    },
    sshPrivateKey: {
        class: "applied",
        effect: "updates the source Secret (key rotation); register the new `deployKey` output on the Git host",
    },
    httpsToken: { class: "applied", effect: "updates the source Secret's `password`" },
    httpsUsername: { class: "applied", effect: "updates the source Secret's `username`" },
    httpsPassword: { class: "applied", effect: "updates the source Secret's `password`" },
    caCert: { class: "applied", effect: "updates the source Secret's `ca.crt`" },
    noCrossNamespaceRefs: {
        class: "applied",
        effect: "updates the controllers' flags: the FluxInstance `kustomize.patches` (operator) or the Deployments (manifests)",
    },
    noRemoteBases: {
        class: "applied",
        effect: "updates kustomize-controller's flags: the FluxInstance `kustomize.patches` (operator) or its Deployment (manifests)",
    },
    defaultServiceAccount: {
        class: "applied",
        effect: "updates the controllers' flags and the Kustomization's `serviceAccountName`",
    },
    networkPolicies: {
        class: "applied",
        effect: "updates the FluxInstance `cluster.networkPolicy` (operator), or creates or deletes the NetworkPolicies (manifests)",
    },
    retainOnDelete: { class: "applied", effect: "recorded in drover's state; decides what the next destroy leaves" },
    kubeconfig: { class: "applied", effect: "recorded in drover's state; used by the next destroy's clean-up" },
};

/** The fields a change of which is refused after bootstrap. */
export const FLUX_FIXED_FIELDS = (Object.keys(FLUX_CHANGES) as Array<keyof FluxBootstrapArgs>).filter(
    (k) => FLUX_CHANGES[k].class === "fixed",
) as Array<"mode" | "path">;
