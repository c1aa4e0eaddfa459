import { ENVIRONMENT_SCHEMA, hardenedEnvironment } from "../../lib/config";
import { RKE2_TYPES } from "../../lib/kinds";
import { isOrUnset } from "../../lib/format";
import { Rke2Settings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

/** Production RKE2 nodes run the CIS profile. */
export const rke2CisProfile: DroverResourcePolicy = {
    name: "rke2-cis-profile",
    displayName: "CIS profile in production",
    description:
        'In staging and prod, RKE2 clusters and node pools set profile "cis": restricted Pod Security, default ' +
        "network policies, protected kernel defaults and 0600 file permissions.",
    severity: "high",
    tags: ["rke2", "cis", "hardening"],
    url: "https://docs.rke2.io/security/hardening_guide",
    remediationSteps:
        'Set profile "cis" on the Rke2Cluster; its nodes then need the CIS sysctl file and the etcd user, which drover\'s cloud-init writes.',
    configSchema: ENVIRONMENT_SCHEMA,
    validateResource: (args, reportViolation) => {
        const s = settingsOf<Rke2Settings>(args, RKE2_TYPES);
        if (!s) {
            return;
        }
        hardenedEnvironment(args);
        if (s.profile !== "cis") {
            reportViolation(
                `settings.profile ${isOrUnset(s.profile)}; production clusters run RKE2's CIS profile, set profile "cis"`,
            );
        }
    },
};
