import { TYPES } from "../../lib/kinds";
import { credentialKind, isSecretLookingKey } from "../../lib/secrets";
import { DroverResourcePolicy } from "../../lib/types";
import { UnknownTracker } from "../../lib/unknown";

interface ConfigMapProps {
    data?: Record<string, string>;
    binaryData?: Record<string, string>;
}

/** ConfigMaps hold no credentials: no secret-looking keys, no values shaped like keys or tokens. */
export const k8sConfigMapNoSecrets: DroverResourcePolicy = {
    name: "k8s-configmap-no-secrets",
    displayName: "No secrets in ConfigMaps",
    description:
        "No ConfigMap key looks like a credential (password, token, apiKey, tls.key, ...) and no data value holds a " +
        "PEM private key, a URL with a password or an RKE2 token. ConfigMaps are not secret, in the cluster or in " +
        "Pulumi state.",
    severity: "high",
    tags: ["kubernetes", "credentials"],
    url: "https://kubernetes.io/docs/concepts/configuration/configmap/",
    remediationSteps: "Move the value to a Secret (pulumi.secret in the program) and mount or reference that.",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.configMap) {
            return;
        }
        const props = args.props as ConfigMapProps;
        const tracker = new UnknownTracker();
        const flagged = new Set<string>();
        // Keys first: listing keys never reads an unknown value, so these findings hold during preview too.
        for (const field of ["data", "binaryData"] as const) {
            tracker.run(() => {
                for (const key of Object.keys(props[field] ?? {})) {
                    if (isSecretLookingKey(key)) {
                        flagged.add(`${field}/${key}`);
                        reportViolation(`${field}[${JSON.stringify(key)}] looks like a secret; move it to a Secret`);
                    }
                }
            });
        }
        tracker.run(() => {
            const data = props.data ?? {};
            for (const key of Object.keys(data)) {
                if (flagged.has(`data/${key}`)) {
                    continue;
                }
                tracker.run(() => {
                    const value = data[key];
                    const kind = typeof value === "string" ? credentialKind(value) : undefined;
                    if (kind) {
                        reportViolation(`data[${JSON.stringify(key)}] holds ${kind}; move it to a Secret`);
                    }
                });
            }
        });
        tracker.finish();
    },
};
