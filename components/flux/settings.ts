import * as pulumi from "@pulumi/pulumi";
import { authOf, FluxBootstrapArgs, FluxMode } from "./args";
import { FLUX } from "./constants";
import { FluxHardening } from "./hardening";
import { redactGitUrl } from "./gitUrl";
import { normalizeRepoPath } from "./syncManifest";

/**
 * The non-secret summary of a FluxBootstrap's validated settings, registered as the component's own properties so
 * CrossGuard policies can check it (the policy contract shared with the RKE2, Rancher and policy-pack layers).
 */
export interface FluxSettings {
    mode: FluxMode;
    version: string;
    /** Never with credentials. */
    gitUrl: pulumi.Input<string>;
    auth: "ssh" | "https";
    knownHostsPinned: boolean;
    /** How the https password or token was passed: as a secret Output, as plain text, or not at all. */
    httpsCredentials: pulumi.Input<"secret" | "plaintext" | "none">;
    interval: pulumi.Input<string>;
    prune: boolean;
    path: pulumi.Input<string>;
    branch: pulumi.Input<string>;
    hardening: FluxHardening;
}

/** `v2.7.0` for `2.7.0` or `v2.7.0`. */
export function withV(version: string): string {
    return version.startsWith("v") ? version : `v${version}`;
}

/** The hardening switches with their defaults applied. */
export function hardeningOf(args: FluxBootstrapArgs): FluxHardening {
    return {
        noCrossNamespaceRefs: args.noCrossNamespaceRefs ?? false,
        noRemoteBases: args.noRemoteBases ?? false,
        ...(args.defaultServiceAccount !== undefined ? { defaultServiceAccount: args.defaultServiceAccount } : {}),
        networkPolicies: args.networkPolicies ?? true,
    };
}

/** "secret" when the value is a secret Output, else "plaintext"; the value itself never leaves this function. */
function secrecy(v: pulumi.Input<string>): pulumi.Output<"secret" | "plaintext"> {
    return pulumi.output(pulumi.isSecret(pulumi.output(v)).then((s) => (s ? "secret" : "plaintext")));
}

/** Applies `f` now to a plain string, or later to an Output (dropping secretness: settings are never secret). */
function mapInput(v: pulumi.Input<string>, f: (s: string) => string): pulumi.Input<string> {
    return typeof v === "string" ? f(v) : pulumi.unsecret(pulumi.output(v).apply(f));
}

/** Builds the settings summary. Every value is non-secret: URLs lose credentials, secrets are only classified. */
export function buildSettings(args: FluxBootstrapArgs): FluxSettings {
    const auth = authOf(args);
    const mode: FluxMode = args.mode === "manifests" ? "manifests" : "operator";
    const password = args.httpsToken ?? args.httpsPassword;
    return {
        mode,
        version: withV(args.version),
        gitUrl: mapInput(args.gitUrl, redactGitUrl),
        auth,
        knownHostsPinned: auth === "ssh" && args.knownHosts !== undefined,
        httpsCredentials: auth === "https" && password !== undefined ? secrecy(password) : "none",
        interval: mapInput(args.interval ?? FLUX.interval, (i) => i),
        prune: mode === "operator" ? true : (args.prune ?? true),
        path: mapInput(args.path, normalizeRepoPath),
        branch: mapInput(args.branch ?? FLUX.branch, (b) => b),
        hardening: hardeningOf(args),
    };
}
