/** Names and defaults Flux and the Flux Operator fix, with where they come from. */
export const FLUX = {
    /** Namespace of a bootstrapped Flux (fluxcd/flux2 manifests/install; the operator's install.yaml). */
    namespace: "flux-system",
    /** Name of the source Secret and of both sync objects, as `flux bootstrap` names them (pkg/manifestgen/sync). */
    syncName: "flux-system",
    /** The FluxInstance must be named `flux` (flux-operator api/v1/fluxinstance_types.go). */
    instanceName: "flux",
    /** Default image registry of the Flux controllers. */
    registry: "ghcr.io/fluxcd",
    /** Interval of the `flux-system` GitRepository (`flux bootstrap`'s default). */
    interval: "1m0s",
    /** Interval of the `flux-system` Kustomization: fixed by `flux bootstrap` and by the operator. */
    kustomizationInterval: "10m0s",
    /** Branch `flux bootstrap` and the Terraform provider default to. */
    branch: "main",
    /** Service account the `flux-system` Kustomization runs as when a default service account is set (multitenancy docs). */
    reconcilerServiceAccount: "kustomize-controller",
} as const;

/** API versions of the objects drover writes (schemas in ../shared/schemas). */
export const API = {
    gitRepository: "source.toolkit.fluxcd.io/v1",
    kustomization: "kustomize.toolkit.fluxcd.io/v1",
    fluxInstance: "fluxcd.controlplane.io/v1",
} as const;

/**
 * The Flux Operator release drover pins by default; its FluxInstance CRD is the one drover's objects are checked
 * against (controlplaneio-fluxcd/flux-operator config/crd/bases at this tag).
 */
export const DEFAULT_FLUX_OPERATOR_VERSION = "v0.58.1";

/** Where `flux install` manifests are published for a release (fluxcd/flux2 release assets). */
export function fluxInstallUrl(version: string): string {
    return `https://github.com/fluxcd/flux2/releases/download/${version}/install.yaml`;
}

/** Where the Flux Operator's install manifest is published for a release. */
export function fluxOperatorInstallUrl(version: string): string {
    return `https://github.com/controlplaneio-fluxcd/flux-operator/releases/download/${version}/install.yaml`;
}

/** Controllers that take `--no-cross-namespace-refs` (fluxcd/website security best practices; operator profiles.go). */
export const CROSS_NAMESPACE_CONTROLLERS = [
    "kustomize-controller",
    "helm-controller",
    "notification-controller",
    "image-reflector-controller",
    "image-automation-controller",
] as const;

/** Controllers that take `--default-service-account`. */
export const SERVICE_ACCOUNT_CONTROLLERS = ["kustomize-controller", "helm-controller"] as const;

/** The only controller that takes `--no-remote-bases`. */
export const REMOTE_BASES_CONTROLLER = "kustomize-controller";

/** API groups of Flux's and the operator's custom resources; their finalizers are removed on uninstall. */
export const FLUX_API_GROUP_SUFFIXES = ["toolkit.fluxcd.io", "fluxcd.controlplane.io"] as const;
