import { VmSpec } from "../../components/harvester/vmManifest";

/**
 * A valid VM spec as drover's builder takes it (BIOS, one image-backed RWX disk, one VLAN NIC, cloud-init), shared
 * by the builder tests and the policy fixtures. Change one field per case through `overrides`.
 */
export function vmSpecFixture(overrides: Partial<VmSpec> = {}): VmSpec {
    return {
        name: "cp-0",
        namespace: "default",
        hostname: "cp-0",
        cpu: 4,
        memory: "8Gi",
        tags: {},
        labels: {},
        disks: [
            {
                name: "root",
                size: "40Gi",
                imageId: "default/ubuntu-2404",
                storageClassName: "longhorn-ubuntu-2404",
                bus: "virtio",
                volumeMode: "Block",
                accessMode: "ReadWriteMany",
                autoDelete: true,
            },
        ],
        networks: [{ name: "nic-1", networkName: "default/vlan100", model: "virtio", waitForLease: true }],
        sshKeyNames: [],
        cloudInitSecretName: "cp-0-cloudinit",
        hasNetworkData: true,
        cloudInitType: "noCloud",
        runStrategy: "RerunOnFailure",
        machineType: "q35",
        efi: false,
        secureBoot: false,
        evictionStrategy: "LiveMigrateIfPossible",
        terminationGracePeriodSeconds: 120,
        antiAffinity: true,
        antiAffinityLabels: {},
        ...overrides,
    };
}
