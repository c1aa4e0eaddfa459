import * as pulumi from "@pulumi/pulumi";

/**
 * Arguments of {@link FluxBootstrap}. Fields that decide which objects exist (mode, manifests, hardening, lifecycle)
 * are plain values, known when the program runs; the rest may be Outputs.
 */
export interface FluxBootstrapArgs {
    /** The fleet repository: `ssh://user@host[:port]/path` (scp-like `git@host:path` is not accepted) or `https://host/path`. */
    gitUrl: pulumi.Input<string>;
    /** Branch Flux follows. @default "main" */
    branch?: pulumi.Input<string>;
    /** Path of this cluster's config in the repository, e.g. `clusters/dev/dev-a`. */
    path: pulumi.Input<string>;
    /** The Flux version, pinned, e.g. `v2.7.0`. */
    version: string;
    /** `operator` (the Flux Operator and a FluxInstance) or `manifests` (Flux's install.yaml and the sync objects). @default "operator" */
    mode?: string;
    /** How often the GitRepository checks Git. The Kustomization keeps `flux bootstrap`'s 10m0s. @default "1m0s" */
    interval?: pulumi.Input<string>;
    /** Let the `flux-system` Kustomization delete what disappears from Git. Always true in mode `operator`. @default true */
    prune?: boolean;

    /** Mode `manifests`: Flux's `install.yaml`, as an http(s) URL or a local path (air gap; relative to the working directory). @default - the release's install.yaml on GitHub for `version` */
    installManifest?: string;
    /** Mode `operator`: the Flux Operator release used for the default `operatorManifest`. @default "v0.58.1" */
    operatorVersion?: string;
    /** Mode `operator`: the Flux Operator's `install.yaml`, as an http(s) URL or a local path (air gap; relative to the working directory). @default - the release's install.yaml on GitHub for `operatorVersion` */
    operatorManifest?: string;
    /** SHA-256 (hex) of the install manifest used; required for a plain http:// URL. @default - not checked */
    manifestSha256?: string;
    /** Registry of the Flux controller images, e.g. a Hauler mirror (images `ghcr.io/fluxcd/<name>` move to `<registry>/<name>`). @default "ghcr.io/fluxcd" */
    registry?: string;

    /** SSH: the Git host's public key(s) in known_hosts format, one key per line (ecdsa-sha2-nistp256 first). Never scanned. @default - none; required for an ssh:// gitUrl */
    knownHosts?: pulumi.Input<string>;
    /** SSH: `ecdsa-p384` or `ed25519`, for the deploy key drover generates. @default "ecdsa-p384" */
    sshKeyAlgorithm?: string;
    /** SSH: an existing private key (PEM or OpenSSH, no passphrase) to use instead of a generated one; pass it as a secret. @default - drover generates a key */
    sshPrivateKey?: pulumi.Input<string>;

    /** HTTPS: an access token, sent as the password; pass it as a secret. @default - no token */
    httpsToken?: pulumi.Input<string>;
    /** HTTPS: the user name for `httpsPassword` or `httpsToken`. @default "git" with a token */
    httpsUsername?: pulumi.Input<string>;
    /** HTTPS: a password; pass it as a secret. @default - no password */
    httpsPassword?: pulumi.Input<string>;
    /** HTTPS: PEM CA certificate of the Git host (Secret key `ca.crt`). @default - the system trust store */
    caCert?: pulumi.Input<string>;

    /** Hardening: `--no-cross-namespace-refs=true` on the controllers. @default false */
    noCrossNamespaceRefs?: boolean;
    /** Hardening: `--no-remote-bases=true` on kustomize-controller. @default false */
    noRemoteBases?: boolean;
    /** Hardening: `--default-service-account` for kustomize- and helm-controller; `flux-system` then runs as kustomize-controller. @default - none */
    defaultServiceAccount?: string;
    /** Keep the NetworkPolicies that isolate the flux-system namespace. @default true */
    networkPolicies?: boolean;

    /** Leave Flux installed when this component is deleted. @default false */
    retainOnDelete?: boolean;
    /** Kubeconfig of the cluster, used only on destroy to stop Flux and remove its finalizers (needs `kubectl`). Required in mode `manifests` unless `retainOnDelete`. @default - none; in mode `operator` the operator uninstalls Flux */
    kubeconfig?: pulumi.Input<string>;
}

/** The two install modes. */
export const FLUX_MODES = ["operator", "manifests"] as const;
export type FluxMode = (typeof FLUX_MODES)[number];

/** The two deploy key algorithms drover generates. */
export const FLUX_SSH_KEY_ALGORITHMS = ["ecdsa-p384", "ed25519"] as const;

/** `ssh` or `https`, from the Git URL when it is known, else from which credentials were given. */
export function authOf(args: FluxBootstrapArgs): "ssh" | "https" {
    if (typeof args.gitUrl === "string") {
        const url = args.gitUrl.trim();
        if (/^https?:\/\//i.test(url)) {
            return "https";
        }
        if (/^ssh:\/\//i.test(url) || /^[^/]+@[^/]+:/.test(url)) {
            return "ssh";
        }
    }
    return args.knownHosts !== undefined || args.sshPrivateKey !== undefined ? "ssh" : "https";
}
