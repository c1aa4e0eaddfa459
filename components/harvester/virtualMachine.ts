import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { base64, droverType } from "../common/names";
import { applyTree, mapInput, resolveTree } from "../common/outputs";
import { validateArgs } from "../common/validation";
import { addSshKeysToUserData } from "./cloudInit";
import { HarvesterImage } from "./image";
import { HarvesterKeyPair } from "./keyPair";
import { HarvesterNetwork } from "./network";
import {
    buildCloudInitSecretData,
    buildVirtualMachine,
    VmDiskSpec,
    VmNicSpec,
    virtualMachineArgsSchema,
} from "./vmManifest";

/** A disk of a {@link HarvesterVirtualMachine}. */
export interface HarvesterVmDisk {
    /** Disk name, a DNS label; the PVC is named `<vm>-<disk>`. */
    name: pulumi.Input<string>;
    /** Size as a Kubernetes quantity, e.g. `20Gi`. */
    size: pulumi.Input<string>;
    /** Image to clone: a {@link HarvesterImage} or `"namespace/name"` of an existing image. @default - an empty disk */
    image?: HarvesterImage | pulumi.Input<string>;
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

/** A NIC of a {@link HarvesterVirtualMachine}. */
export interface HarvesterVmNetwork {
    /** Interface name, a DNS label, e.g. `nic-1`. */
    name: pulumi.Input<string>;
    /** A {@link HarvesterNetwork} or `"namespace/name"` of a VM network. @default - the pod (management) network, masquerade */
    network?: HarvesterNetwork | pulumi.Input<string>;
    /** NIC model. @default "virtio" */
    model?: pulumi.Input<string>;
    /** Fixed MAC address. @default - Harvester assigns one */
    macAddress?: pulumi.Input<string>;
    /** List the NIC in `harvesterhci.io/waitForLeaseInterfaceNames`, so Harvester waits for its DHCP lease. @default false */
    waitForLease?: pulumi.Input<boolean>;
}

/** Cloud-init for a {@link HarvesterVirtualMachine}, stored in a Secret. */
export interface HarvesterVmCloudInit {
    /** User data, e.g. `#cloud-config\n...`. Treated as secret: it often carries tokens. */
    userData: pulumi.Input<string>;
    /** Network config (cloud-init network v1/v2). @default - none; the guest uses DHCP */
    networkData?: pulumi.Input<string>;
    /** `noCloud` or `configDrive`. @default "noCloud" */
    type?: pulumi.Input<string>;
}

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
    /** SSH keys: {@link HarvesterKeyPair}s or `"namespace/name"`. Key pairs' public keys are added to `#cloud-config` user data. @default [] */
    sshKeys?: Array<HarvesterKeyPair | pulumi.Input<string>>;
    /** Cloud-init user and network data. @default - no cloud-init disk */
    cloudInit?: HarvesterVmCloudInit;
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

/** A disk's layout: everything but its image, as Inputs. */
type DiskLayout = { [K in keyof Omit<VmDiskSpec, "imageId" | "storageClassName">]: pulumi.Input<VmDiskSpec[K]> };

/** A disk's image and storage class, as Inputs; known only once the image is imported when drover creates it. */
type DiskImage = { imageId: pulumi.Input<string | undefined>; storageClassName: pulumi.Input<string | undefined> };

/** A disk with its image and storage class (an empty storage class is left out). */
function fullDisk(layout: VmDiskSpec, image: pulumi.Unwrap<DiskImage>): VmDiskSpec {
    return {
        ...layout,
        imageId: image.imageId,
        storageClassName: image.storageClassName ? image.storageClassName : undefined,
    };
}

function isResourceWith<K extends string>(v: unknown, key: K): v is Record<K, pulumi.Output<string>> {
    return pulumi.Resource.isInstance(v) && key in v;
}

/**
 * A Harvester virtual machine: a `kubevirt.io/v1 VirtualMachine` built as Harvester's own builder builds it, plus
 * a cloud-init Secret (keys `userdata`/`networkdata`) whose content is secret.
 *
 * Disks are declared in the `harvesterhci.io/volumeClaimTemplates` annotation, from which Harvester creates the
 * PVCs; an image-backed disk uses the storage class Harvester published for the image.
 */
export class HarvesterVirtualMachine extends pulumi.ComponentResource {
    public readonly vmName!: pulumi.Output<string>;
    public readonly namespace!: pulumi.Output<string>;
    /** `namespace/name` of the VM. */
    public readonly vmId!: pulumi.Output<string>;
    /** Name of the cloud-init Secret, or "" when the VM has no cloud-init. */
    public readonly cloudInitSecretName!: pulumi.Output<string>;
    /** Names of the PVCs Harvester creates for the disks, in disk order. */
    public readonly pvcNames!: pulumi.Output<string[]>;
    public readonly virtualMachine!: k8s.apiextensions.CustomResource;
    public readonly cloudInitSecret?: k8s.core.v1.Secret;

    constructor(name: string, args: HarvesterVirtualMachineArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included.
        if (!opts?.urn) {
            validateArgs("HarvesterVirtualMachine", name, virtualMachineArgsSchema, args);
        }
        super(droverType("HarvesterVirtualMachine"), name, {}, opts);
        if (opts?.urn) {
            return;
        }

        // The raw inputs, not Outputs made from them, feed every combination below: each Output wrapped again by
        // `all` costs the SDK a dozen promises, and a fleet builds thousands of VMs. Plain strings stay plain.
        const vmNameInput = args.vmName ?? name;
        const vmName = pulumi.output(vmNameInput);
        const namespace = pulumi.output(args.namespace);

        const disks = args.disks.map((d, i) => this.resolveDisk(name, d, i));
        const nics = (args.networks ?? []).map((n) => ({
            name: n.name,
            networkName: isResourceWith(n.network, "networkId") ? n.network.networkId : n.network,
            model: n.model ?? "virtio",
            macAddress: n.macAddress,
            waitForLease: n.waitForLease ?? false,
        }));
        const sshKeys = args.sshKeys ?? [];
        const sshKeyNames = sshKeys.map((k) => (isResourceWith(k, "keyPairId") ? k.keyPairId : k));
        // Named from the VM name, not read back from the Secret, so the VM spec is known at preview time.
        const secretName = args.cloudInit ? mapInput(vmNameInput, (n) => `${n}-cloudinit`) : undefined;

        let secret: k8s.core.v1.Secret | undefined;
        if (args.cloudInit) {
            const publicKeys = sshKeys
                .filter((k): k is HarvesterKeyPair => isResourceWith(k, "publicKey"))
                .map((k) => k.publicKey);
            const data = applyTree(
                { ud: args.cloudInit.userData, keys: publicKeys, nd: args.cloudInit.networkData },
                ({ ud, keys, nd }) =>
                    Object.fromEntries(
                        Object.entries(buildCloudInitSecretData(addSshKeysToUserData(ud, keys), nd)).map(([k, v]) => [
                            k,
                            base64(v),
                        ]),
                    ),
            );
            secret = new k8s.core.v1.Secret(
                `${name}-cloudinit`,
                {
                    metadata: { name: secretName, namespace: args.namespace },
                    type: "Opaque",
                    // User data carries join tokens and keys: keep it secret in state whatever the caller passed.
                    data: pulumi.secret(data),
                },
                { parent: this },
            );
        }

        const base = {
            name: vmNameInput,
            namespace: args.namespace,
            hostname: args.hostname ?? vmNameInput,
            cpu: args.cpu,
            memory: args.memory,
            description: args.description,
            tags: args.tags ?? {},
            labels: args.labels ?? {},
            runStrategy: args.runStrategy ?? "RerunOnFailure",
            machineType: args.machineType ?? "q35",
            efi: args.efi,
            secureBoot: args.secureBoot ?? false,
            evictionStrategy: args.evictionStrategy ?? "LiveMigrateIfPossible",
            terminationGracePeriodSeconds: args.terminationGracePeriodSeconds ?? 120,
            reservedMemory: args.reservedMemory,
            antiAffinity: args.antiAffinity ?? true,
            antiAffinityLabels: args.antiAffinityLabels ?? {},
            cloudInitType: args.cloudInit?.type ?? "noCloud",
            hasNetworkData: args.cloudInit?.networkData !== undefined,
            networks: nics,
            sshKeyNames,
            cloudInitSecretName: secretName,
        };
        const layouts = disks.map((d) => d.layout);
        const build = (a: pulumi.Unwrap<typeof base>, resolvedDisks: VmDiskSpec[]) =>
            buildVirtualMachine({
                ...a,
                efi: a.efi ?? a.secureBoot,
                cloudInitType: a.cloudInitType as "noCloud" | "configDrive",
                disks: resolvedDisks,
                networks: a.networks as VmNicSpec[],
            });
        // Only the volumeClaimTemplates annotation needs the images' storage classes, which Harvester publishes
        // once an image is imported. The spec is built without them so that it stays known during a preview that
        // also creates the image, and policies can check it before anything is created.
        // The spec's inputs are resolved once and shared with the metadata, which adds the images.
        const specInputs = resolveTree({ base, layouts });
        const spec = specInputs.apply(({ base: a, layouts: ls }) => build(a, ls as VmDiskSpec[]).spec);
        const metadata = applyTree(
            { specInputs, images: disks.map((d) => d.image) },
            ({ specInputs: { base: a, layouts: ls }, images }) =>
                build(
                    a,
                    ls.map((l, i) => fullDisk(l as VmDiskSpec, images[i])),
                ).metadata,
        );

        this.virtualMachine = new k8s.apiextensions.CustomResource(
            name,
            { apiVersion: "kubevirt.io/v1", kind: "VirtualMachine", metadata, spec },
            {
                parent: this,
                dependsOn: secret ? [secret] : [],
                // Harvester's VM mutating webhook replaces the whole affinity object: it appends a required node
                // term `network.harvesterhci.io/<clusternetwork>` for every multus NIC
                // (pkg/webhook/resources/virtualmachine/mutator.go). That term is the server's, so a refresh would
                // otherwise show a diff forever. The other fields the webhook writes (CPU and memory requests,
                // memory.guest, maxSockets, MAC addresses) are never set by drover, and the provider prunes live
                // state to the fields drover sets, so they need no rule here.
                ignoreChanges: ["spec.template.spec.affinity"],
            },
        );
        this.cloudInitSecret = secret;
        this.vmName = vmName;
        this.namespace = namespace;
        this.vmId = applyTree({ ns: args.namespace, vm: vmNameInput }, ({ ns, vm }) => `${ns}/${vm}`);
        this.cloudInitSecretName = pulumi.output(secretName ?? "");
        this.pvcNames = applyTree({ vm: vmNameInput, layouts }, ({ vm, layouts: ls }) =>
            ls.map((d) => `${vm}-${d.name}`),
        );
        this.registerOutputs({
            vmName: this.vmName,
            namespace: this.namespace,
            vmId: this.vmId,
            cloudInitSecretName: this.cloudInitSecretName,
            pvcNames: this.pvcNames,
        });
    }

    private resolveDisk(name: string, d: HarvesterVmDisk, index: number): { layout: DiskLayout; image: DiskImage } {
        let imageId: pulumi.Input<string | undefined> = undefined;
        let storageClassName: pulumi.Input<string | undefined> = d.storageClassName;
        if (isResourceWith(d.image, "imageId") && isResourceWith(d.image, "storageClassName")) {
            imageId = d.image.imageId;
            storageClassName = d.storageClassName ?? d.image.storageClassName;
        } else if (d.image !== undefined) {
            const ref = d.image as pulumi.Input<string>;
            imageId = ref;
            if (d.storageClassName === undefined) {
                storageClassName = this.lookupImageStorageClass(name, d, index, ref);
            }
        }
        const layout = {
            name: d.name,
            size: d.size,
            bus: d.bus ?? "virtio",
            bootOrder: d.bootOrder,
            volumeMode: d.volumeMode ?? "Block",
            accessMode: d.accessMode ?? "ReadWriteMany",
            autoDelete: d.autoDelete ?? true,
        };
        return { layout, image: { imageId, storageClassName } };
    }

    /** Reads an existing image's `status.storageClassName` from Harvester, never guessing the name. */
    private lookupImageStorageClass(
        name: string,
        d: HarvesterVmDisk,
        index: number,
        imageId: pulumi.Input<string>,
    ): pulumi.Output<string | undefined> {
        const suffix = typeof d.name === "string" ? d.name : `disk${index}`;
        const image = new k8s.apiextensions.CustomResource(
            `${name}-${suffix}-image`,
            { apiVersion: "harvesterhci.io/v1beta1", kind: "VirtualMachineImage", status: undefined },
            { parent: this, id: imageId },
        );
        const status = (image as unknown as { status: pulumi.Output<{ storageClassName?: string } | undefined> })
            .status;
        return status.apply((s) => s?.storageClassName);
    }
}
