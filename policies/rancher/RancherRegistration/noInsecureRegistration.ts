import { ENVIRONMENT_SCHEMA, hardenedEnvironment } from "../../lib/config";
import { TYPES } from "../../lib/kinds";
import { RancherSettings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

/** Production clusters register with Rancher only over a verified TLS connection. */
export const rancherNoInsecureRegistration: DroverResourcePolicy = {
    name: "rancher-no-insecure-registration",
    displayName: "No insecure Rancher registration in production",
    description:
        'In staging and prod, a RancherRegistration verifies Rancher\'s certificate (caTrust "bundle" or ' +
        '"checksum"), never the insecure import (curl --insecure), which a man in the middle can replace with ' +
        "their own cluster agent.",
    severity: "high",
    tags: ["rancher", "tls"],
    url: "https://github.com/rancher/rancher/blob/main/pkg/controllers/dashboard/clusterregistrationtoken/status.go",
    remediationSteps: "Give the RancherRegistration Rancher's CA bundle, or its CA checksum.",
    configSchema: ENVIRONMENT_SCHEMA,
    validateResource: (args, reportViolation) => {
        const s = settingsOf<RancherSettings>(args, [TYPES.rancherRegistration]);
        if (!s) {
            return;
        }
        hardenedEnvironment(args);
        if (s.caTrust === "insecure") {
            reportViolation(
                'settings.caTrust "insecure" applies the import manifest without verifying Rancher\'s certificate; use "bundle" (Rancher\'s CA) or "checksum"',
            );
        }
    },
};
