import { ENVIRONMENT_SCHEMA, hardenedEnvironment } from "../../lib/config";
import { TYPES } from "../../lib/kinds";
import { isOrUnset } from "../../lib/format";
import { vmTemplateSpec } from "../../lib/harvester";
import { DroverResourcePolicy } from "../../lib/types";

/** Production VMs boot with EFI and secure boot (which needs SMM). */
export const harvesterVmSecureBoot: DroverResourcePolicy = {
    name: "harvester-vm-secure-boot",
    displayName: "EFI secure boot in production",
    description:
        "In staging and prod, VMs boot with EFI firmware and secure boot: firmware.bootloader.efi.secureBoot true and " +
        "features.smm.enabled true.",
    severity: "medium",
    tags: ["harvester", "boot-integrity"],
    url: "https://kubevirt.io/user-guide/compute/virtual_hardware/",
    remediationSteps:
        "Set `efi: true` and `secureBoot: true` on the HarvesterVirtualMachine, with an image that boots with EFI.",
    configSchema: ENVIRONMENT_SCHEMA,
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.virtualMachine) {
            return;
        }
        hardenedEnvironment(args);
        const domain = vmTemplateSpec(args.props).domain ?? {};
        const efi = domain.firmware?.bootloader?.efi;
        if (efi === undefined) {
            reportViolation(
                "spec.template.spec.domain.firmware.bootloader.efi is not set, so the VM boots with BIOS; set efi: true and secureBoot: true",
            );
        } else if (efi.secureBoot !== true) {
            reportViolation(
                `spec.template.spec.domain.firmware.bootloader.efi.secureBoot ${isOrUnset(efi.secureBoot)}; set secureBoot: true`,
            );
        } else if (domain.features?.smm?.enabled !== true) {
            reportViolation(
                `spec.template.spec.domain.features.smm.enabled ${isOrUnset(domain.features?.smm?.enabled)}; secure boot needs SMM, set it to true`,
            );
        }
    },
};
