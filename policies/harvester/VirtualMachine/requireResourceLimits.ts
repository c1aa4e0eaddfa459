import { TYPES } from "../../lib/kinds";
import { vmTemplateSpec } from "../../lib/harvester";
import { show } from "../../lib/format";
import { DroverResourcePolicy } from "../../lib/types";
import { isQuantity } from "../../lib/values";

const EXAMPLES: Record<string, string> = { cpu: '"4"', memory: '"8Gi"' };

/** Every Harvester VM declares CPU and memory limits; Harvester derives the requests from them. */
export const harvesterVmResourceLimits: DroverResourcePolicy = {
    name: "harvester-vm-resource-limits",
    displayName: "Harvester VMs set CPU and memory limits",
    description:
        "A KubeVirt VirtualMachine on Harvester sets spec.template.spec.domain.resources.limits.cpu and .memory; " +
        "Harvester computes the requests from them with its overcommit setting.",
    severity: "high",
    tags: ["harvester", "capacity"],
    url: "https://github.com/harvester/harvester/blob/master/pkg/webhook/resources/virtualmachine/mutator.go",
    remediationSteps: 'Give the HarvesterVirtualMachine `cpu` and `memory` (e.g. cpu: 4, memory: "8Gi").',
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.virtualMachine) {
            return;
        }
        const limits = vmTemplateSpec(args.props).domain?.resources?.limits ?? {};
        for (const resource of ["cpu", "memory"]) {
            const value = limits[resource];
            const field = `spec.template.spec.domain.resources.limits.${resource}`;
            if (value === undefined) {
                reportViolation(
                    `${field} is not set; set the VM's ${resource} (e.g. ${EXAMPLES[resource]}) so Harvester can size and schedule it`,
                );
            } else if (!isQuantity(value)) {
                reportViolation(`${field} ${show(value)} is not a Kubernetes quantity; use e.g. ${EXAMPLES[resource]}`);
            }
        }
    },
};
