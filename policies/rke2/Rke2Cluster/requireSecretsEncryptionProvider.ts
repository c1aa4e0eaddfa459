import { readConfig, stringList } from "../../lib/config";
import { RKE2_TYPES } from "../../lib/kinds";
import { requireServers, Rke2Settings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

/** RKE2 servers name their secrets-encryption provider explicitly, from an allowed list. */
export const rke2SecretsEncryptionProvider: DroverResourcePolicy = {
    name: "rke2-secrets-encryption-provider",
    displayName: "Secrets encryption provider set",
    description:
        "RKE2 servers set secrets-encryption-provider explicitly (aescbc or secretbox), so the encryption of " +
        "Secrets at rest does not depend on the RKE2 version's default.",
    severity: "medium",
    tags: ["rke2", "encryption"],
    url: "https://docs.rke2.io/security/secrets_encryption",
    remediationSteps:
        'Set secretsEncryptionProvider "secretbox" (RKE2 v1.30.12 and later) or "aescbc" on the Rke2Cluster.',
    configSchema: {
        properties: {
            allowedProviders: stringList("Providers that may be used.", ["aescbc", "secretbox"]),
        },
    },
    validateResource: (args, reportViolation) => {
        const s = settingsOf<Rke2Settings>(args, RKE2_TYPES);
        if (!s) {
            return;
        }
        requireServers(args, s);
        const { allowedProviders } = readConfig(args, { allowedProviders: ["aescbc", "secretbox"] });
        const provider = s.secretsEncryptionProvider;
        if (provider === undefined) {
            reportViolation(
                'settings.secretsEncryptionProvider is not set; choose the provider explicitly: "secretbox" (RKE2 v1.30.12+) or "aescbc"',
            );
        } else if (!allowedProviders.includes(provider)) {
            reportViolation(
                `settings.secretsEncryptionProvider ${JSON.stringify(provider)} is not in allowedProviders ${JSON.stringify(allowedProviders)}; use one of them`,
            );
        }
    },
};
