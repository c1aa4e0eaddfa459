import { ENVIRONMENT_SCHEMA, hardenedEnvironment } from "../../lib/config";
import { TYPES } from "../../lib/kinds";
import { FluxSettings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

/** What each hardening flag prevents, in Flux's words (security best practices, multi-tenancy lock-down). */
const FLAGS: Array<[keyof FluxSettings["hardening"], string]> = [
    [
        "noCrossNamespaceRefs",
        "so tenants cannot reference sources in other namespaces (--no-cross-namespace-refs=true)",
    ],
    ["noRemoteBases", "so kustomizations cannot pull remote bases (--no-remote-bases=true)"],
    ["defaultServiceAccount", "so reconciliations run as a restricted service account (--default-service-account)"],
    ["networkPolicies", "so only the Flux controllers' own traffic is allowed in flux-system"],
];

/** Production Flux installs are locked down. */
export const fluxHardening: DroverResourcePolicy = {
    name: "flux-hardening",
    displayName: "Flux hardening in production",
    description:
        "In staging and prod, a FluxBootstrap turns on every hardening flag: no cross-namespace references, no " +
        "remote bases, a default service account for reconciliation, and Flux's network policies.",
    severity: "medium",
    tags: ["flux", "hardening", "multi-tenancy"],
    url: "https://fluxcd.io/flux/security/best-practices/",
    remediationSteps: "Turn on every hardening option of the FluxBootstrap.",
    configSchema: ENVIRONMENT_SCHEMA,
    validateResource: (args, reportViolation) => {
        const s = settingsOf<FluxSettings>(args, [TYPES.fluxBootstrap]);
        if (!s) {
            return;
        }
        hardenedEnvironment(args);
        const hardening = s.hardening ?? {};
        for (const [flag, why] of FLAGS) {
            const value = hardening[flag];
            if (value === undefined || value === false || value === "") {
                const state = flag === "defaultServiceAccount" ? "is not set" : "is false";
                reportViolation(`settings.hardening.${flag} ${state}; set it ${why}`);
            }
        }
    },
};
