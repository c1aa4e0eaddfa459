import { ENVIRONMENT_PROPERTY, hardenedEnvironment, readConfig } from "../../lib/config";
import { TYPES } from "../../lib/kinds";
import { show } from "../../lib/format";
import { DroverResourcePolicy } from "../../lib/types";

interface ImageProps {
    spec?: { storageClassParameters?: { numberOfReplicas?: string } };
}

/** Harvester's default `numberOfReplicas` for an image's storage class (pkg/util/image.go). */
const HARVESTER_DEFAULT_REPLICAS = 3;

/** In production, an image's Longhorn storage class keeps at least `minReplicas` replicas. */
export const harvesterImageStorageReplicas: DroverResourcePolicy = {
    name: "harvester-image-storage-replicas",
    displayName: "Replicated image storage in production",
    description:
        "In staging and prod, a VirtualMachineImage's storageClassParameters.numberOfReplicas (Harvester's default " +
        "is 3) is at least minReplicas, so the volumes of VMs made from it survive a host failure.",
    severity: "medium",
    tags: ["harvester", "storage", "availability"],
    url: "https://github.com/harvester/harvester/blob/master/pkg/util/image.go",
    remediationSteps:
        "Drop numberOfReplicas from the HarvesterImage's storageClassParameters (Harvester uses 3) or set it to at least minReplicas.",
    configSchema: {
        properties: {
            environment: ENVIRONMENT_PROPERTY,
            minReplicas: {
                type: "integer",
                minimum: 1,
                default: 2,
                description: "The fewest Longhorn replicas an image's storage class may keep.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.virtualMachineImage) {
            return;
        }
        hardenedEnvironment(args);
        const { minReplicas } = readConfig(args, { minReplicas: 2 });
        const given = (args.props as ImageProps).spec?.storageClassParameters?.numberOfReplicas;
        const field = "spec.storageClassParameters.numberOfReplicas";
        if (given === undefined) {
            if (HARVESTER_DEFAULT_REPLICAS < minReplicas) {
                reportViolation(
                    `${field} is not set (Harvester's default is ${HARVESTER_DEFAULT_REPLICAS}), below minReplicas ${minReplicas}; set it to at least "${minReplicas}"`,
                );
            }
            return;
        }
        const n = Number(given);
        if (!/^\d+$/.test(String(given))) {
            reportViolation(`${field} ${show(given)} is not a whole number; use e.g. "3"`);
        } else if (n < minReplicas) {
            reportViolation(
                `${field} ${show(given)} is below minReplicas ${minReplicas}; keep at least ${minReplicas} replicas so a host failure does not lose the volumes`,
            );
        }
    },
};
