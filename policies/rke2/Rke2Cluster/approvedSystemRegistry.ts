import { readConfig, stringList } from "../../lib/config";
import { RKE2_TYPES } from "../../lib/kinds";
import { Rke2Settings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

/** Air-gapped clusters pull system images from an approved private registry. */
export const rke2ApprovedSystemRegistry: DroverResourcePolicy = {
    name: "rke2-approved-system-registry",
    displayName: "Approved system-default-registry when air-gapped",
    description:
        "An air-gapped RKE2 cluster or pool sets system-default-registry, and it is one of approvedRegistries " +
        "(host[:port]), so every system image comes from the site's mirror.",
    severity: "high",
    tags: ["rke2", "air-gap", "supply-chain"],
    url: "https://docs.rke2.io/install/airgap",
    remediationSteps:
        "Set systemDefaultRegistry to the site's registry (e.g. a Hauler registry) listed in approvedRegistries.",
    configSchema: {
        properties: {
            approvedRegistries: stringList("Registries (host[:port]) system images may come from.", []),
        },
    },
    validateResource: (args, reportViolation) => {
        const s = settingsOf<Rke2Settings>(args, RKE2_TYPES);
        if (!s) {
            return;
        }
        if (s.airGapped !== true) {
            args.notApplicable("the cluster is not air-gapped");
        }
        const { approvedRegistries } = readConfig(args, { approvedRegistries: [] as string[] });
        const registry = s.systemDefaultRegistry;
        if (registry === undefined || registry === "") {
            reportViolation(
                `settings.systemDefaultRegistry is not set on an air-gapped cluster; set it to one of approvedRegistries ${JSON.stringify(approvedRegistries)}`,
            );
        } else if (!approvedRegistries.includes(registry)) {
            reportViolation(
                `settings.systemDefaultRegistry ${JSON.stringify(registry)} is not in approvedRegistries ${JSON.stringify(approvedRegistries)}; use an approved registry or add it to the policy config`,
            );
        }
    },
};
