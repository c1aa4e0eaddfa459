import { z } from "zod";
import { dnsLabel, intBetween, labelMap, namespacedRef, noDuplicates, quantity } from "../common/rules";
import { cloudConfigYamlError } from "./cloudInit";
import { CREATOR, HARVESTER } from "./constants";

/** Resolved description of one VM disk, as the manifest builder needs it. */
export interface VmDiskSpec {
    name: string;
    size: string;
    /** `namespace/name` of a Harvester image, for an image-backed disk. */
    imageId?: string;
    /** Storage class of the PVC. For an image-backed disk: the image's `status.storageClassName`. */
    storageClassName?: string;
    bus: string;
    bootOrder?: number;
    volumeMode: string;
    accessMode: string;
    autoDelete: boolean;
}

/** Resolved description of one VM NIC. */
export interface VmNicSpec {
    name: string;
    /** `namespace/name` of a NetworkAttachmentDefinition; absent for the pod (management) network. */
    networkName?: string;
    model: string;
    macAddress?: string;
    waitForLease: boolean;
}

/** Everything the VirtualMachine manifest is built from, with every value known. */
export interface VmSpec {
    name: string;
    namespace: string;
    hostname: string;
    cpu: number;
    memory: string;
    description?: string;
    tags: Record<string, string>;
    labels: Record<string, string>;
    disks: VmDiskSpec[];
    networks: VmNicSpec[];
    /** `namespace/name` of each Harvester KeyPair. */
    sshKeyNames: string[];
    cloudInitSecretName?: string;
    hasNetworkData: boolean;
    cloudInitType: "noCloud" | "configDrive";
    runStrategy: string;
    machineType: string;
    efi: boolean;
    secureBoot: boolean;
    evictionStrategy: string;
    terminationGracePeriodSeconds: number;
    reservedMemory?: string;
    /** Labels that select this VM's peers for soft anti-affinity; empty = Harvester's default selector. */
    antiAffinityLabels: Record<string, string>;
    antiAffinity: boolean;
}

export const RUN_STRATEGIES = ["Always", "RerunOnFailure", "Manual", "Halted", "Once"] as const;
export const DISK_BUSES = ["virtio", "sata", "scsi"] as const;
export const NIC_MODELS = ["virtio", "e1000", "e1000e", "ne2k_pci", "pcnet", "rtl8139"] as const;
export const EVICTION_STRATEGIES = ["LiveMigrateIfPossible", "LiveMigrate", "External", "None"] as const;

/** Name of the PVC Harvester creates for a disk. Stable, so a plan never renames a disk. */
export function pvcName(vmName: string, diskName: string): string {
    return `${vmName}-${diskName}`;
}

/** The `harvesterhci.io/volumeClaimTemplates` entries, one full PVC per disk (pkg/builder/disk.go). */
export function buildVolumeClaimTemplates(spec: Pick<VmSpec, "name" | "disks">): object[] {
    return spec.disks.map((d) => ({
        metadata: {
            name: pvcName(spec.name, d.name),
            ...(d.imageId ? { annotations: { [HARVESTER.imageId]: d.imageId } } : {}),
        },
        spec: {
            accessModes: [d.accessMode],
            resources: { requests: { storage: d.size } },
            volumeMode: d.volumeMode,
            ...(d.storageClassName ? { storageClassName: d.storageClassName } : {}),
        },
    }));
}

/** Harvester's default soft anti-affinity, or one narrowed to the given peer labels. */
export function buildAntiAffinity(labels: Record<string, string>): object {
    const selector =
        Object.keys(labels).length > 0
            ? { matchLabels: { ...labels } }
            : { matchExpressions: [{ key: HARVESTER.creator, operator: "Exists" }] };
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: selector } },
            ],
        },
    };
}

/** The VirtualMachine object drover builds; `template.spec` follows the KubeVirt v1 API. */
export interface VirtualMachineObject {
    apiVersion: "kubevirt.io/v1";
    kind: "VirtualMachine";
    metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
    spec: {
        runStrategy: string;
        template: {
            metadata: { labels: Record<string, string>; annotations: Record<string, string> };
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            spec: Record<string, any>;
        };
    };
}

/** Builds the `kubevirt.io/v1 VirtualMachine` object the way Harvester's own builder does (pkg/builder/vm.go). */
export function buildVirtualMachine(spec: VmSpec): VirtualMachineObject {
    const tagLabels = Object.fromEntries(Object.entries(spec.tags).map(([k, v]) => [`${HARVESTER.tagPrefix}${k}`, v]));
    const autoDelete = spec.disks.filter((d) => d.autoDelete).map((d) => pvcName(spec.name, d.name));
    const anyBootOrder = spec.disks.some((d) => d.bootOrder !== undefined);

    const annotations: Record<string, string> = {
        [HARVESTER.volumeClaimTemplates]: JSON.stringify(buildVolumeClaimTemplates(spec)),
    };
    if (spec.description) {
        annotations[HARVESTER.description] = spec.description;
    }
    if (spec.reservedMemory) {
        annotations[HARVESTER.reservedMemory] = spec.reservedMemory;
    }
    // Harvester deletes the PVCs listed here when the VM is removed, and only those (its VM controller's
    // remove handler). Writing the list up front makes `pulumi destroy` and a replace clean up the disks of
    // `autoDelete` disks, as the Terraform provider does by setting it just before deleting.
    if (autoDelete.length > 0) {
        annotations[HARVESTER.removedPVCs] = autoDelete.join(",");
    }

    const disks: object[] = spec.disks.map((d, i) => ({
        name: d.name,
        ...(d.bootOrder !== undefined ? { bootOrder: d.bootOrder } : !anyBootOrder && i === 0 ? { bootOrder: 1 } : {}),
        disk: { bus: d.bus },
    }));
    const volumes: object[] = spec.disks.map((d) => ({
        name: d.name,
        persistentVolumeClaim: { claimName: pvcName(spec.name, d.name) },
    }));
    if (spec.cloudInitSecretName) {
        const ref = { secretRef: { name: spec.cloudInitSecretName } };
        const net = spec.hasNetworkData ? { networkDataSecretRef: { name: spec.cloudInitSecretName } } : {};
        if (spec.cloudInitType === "configDrive") {
            disks.push({ name: "cloudinitdisk", cdrom: { bus: "sata" } });
            volumes.push({ name: "cloudinitdisk", cloudInitConfigDrive: { ...ref, ...net } });
        } else {
            disks.push({ name: "cloudinitdisk", disk: { bus: "virtio" } });
            volumes.push({ name: "cloudinitdisk", cloudInitNoCloud: { ...ref, ...net } });
        }
    }

    const interfaces = spec.networks.map((n) => ({
        name: n.name,
        model: n.model,
        ...(n.macAddress ? { macAddress: n.macAddress } : {}),
        ...(n.networkName ? { bridge: {} } : { masquerade: {} }),
    }));
    const networks = spec.networks.map((n) =>
        n.networkName ? { name: n.name, multus: { networkName: n.networkName } } : { name: n.name, pod: {} },
    );

    const domain: Record<string, unknown> = {
        machine: { type: spec.machineType },
        cpu: { cores: spec.cpu, sockets: 1, threads: 1 },
        resources: { limits: { cpu: String(spec.cpu), memory: spec.memory } },
        devices: { interfaces, disks },
    };
    if (spec.efi) {
        domain.firmware = { bootloader: { efi: { secureBoot: spec.secureBoot } } };
        if (spec.secureBoot) {
            domain.features = { smm: { enabled: true } };
        }
    }

    const templateSpec: Record<string, unknown> = {
        hostname: spec.hostname,
        evictionStrategy: spec.evictionStrategy,
        terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
        domain,
        networks,
        volumes,
    };
    if (spec.antiAffinity) {
        templateSpec.affinity = buildAntiAffinity(spec.antiAffinityLabels);
    }

    return {
        apiVersion: "kubevirt.io/v1",
        kind: "VirtualMachine",
        metadata: {
            name: spec.name,
            namespace: spec.namespace,
            labels: { ...spec.labels, ...tagLabels, [HARVESTER.creator]: CREATOR },
            annotations,
        },
        spec: {
            runStrategy: spec.runStrategy,
            template: {
                metadata: {
                    labels: {
                        ...spec.labels,
                        ...spec.antiAffinityLabels,
                        [HARVESTER.creator]: CREATOR,
                        [HARVESTER.vmName]: spec.name,
                    },
                    annotations: {
                        [HARVESTER.sshNames]: JSON.stringify(spec.sshKeyNames),
                        [HARVESTER.waitForLease]: JSON.stringify(
                            spec.networks.filter((n) => n.waitForLease && n.networkName).map((n) => n.name),
                        ),
                    },
                },
                spec: templateSpec,
            },
        },
    };
}

/** The cloud-init Secret's keys, as Harvester and its Terraform provider name them. */
export function buildCloudInitSecretData(userData: string, networkData: string | undefined): Record<string, string> {
    return networkData === undefined ? { userdata: userData } : { userdata: userData, networkdata: networkData };
}

const MAC = /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/;

const diskSchema = z.strictObject({
    name: dnsLabel("rootdisk"),
    size: quantity("20Gi"),
    image: namespacedRef("default/ubuntu-22.04").optional(),
    storageClassName: z.string().min(1).optional(),
    bus: z.enum(DISK_BUSES).optional(),
    bootOrder: intBetween(1, 100).optional(),
    volumeMode: z.enum(["Block", "Filesystem"]).optional(),
    accessMode: z.enum(["ReadWriteMany", "ReadWriteOnce", "ReadOnlyMany"]).optional(),
    autoDelete: z.boolean().optional(),
});

const nicSchema = z.strictObject({
    name: dnsLabel("nic-1"),
    network: namespacedRef("default/vlan100").optional(),
    model: z.enum(NIC_MODELS).optional(),
    macAddress: z
        .string()
        .refine((s) => MAC.test(s), { message: 'is not a MAC address; use e.g. "52:54:00:12:34:56"' })
        .optional(),
    waitForLease: z.boolean().optional(),
});

const userDataSchema = z.string().superRefine((s, ctx) => {
    if (s.trim().length === 0) {
        ctx.addIssue({
            code: "custom",
            input: undefined, // user data is secret: never echo it in an error
            message: 'is empty; give cloud-init user data, e.g. "#cloud-config\\n..."',
        });
        return;
    }
    const err = cloudConfigYamlError(s);
    if (err !== undefined) {
        ctx.addIssue({
            code: "custom",
            input: undefined, // user data is secret: never echo it in an error
            message: `is #cloud-config but not valid YAML (${err}); fix the YAML`,
        });
    }
});

/** The zod schema for {@link HarvesterVirtualMachineArgs}; values unknown until deployment are skipped. */
export const virtualMachineArgsSchema = z
    .strictObject({
        namespace: dnsLabel("default"),
        vmName: dnsLabel("web-0").optional(),
        hostname: dnsLabel("web-0").optional(),
        cpu: intBetween(1, 512, "a whole number of cores"),
        memory: quantity("4Gi"),
        description: z.string().optional(),
        tags: labelMap().optional(),
        labels: labelMap().optional(),
        disks: z
            .array(diskSchema)
            .min(1, { message: 'must list at least one disk; add e.g. { name: "rootdisk", size: "20Gi", image }' }),
        networks: z.array(nicSchema).optional(),
        sshKeys: z.array(namespacedRef("default/ops-key").optional()).optional(),
        cloudInit: z
            .strictObject({
                userData: userDataSchema,
                networkData: z.string().optional(),
                type: z.enum(["noCloud", "configDrive"]).optional(),
            })
            .optional(),
        runStrategy: z.enum(RUN_STRATEGIES).optional(),
        machineType: z.string().min(1).optional(),
        efi: z.boolean().optional(),
        secureBoot: z.boolean().optional(),
        evictionStrategy: z.enum(EVICTION_STRATEGIES).optional(),
        terminationGracePeriodSeconds: intBetween(0, 3600).optional(),
        reservedMemory: quantity("256Mi").optional(),
        antiAffinity: z.boolean().optional(),
        antiAffinityLabels: labelMap().optional(),
    })
    .superRefine((a, ctx) => {
        noDuplicates(a.disks, (d) => d?.name, "name", ctx, ["disks"]);
        noDuplicates(a.networks, (n) => n?.name, "name", ctx, ["networks"]);
        if (a.secureBoot === true && a.efi === false) {
            ctx.addIssue({
                code: "custom",
                path: ["secureBoot"],
                input: true,
                message: "needs EFI firmware; set efi: true or drop secureBoot",
            });
        }
        (a.disks ?? []).forEach((d, i) => {
            if (d?.name === "cloudinitdisk") {
                ctx.addIssue({
                    code: "custom",
                    path: ["disks", i, "name"],
                    input: d.name,
                    message: 'is reserved for the cloud-init disk; use another name, e.g. "datadisk"',
                });
            }
        });
    });
