import { readConfig, stringList } from "../../lib/config";
import { TYPES } from "../../lib/kinds";
import { isOrUnset } from "../../lib/format";
import { VmProps, vmTemplateSpec } from "../../lib/harvester";
import { DroverResourcePolicy } from "../../lib/types";
import { UnknownTracker } from "../../lib/unknown";

const VCT = "harvesterhci.io/volumeClaimTemplates";

interface PvcTemplate {
    metadata?: { name?: string };
    spec?: { accessModes?: string[] };
}

/** VMs live-migrate on node drain, which needs a live-migrating eviction strategy and ReadWriteMany disks. */
export const harvesterVmLiveMigratable: DroverResourcePolicy = {
    name: "harvester-vm-live-migratable",
    displayName: "VMs live-migrate on eviction",
    description:
        "A VM's evictionStrategy is LiveMigrate or LiveMigrateIfPossible, and every disk in its " +
        "harvesterhci.io/volumeClaimTemplates annotation is ReadWriteMany, so node drains and upgrades move it " +
        "instead of stopping it.",
    severity: "medium",
    tags: ["harvester", "availability"],
    url: "https://kubevirt.io/user-guide/compute/live_migration/",
    remediationSteps:
        'Keep the HarvesterVirtualMachine defaults: evictionStrategy "LiveMigrateIfPossible" and disks with accessMode "ReadWriteMany".',
    configSchema: {
        properties: {
            allowedStrategies: stringList("Eviction strategies that keep the VM running.", [
                "LiveMigrate",
                "LiveMigrateIfPossible",
            ]),
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.virtualMachine) {
            return;
        }
        const { allowedStrategies } = readConfig(args, {
            allowedStrategies: ["LiveMigrate", "LiveMigrateIfPossible"],
        });
        const tracker = new UnknownTracker();
        tracker.run(() => {
            const strategy = vmTemplateSpec(args.props).evictionStrategy;
            if (strategy === undefined || !allowedStrategies.includes(strategy)) {
                reportViolation(
                    `spec.template.spec.evictionStrategy ${isOrUnset(strategy)}; set "LiveMigrateIfPossible" so node drains move the VM instead of stopping it`,
                );
            }
        });
        tracker.run(() => {
            const annotation = (args.props as VmProps).metadata?.annotations?.[VCT];
            if (annotation === undefined) {
                return;
            }
            let pvcs: PvcTemplate[];
            try {
                pvcs = JSON.parse(annotation) as PvcTemplate[];
            } catch {
                reportViolation(`metadata.annotations["${VCT}"] is not valid JSON; let drover build the VM's disks`);
                return;
            }
            for (const pvc of Array.isArray(pvcs) ? pvcs : []) {
                const modes = pvc.spec?.accessModes ?? [];
                if (!modes.includes("ReadWriteMany")) {
                    reportViolation(
                        `disk PVC ${JSON.stringify(pvc.metadata?.name)} in metadata.annotations["${VCT}"] has accessModes ${JSON.stringify(modes)}; live migration needs "ReadWriteMany"`,
                    );
                }
            }
        });
        tracker.finish();
    },
};
