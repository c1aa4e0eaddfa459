import { readConfig } from "../../lib/config";
import { TYPES } from "../../lib/kinds";
import { FluxSettings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

/** Flux over HTTPS uses https:// and credentials passed as secrets. */
export const fluxHttpsSecretCredentials: DroverResourcePolicy = {
    name: "flux-https-secret-credentials",
    displayName: "Flux over HTTPS only with secret credentials",
    description:
        'A FluxBootstrap with HTTPS auth uses an https:// URL and credentials passed as secrets (httpsCredentials "secret"); ' +
        "plaintext credentials end up unencrypted in config and state, and anonymous access is refused unless allowAnonymous.",
    severity: "high",
    tags: ["flux", "git", "credentials"],
    url: "https://fluxcd.io/flux/components/source/gitrepositories/#basic-access-authentication",
    remediationSteps:
        "Use an https:// Git URL and pass the username and token as secrets (`pulumi config set --secret`).",
    configSchema: {
        properties: {
            allowAnonymous: {
                type: "boolean",
                default: false,
                description: "Allow HTTPS without credentials (a public repository).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const s = settingsOf<FluxSettings>(args, [TYPES.fluxBootstrap]);
        if (!s) {
            return;
        }
        if (s.auth !== "https") {
            args.notApplicable("the bootstrap does not use HTTPS");
        }
        const { allowAnonymous } = readConfig(args, { allowAnonymous: false });
        if (typeof s.gitUrl === "string" && !s.gitUrl.startsWith("https://")) {
            reportViolation(
                `settings.gitUrl ${JSON.stringify(s.gitUrl)} is not an https:// URL; use https:// so credentials and content are encrypted in transit`,
            );
        }
        if (s.httpsCredentials === "plaintext") {
            reportViolation(
                'settings.httpsCredentials is "plaintext": the Git credentials were passed as plain strings; pass them as secrets',
            );
        } else if (s.httpsCredentials === "none" && !allowAnonymous) {
            reportViolation(
                'settings.httpsCredentials is "none"; give Flux credentials (as secrets) for the Git repository, or set allowAnonymous for a public one',
            );
        }
    },
};
