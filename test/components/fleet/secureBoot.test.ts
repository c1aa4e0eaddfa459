import { withSecureBoot } from "../../../components/fleet/secureBoot";
import { buildVirtualMachine, VmSpec } from "../../../components/harvester/vmManifest";

function spec(over: Partial<VmSpec> = {}): VmSpec {
    return {
        name: "prod-a-cp-0",
        namespace: "fleet-prod",
        hostname: "prod-a-cp-0",
        cpu: 4,
        memory: "16Gi",
        tags: {},
        labels: { "rke2.drover.io/cluster": "prod-a" },
        disks: [
            {
                name: "root",
                size: "80Gi",
                imageId: "fleet-prod/ubuntu-2404",
                bus: "virtio",
                volumeMode: "Block",
                accessMode: "ReadWriteMany",
                autoDelete: true,
            },
        ],
        networks: [{ name: "nic-1", networkName: "fleet-prod/vlan130", model: "virtio", waitForLease: false }],
        sshKeyNames: [],
        cloudInitSecretName: "prod-a-cp-0-cloudinit",
        hasNetworkData: false,
        cloudInitType: "noCloud",
        runStrategy: "RerunOnFailure",
        machineType: "q35",
        efi: false,
        secureBoot: false,
        evictionStrategy: "LiveMigrateIfPossible",
        terminationGracePeriodSeconds: 120,
        antiAffinity: true,
        antiAffinityLabels: {},
        ...over,
    };
}

describe("withSecureBoot", () => {
    test.each([
        ["a BIOS VM", spec()],
        ["an EFI VM without secure boot", spec({ efi: true })],
    ])("turns %s into exactly what Harvester's builder writes for efi and secureBoot", (_what, s) => {
        const expected = buildVirtualMachine({ ...s, efi: true, secureBoot: true }).spec;
        expect(withSecureBoot(buildVirtualMachine(s).spec)).toEqual(expected);
    });

    test("changes nothing on a VM that already boots securely, and leaves its input alone", () => {
        const secure = buildVirtualMachine(spec({ efi: true, secureBoot: true })).spec;
        const before = JSON.stringify(secure);
        expect(withSecureBoot(secure)).toEqual(secure);
        expect(JSON.stringify(secure)).toBe(before);
    });
});
