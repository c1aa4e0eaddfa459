import { fluxHttpsSecretCredentials } from "../../../policies/flux/FluxBootstrap/httpsSecretCredentials";
import { fluxHardening } from "../../../policies/flux/FluxBootstrap/requireHardening";
import { fluxSshKnownHostsPinned } from "../../../policies/flux/FluxBootstrap/sshKnownHostsPinned";
import { fluxSyncInterval } from "../../../policies/flux/FluxBootstrap/syncInterval";
import { rancherNoInsecureRegistration } from "../../../policies/rancher/RancherRegistration/noInsecureRegistration";
import { changed } from "../support/harness";
import { fluxHttpsSettings, fluxSettings, rancherSettings } from "../support/fixtures";
import { ResourceCase } from "./types";

const FLUX = "drover:index:FluxBootstrap";
const RANCHER = "drover:index:RancherRegistration";
const PROD = { environment: "prod" };
const DEV_NA = 'checked only in staging and prod; this stack\'s environment is "dev"';

function flux(path: Array<string | number> = [], value?: unknown): Record<string, unknown> {
    return { settings: path.length === 0 ? fluxSettings() : changed(fluxSettings(), path, value) };
}

function fluxHttps(path: Array<string | number> = [], value?: unknown): Record<string, unknown> {
    return { settings: path.length === 0 ? fluxHttpsSettings() : changed(fluxHttpsSettings(), path, value) };
}

export const fluxRancherCases: ResourceCase[] = [
    // rancher-no-insecure-registration
    {
        policy: rancherNoInsecureRegistration,
        name: "passes a CA bundle in prod",
        type: RANCHER,
        props: { settings: rancherSettings() },
        config: PROD,
        violations: [],
    },
    {
        policy: rancherNoInsecureRegistration,
        name: "flags an insecure registration in prod",
        type: RANCHER,
        props: { settings: { ...rancherSettings(), caTrust: "insecure" } },
        config: PROD,
        violations: [
            'settings.caTrust "insecure" applies the import manifest without verifying Rancher\'s certificate; use "bundle" (Rancher\'s CA) or "checksum"',
        ],
    },
    {
        policy: rancherNoInsecureRegistration,
        name: "does not apply in dev",
        type: RANCHER,
        props: { settings: { ...rancherSettings(), caTrust: "insecure" } },
        config: { environment: "dev" },
        violations: [],
        notApplicable: DEV_NA,
    },

    // flux-ssh-known-hosts-pinned
    { policy: fluxSshKnownHostsPinned, name: "passes pinned known_hosts", type: FLUX, props: flux(), violations: [] },
    {
        policy: fluxSshKnownHostsPinned,
        name: "flags trust on first use",
        type: FLUX,
        props: flux(["knownHostsPinned"], false),
        violations: [
            "settings.knownHostsPinned is false: the Git host key would be trusted on first use; pin known_hosts for the Git server",
        ],
    },
    {
        policy: fluxSshKnownHostsPinned,
        name: "does not apply to HTTPS",
        type: FLUX,
        props: fluxHttps(),
        violations: [],
        notApplicable: "the bootstrap does not use SSH",
    },

    // flux-https-secret-credentials
    {
        policy: fluxHttpsSecretCredentials,
        name: "passes secret credentials over https",
        type: FLUX,
        props: fluxHttps(),
        violations: [],
    },
    {
        policy: fluxHttpsSecretCredentials,
        name: "flags plaintext credentials",
        type: FLUX,
        props: fluxHttps(["httpsCredentials"], "plaintext"),
        violations: [
            'settings.httpsCredentials is "plaintext": the Git credentials were passed as plain strings; pass them as secrets',
        ],
    },
    {
        policy: fluxHttpsSecretCredentials,
        name: "flags plain http",
        type: FLUX,
        props: fluxHttps(["gitUrl"], "http://git.example.internal/platform/fleet.git"),
        violations: [
            'settings.gitUrl "http://git.example.internal/platform/fleet.git" is not an https:// URL; use https:// so credentials and content are encrypted in transit',
        ],
    },
    {
        policy: fluxHttpsSecretCredentials,
        name: "flags anonymous access",
        type: FLUX,
        props: fluxHttps(["httpsCredentials"], "none"),
        violations: [
            'settings.httpsCredentials is "none"; give Flux credentials (as secrets) for the Git repository, or set allowAnonymous for a public one',
        ],
    },
    {
        policy: fluxHttpsSecretCredentials,
        name: "allows anonymous access when configured",
        type: FLUX,
        props: fluxHttps(["httpsCredentials"], "none"),
        config: { allowAnonymous: true },
        violations: [],
    },
    {
        policy: fluxHttpsSecretCredentials,
        name: "does not apply to SSH",
        type: FLUX,
        props: flux(),
        violations: [],
        notApplicable: "the bootstrap does not use HTTPS",
    },

    // flux-hardening
    { policy: fluxHardening, name: "passes full hardening", type: FLUX, props: flux(), config: PROD, violations: [] },
    {
        policy: fluxHardening,
        name: "flags cross-namespace references",
        type: FLUX,
        props: flux(["hardening", "noCrossNamespaceRefs"], false),
        config: PROD,
        violations: [
            "settings.hardening.noCrossNamespaceRefs is false; set it so tenants cannot reference sources in other namespaces (--no-cross-namespace-refs=true)",
        ],
    },
    {
        policy: fluxHardening,
        name: "flags remote bases",
        type: FLUX,
        props: flux(["hardening", "noRemoteBases"], false),
        config: PROD,
        violations: [
            "settings.hardening.noRemoteBases is false; set it so kustomizations cannot pull remote bases (--no-remote-bases=true)",
        ],
    },
    {
        policy: fluxHardening,
        name: "flags a missing default service account",
        type: FLUX,
        props: flux(["hardening", "defaultServiceAccount"], undefined),
        config: PROD,
        violations: [
            "settings.hardening.defaultServiceAccount is not set; set it so reconciliations run as a restricted service account (--default-service-account)",
        ],
    },
    {
        policy: fluxHardening,
        name: "flags missing network policies",
        type: FLUX,
        props: flux(["hardening", "networkPolicies"], false),
        config: PROD,
        violations: [
            "settings.hardening.networkPolicies is false; set it so only the Flux controllers' own traffic is allowed in flux-system",
        ],
    },
    {
        policy: fluxHardening,
        name: "does not apply in dev",
        type: FLUX,
        props: flux(["hardening", "networkPolicies"], false),
        config: { environment: "dev" },
        violations: [],
        notApplicable: DEV_NA,
    },

    // flux-sync-interval
    { policy: fluxSyncInterval, name: "passes 1m0s", type: FLUX, props: flux(), violations: [] },
    {
        policy: fluxSyncInterval,
        name: "flags a 10s interval",
        type: FLUX,
        props: flux(["interval"], "10s"),
        violations: [
            'settings.interval "10s" is shorter than minInterval "1m"; polling that often loads the Git server',
        ],
    },
    {
        policy: fluxSyncInterval,
        name: "flags a day-long interval",
        type: FLUX,
        props: flux(["interval"], "24h"),
        violations: ['settings.interval "24h" is longer than maxInterval "1h"; drift would go uncorrected that long'],
    },
    {
        policy: fluxSyncInterval,
        name: "flags an interval that is not a Go duration",
        type: FLUX,
        props: flux(["interval"], "1 minute"),
        violations: ['settings.interval "1 minute" is not a Go duration; use e.g. "1m0s" or "10m"'],
    },
    {
        policy: fluxSyncInterval,
        name: "honours configured bounds",
        type: FLUX,
        props: flux(["interval"], "2h30m"),
        config: { minInterval: "5m", maxInterval: "3h" },
        violations: [],
    },
];
