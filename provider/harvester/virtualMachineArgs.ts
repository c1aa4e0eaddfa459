import * as pulumi from "@pulumi/pulumi";
import type * as harvester from "../../components/harvester";

/** A disk of a HarvesterVirtualMachine, for other languages: the image is a `namespace/name` reference. */
export interface HarvesterVmDisk {
    /** Disk name, a DNS label; the PVC is named `<vm>-<disk>`. */
    name: pulumi.Input<string>;
    /** Size as a Kubernetes quantity, e.g. `20Gi`. */
    size: pulumi.Input<string>;
    /** `namespace/name` of the Harvester image to clone, e.g. a HarvesterImage's `imageId` output. @default - an empty disk */
    image?: pulumi.Input<string>;
    /** Storage class. @default - the image's `status.storageClassName`, read from Harvester; else the cluster default */
    storageClassName?: pulumi.Input<string>;
    /** `virtio`, `sata` or `scsi`. @default "virtio" */
    bus?: pulumi.Input<string>;
    /** Boot order (1 boots first). @default - 1 for the first disk when no disk sets one */
    bootOrder?: pulumi.Input<number>;
    /** `Block` or `Filesystem`. @default "Block" */
    volumeMode?: pulumi.Input<string>;
    /** PVC access mode. @default "ReadWriteMany" (needed for live migration) */
    accessMode?: pulumi.Input<string>;
    /** Delete the disk's PVC together with the VM. @default true */
    autoDelete?: pulumi.Input<boolean>;
}

/** A NIC of a HarvesterVirtualMachine, for other languages: the network is a `namespace/name` reference. */
export interface HarvesterVmNetwork {
    /** Interface name, a DNS label, e.g. `nic-1`. */
    name: pulumi.Input<string>;
    /** `namespace/name` of a VM network, e.g. a HarvesterNetwork's `networkId` output. @default - the pod (management) network, masquerade */
    network?: pulumi.Input<string>;
    /** NIC model. @default "virtio" */
    model?: pulumi.Input<string>;
    /** Fixed MAC address. @default - Harvester assigns one */
    macAddress?: pulumi.Input<string>;
    /** List the NIC in `harvesterhci.io/waitForLeaseInterfaceNames`, so Harvester waits for its DHCP lease. @default false */
    waitForLease?: pulumi.Input<boolean>;
}

/**
 * Arguments of the multi-language HarvesterVirtualMachine: the TypeScript arguments with every union replaced by a
 * `namespace/name` reference, and cloud-init as flat fields (`userData`, `networkData`, `cloudInitType`).
 *
 * Every field is declared here rather than inherited, because the schema analyzer types inherited `Omit<>` fields
 * as `Any` and drops their docs; the type checks at the end of this file keep the two argument lists in step.
 */
export interface HarvesterVirtualMachineArgs {
    /** Namespace of the VM on the Harvester cluster. */
    namespace: pulumi.Input<string>;
    /** Kubernetes name of the VM. @default the resource name */
    vmName?: pulumi.Input<string>;
    /** Guest hostname. @default the VM name */
    hostname?: pulumi.Input<string>;
    /** Number of vCPU cores (one socket, one thread per core). */
    cpu: pulumi.Input<number>;
    /** Memory limit, e.g. `4Gi`. Harvester derives the request from its overcommit setting. */
    memory: pulumi.Input<string>;
    /** Disks, the boot disk first. */
    disks: HarvesterVmDisk[];
    /** NICs. @default [] - no NIC */
    networks?: HarvesterVmNetwork[];
    /** `namespace/name` of each Harvester KeyPair, e.g. a HarvesterKeyPair's `keyPairId` output. @default [] */
    sshKeys?: pulumi.Input<string>[];
    /** Cloud-init user data, e.g. `#cloud-config\n...`; stored in a Secret and kept secret in state. @default - no cloud-init disk */
    userData?: pulumi.Input<string>;
    /** Cloud-init network config (v1 or v2); needs `userData`. @default - none; the guest uses DHCP */
    networkData?: pulumi.Input<string>;
    /** `noCloud` or `configDrive`; needs `userData`. @default "noCloud" */
    cloudInitType?: pulumi.Input<string>;
    /** Free text shown in the UI. @default - none */
    description?: pulumi.Input<string>;
    /** Harvester tags (labels `tag.harvesterhci.io/<key>`). @default {} */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Labels on the VM and its pod template. @default {} */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** `Always`, `RerunOnFailure`, `Manual`, `Halted` or `Once`. @default "RerunOnFailure" */
    runStrategy?: pulumi.Input<string>;
    /** QEMU machine type. @default "q35" */
    machineType?: pulumi.Input<string>;
    /** Boot with EFI firmware. @default false (BIOS) */
    efi?: pulumi.Input<boolean>;
    /** EFI secure boot (turns on SMM). @default false */
    secureBoot?: pulumi.Input<boolean>;
    /** What happens on node drain. @default "LiveMigrateIfPossible" */
    evictionStrategy?: pulumi.Input<string>;
    /** Seconds the guest gets to shut down. @default 120 */
    terminationGracePeriodSeconds?: pulumi.Input<number>;
    /** Memory kept back from the guest for overhead (annotation `harvesterhci.io/reservedMemory`). @default - Harvester's 100Mi */
    reservedMemory?: pulumi.Input<string>;
    /** Spread VMs over hosts with a soft (preferred) anti-affinity. @default true */
    antiAffinity?: pulumi.Input<boolean>;
    /** Labels that identify this VM's peers for the anti-affinity, e.g. one pool's label. @default - every VM with a `harvesterhci.io/creator` label (Harvester's default) */
    antiAffinityLabels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

const CLOUD_INIT_PATHS: Record<string, string> = {
    "cloudInit.userData": "userData",
    "cloudInit.networkData": "networkData",
    "cloudInit.type": "cloudInitType",
};

/** The library's path for a problem, as the multi-language argument is named. */
export function vmArgPath(path: string): string {
    return CLOUD_INIT_PATHS[path] ?? path;
}

/** The TypeScript component's arguments for the multi-language ones (no validation). */
export function toLibraryVmArgs(args: HarvesterVirtualMachineArgs): harvester.HarvesterVirtualMachineArgs {
    const { userData, networkData, cloudInitType, ...rest } = args;
    const anyCloudInit = userData !== undefined || networkData !== undefined || cloudInitType !== undefined;
    return {
        ...rest,
        // userData is checked by the library schema (`userData is required` when only the others are set).
        cloudInit: anyCloudInit
            ? { userData: userData as pulumi.Input<string>, networkData, type: cloudInitType }
            : undefined,
    };
}

// Compile-time checks that every field of the TypeScript arguments is exposed here (`cloudInit` as the flat fields),
// so a field added to the library cannot be silently missing for other languages: the error names the missing field.
type Missing<Library, Wrapper, Replaced extends keyof Library = never> = Exclude<
    Exclude<keyof Library, Replaced>,
    keyof Wrapper
>;
type AllExposed<M> = [M] extends [never] ? true : M;
const allVmArgs: AllExposed<Missing<harvester.HarvesterVirtualMachineArgs, HarvesterVirtualMachineArgs, "cloudInit">> =
    true;
const allDiskArgs: AllExposed<Missing<harvester.HarvesterVmDisk, HarvesterVmDisk>> = true;
const allNicArgs: AllExposed<Missing<harvester.HarvesterVmNetwork, HarvesterVmNetwork>> = true;
void [allVmArgs, allDiskArgs, allNicArgs];
