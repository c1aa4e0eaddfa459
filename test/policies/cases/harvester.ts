import { harvesterVmNoManagementNetwork } from "../../../policies/harvester/VirtualMachine/noManagementNetwork";
import { harvesterVmLiveMigratable } from "../../../policies/harvester/VirtualMachine/requireLiveMigration";
import { harvesterVmResourceLimits } from "../../../policies/harvester/VirtualMachine/requireResourceLimits";
import { harvesterVmSecureBoot } from "../../../policies/harvester/VirtualMachine/requireSecureBoot";
import { harvesterImageStorageReplicas } from "../../../policies/harvester/VirtualMachineImage/minStorageReplicas";
import { harvesterImageChecksum } from "../../../policies/harvester/VirtualMachineImage/requireChecksum";
import { changed } from "../support/harness";
import { imageProps, vmProps, vmSpec } from "../support/fixtures";
import { ResourceCase } from "./types";

const VM = "kubernetes:kubevirt.io/v1:VirtualMachine";
const IMAGE = "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage";
const DOMAIN = ["spec", "template", "spec", "domain"];
const LIMITS = [...DOMAIN, "resources", "limits"];
const NETWORKS = ["spec", "template", "spec", "networks"];
const VCT = ["metadata", "annotations", "harvesterhci.io/volumeClaimTemplates"];
const PROD = { environment: "prod" };

export const harvesterCases: ResourceCase[] = [
    // harvester-vm-resource-limits
    { policy: harvesterVmResourceLimits, name: "passes drover's VM", type: VM, props: vmProps(), violations: [] },
    {
        policy: harvesterVmResourceLimits,
        name: "flags a VM without a memory limit",
        type: VM,
        props: changed(vmProps(), [...LIMITS, "memory"], undefined),
        violations: [
            'spec.template.spec.domain.resources.limits.memory is not set; set the VM\'s memory (e.g. "8Gi") so Harvester can size and schedule it',
        ],
    },
    {
        policy: harvesterVmResourceLimits,
        name: "flags a CPU limit that is not a quantity",
        type: VM,
        props: changed(vmProps(), [...LIMITS, "cpu"], "four"),
        violations: [
            'spec.template.spec.domain.resources.limits.cpu "four" is not a Kubernetes quantity; use e.g. "4"',
        ],
    },
    {
        policy: harvesterVmResourceLimits,
        name: "ignores other resource types",
        type: IMAGE,
        props: imageProps(),
        violations: [],
    },

    // harvester-vm-no-management-network
    {
        policy: harvesterVmNoManagementNetwork,
        name: "passes a VM on a VLAN network in prod",
        type: VM,
        props: vmProps(),
        config: { ...PROD, managementNetworks: ["harvester-public/mgmt"] },
        violations: [],
    },
    {
        policy: harvesterVmNoManagementNetwork,
        name: "flags a NIC on the pod network in prod",
        type: VM,
        props: vmProps({ ...vmSpec(), networks: [{ name: "nic-1", model: "virtio", waitForLease: false }] }),
        config: PROD,
        violations: [
            'spec.template.spec.networks[0] ("nic-1") is on the pod network, Harvester\'s management network; attach the NIC to a VM network (multus networkName "<namespace>/<network>")',
        ],
    },
    {
        policy: harvesterVmNoManagementNetwork,
        name: "flags a NIC on a listed management network, named without its namespace",
        type: VM,
        props: changed(vmProps(), [...NETWORKS, 0, "multus", "networkName"], "mgmt"),
        config: { ...PROD, managementNetworks: ["default/mgmt"] },
        violations: [
            'spec.template.spec.networks[0] ("nic-1") uses "mgmt", which is listed in managementNetworks; attach the NIC to a workload VM network instead',
        ],
    },
    {
        policy: harvesterVmNoManagementNetwork,
        name: "runs in staging",
        type: VM,
        props: changed(vmProps(), [...NETWORKS, 0, "multus", "networkName"], "harvester-public/mgmt"),
        config: { environment: "staging", managementNetworks: ["harvester-public/mgmt"] },
        violations: [
            'spec.template.spec.networks[0] ("nic-1") uses "harvester-public/mgmt", which is listed in managementNetworks; attach the NIC to a workload VM network instead',
        ],
    },
    {
        policy: harvesterVmNoManagementNetwork,
        name: "does not apply in dev",
        type: VM,
        props: vmProps({ ...vmSpec(), networks: [{ name: "nic-1", model: "virtio", waitForLease: false }] }),
        config: { environment: "dev" },
        violations: [],
        notApplicable: 'checked only in staging and prod; this stack\'s environment is "dev"',
    },

    // harvester-vm-secure-boot
    {
        policy: harvesterVmSecureBoot,
        name: "passes a secure-boot VM in prod",
        type: VM,
        props: vmProps(),
        config: PROD,
        violations: [],
    },
    {
        policy: harvesterVmSecureBoot,
        name: "flags a BIOS VM (unconfigured means prod)",
        type: VM,
        props: vmProps({ ...vmSpec(), efi: false, secureBoot: false }),
        violations: [
            "spec.template.spec.domain.firmware.bootloader.efi is not set, so the VM boots with BIOS; set efi: true and secureBoot: true",
        ],
    },
    {
        policy: harvesterVmSecureBoot,
        name: "flags EFI without secure boot",
        type: VM,
        props: vmProps({ ...vmSpec(), secureBoot: false }),
        config: PROD,
        violations: ["spec.template.spec.domain.firmware.bootloader.efi.secureBoot is false; set secureBoot: true"],
    },
    {
        policy: harvesterVmSecureBoot,
        name: "flags secure boot without SMM",
        type: VM,
        props: changed(vmProps(), [...DOMAIN, "features"], undefined),
        config: PROD,
        violations: [
            "spec.template.spec.domain.features.smm.enabled is not set; secure boot needs SMM, set it to true",
        ],
    },
    {
        policy: harvesterVmSecureBoot,
        name: "does not apply in dev",
        type: VM,
        props: vmProps({ ...vmSpec(), efi: false, secureBoot: false }),
        config: { environment: "dev" },
        violations: [],
        notApplicable: 'checked only in staging and prod; this stack\'s environment is "dev"',
    },

    // harvester-vm-live-migratable
    { policy: harvesterVmLiveMigratable, name: "passes drover's VM", type: VM, props: vmProps(), violations: [] },
    {
        policy: harvesterVmLiveMigratable,
        name: "flags an eviction strategy that stops the VM",
        type: VM,
        props: vmProps({ ...vmSpec(), evictionStrategy: "None" }),
        violations: [
            'spec.template.spec.evictionStrategy is "None"; set "LiveMigrateIfPossible" so node drains move the VM instead of stopping it',
        ],
    },
    {
        policy: harvesterVmLiveMigratable,
        name: "flags a ReadWriteOnce disk",
        type: VM,
        props: vmProps({ ...vmSpec(), disks: [{ ...vmSpec().disks[0], accessMode: "ReadWriteOnce" }] }),
        violations: [
            'disk PVC "cp-0-root" in metadata.annotations["harvesterhci.io/volumeClaimTemplates"] has accessModes ["ReadWriteOnce"]; live migration needs "ReadWriteMany"',
        ],
    },
    {
        policy: harvesterVmLiveMigratable,
        name: "flags a volumeClaimTemplates annotation that is not JSON",
        type: VM,
        props: changed(vmProps(), VCT, "[{"),
        violations: [
            'metadata.annotations["harvesterhci.io/volumeClaimTemplates"] is not valid JSON; let drover build the VM\'s disks',
        ],
    },
    {
        policy: harvesterVmLiveMigratable,
        name: "accepts a strategy from the configured list",
        type: VM,
        props: vmProps({ ...vmSpec(), evictionStrategy: "External" }),
        config: { allowedStrategies: ["External"] },
        violations: [],
    },

    // harvester-image-checksum
    { policy: harvesterImageChecksum, name: "passes drover's image", type: IMAGE, props: imageProps(), violations: [] },
    {
        policy: harvesterImageChecksum,
        name: "flags an image without a checksum",
        type: IMAGE,
        props: changed(imageProps(), ["spec", "checksum"], undefined),
        violations: [
            "spec.checksum is not set; give the image's SHA-512 (sha512sum <image>) so Harvester verifies the download",
        ],
    },
    {
        policy: harvesterImageChecksum,
        name: "flags a SHA-256 where a SHA-512 belongs",
        type: IMAGE,
        props: changed(imageProps(), ["spec", "checksum"], "ab".repeat(32)),
        violations: [
            `spec.checksum "${"ab".repeat(32)}" is not a SHA-512 checksum (128 hex digits); use the output of sha512sum <image>`,
        ],
    },
    {
        policy: harvesterImageChecksum,
        name: "does not apply to uploaded images",
        type: IMAGE,
        props: changed(changed(imageProps(), ["spec", "sourceType"], "upload"), ["spec", "checksum"], undefined),
        violations: [],
        notApplicable: 'only downloaded images are checked; sourceType is "upload"',
    },

    // harvester-image-storage-replicas
    {
        policy: harvesterImageStorageReplicas,
        name: "passes Harvester's default of 3 replicas",
        type: IMAGE,
        props: imageProps(),
        config: PROD,
        violations: [],
    },
    {
        policy: harvesterImageStorageReplicas,
        name: "flags a single replica in prod",
        type: IMAGE,
        props: changed(imageProps(), ["spec", "storageClassParameters", "numberOfReplicas"], "1"),
        config: PROD,
        violations: [
            'spec.storageClassParameters.numberOfReplicas "1" is below minReplicas 2; keep at least 2 replicas so a host failure does not lose the volumes',
        ],
    },
    {
        policy: harvesterImageStorageReplicas,
        name: "flags an unset replica count when minReplicas is above Harvester's default",
        type: IMAGE,
        props: imageProps(),
        config: { ...PROD, minReplicas: 4 },
        violations: [
            'spec.storageClassParameters.numberOfReplicas is not set (Harvester\'s default is 3), below minReplicas 4; set it to at least "4"',
        ],
    },
    {
        policy: harvesterImageStorageReplicas,
        name: "flags a replica count that is not a number",
        type: IMAGE,
        props: changed(imageProps(), ["spec", "storageClassParameters", "numberOfReplicas"], "three"),
        config: PROD,
        violations: ['spec.storageClassParameters.numberOfReplicas "three" is not a whole number; use e.g. "3"'],
    },
    {
        policy: harvesterImageStorageReplicas,
        name: "does not apply in dev",
        type: IMAGE,
        props: changed(imageProps(), ["spec", "storageClassParameters", "numberOfReplicas"], "1"),
        config: { environment: "dev" },
        violations: [],
        notApplicable: 'checked only in staging and prod; this stack\'s environment is "dev"',
    },
];
