import { DROVER_TYPE_PREFIX } from "../../lib/kinds";
import { credentialKind, isSecretLookingKey } from "../../lib/secrets";
import { DroverResourcePolicy } from "../../lib/types";
import { UnknownTracker } from "../../lib/unknown";

/** Contract fields whose names sound secret but whose values are enums that describe how a secret was passed. */
const DESCRIPTIVE_FIELDS = new Set(["tokenSource", "httpsCredentials"]);

/**
 * Drover components register a plain summary of their settings, stored unencrypted in state and shown in diffs,
 * so no credential may reach it: neither under a secret-looking name nor as a value shaped like a key or token.
 *
 * This is the closest check to "no secret-looking stack config stored unencrypted" that a policy can make: see
 * POLICIES.md for what a policy can and cannot see of stack configuration.
 */
export const droverSettingsNoPlaintextSecrets: DroverResourcePolicy = {
    name: "drover-settings-no-plaintext-secrets",
    displayName: "No credentials in component settings",
    description:
        "The settings a drover component registers hold no credential: no non-empty string under a secret-looking " +
        "key (password, token, secretKey, ...), and no value that is a PEM private key, a URL with a password or an " +
        "RKE2 token. Settings are stored in plaintext.",
    severity: "critical",
    tags: ["drover", "credentials", "state"],
    url: "https://www.pulumi.com/docs/iac/concepts/secrets/",
    remediationSteps:
        "Pass credentials to the component as secrets and keep them out of its settings summary; set the value in " +
        "stack config with `pulumi config set --secret`.",
    validateResource: (args, reportViolation) => {
        if (!args.type.startsWith(DROVER_TYPE_PREFIX)) {
            return;
        }
        const tracker = new UnknownTracker();
        const visit = (read: () => unknown, path: string, key: string): void => {
            tracker.run(() => {
                const value = read();
                if (typeof value === "string") {
                    if (value !== "" && isSecretLookingKey(key) && !DESCRIPTIVE_FIELDS.has(key)) {
                        reportViolation(
                            `${path} holds a value under a secret-looking name; component settings are stored in plaintext, keep credentials out of them`,
                        );
                        return;
                    }
                    const kind = credentialKind(value);
                    if (kind) {
                        reportViolation(
                            `${path} holds ${kind}; component settings are stored in plaintext, keep credentials out of them`,
                        );
                    }
                } else if (Array.isArray(value)) {
                    for (let i = 0; i < value.length; i++) {
                        visit(() => value[i], `${path}[${i}]`, key);
                    }
                } else if (value !== null && typeof value === "object") {
                    const record = value as Record<string, unknown>;
                    for (const k of Object.keys(record)) {
                        visit(() => record[k], `${path}.${k}`, k);
                    }
                }
            });
        };
        visit(() => args.props.settings, "settings", "settings");
        tracker.finish();
    },
};
