import {
    buildAntiAffinity,
    buildVirtualMachine,
    buildVolumeClaimTemplates,
    VmSpec,
} from "../../../components/harvester/vmManifest";
import { addSshKeysToUserData } from "../../../components/harvester/cloudInit";
import { schemaErrors } from "../../support/schemas";
import { vmSpecFixture } from "../../support/vmSpec";

function spec(overrides: Partial<VmSpec> = {}): VmSpec {
    return vmSpecFixture(overrides);
}

describe("buildVirtualMachine", () => {
    it("reproduces the shape Harvester's builder produces", () => {
        const vm = buildVirtualMachine(spec());
        expect(vm.metadata).toEqual({
            name: "cp-0",
            namespace: "default",
            labels: { "harvesterhci.io/creator": "drover" },
            annotations: {
                "harvesterhci.io/volumeClaimTemplates": JSON.stringify([
                    {
                        metadata: {
                            name: "cp-0-root",
                            annotations: { "harvesterhci.io/imageId": "default/ubuntu-2404" },
                        },
                        spec: {
                            accessModes: ["ReadWriteMany"],
                            resources: { requests: { storage: "40Gi" } },
                            volumeMode: "Block",
                            storageClassName: "longhorn-ubuntu-2404",
                        },
                    },
                ]),
                "harvesterhci.io/removedPersistentVolumeClaims": "cp-0-root",
            },
        });
        expect(vm.spec.runStrategy).toBe("RerunOnFailure");
        expect(vm.spec.template.metadata).toEqual({
            labels: { "harvesterhci.io/creator": "drover", "harvesterhci.io/vmName": "cp-0" },
            annotations: {
                "harvesterhci.io/sshNames": "[]",
                "harvesterhci.io/waitForLeaseInterfaceNames": '["nic-1"]',
            },
        });
        expect(vm.spec.template.spec).toEqual({
            hostname: "cp-0",
            evictionStrategy: "LiveMigrateIfPossible",
            terminationGracePeriodSeconds: 120,
            domain: {
                machine: { type: "q35" },
                cpu: { cores: 4, sockets: 1, threads: 1 },
                resources: { limits: { cpu: "4", memory: "8Gi" } },
                devices: {
                    interfaces: [{ name: "nic-1", model: "virtio", bridge: {} }],
                    disks: [
                        { name: "root", bootOrder: 1, disk: { bus: "virtio" } },
                        { name: "cloudinitdisk", disk: { bus: "virtio" } },
                    ],
                },
            },
            networks: [{ name: "nic-1", multus: { networkName: "default/vlan100" } }],
            volumes: [
                { name: "root", persistentVolumeClaim: { claimName: "cp-0-root" } },
                {
                    name: "cloudinitdisk",
                    cloudInitNoCloud: {
                        secretRef: { name: "cp-0-cloudinit" },
                        networkDataSecretRef: { name: "cp-0-cloudinit" },
                    },
                },
            ],
            affinity: buildAntiAffinity({}),
        });
    });

    it("never sets the fields Harvester's webhook computes", () => {
        const vm = buildVirtualMachine(spec());
        const domain = vm.spec.template.spec.domain;
        expect(domain.resources.requests).toBeUndefined();
        expect(domain.memory).toBeUndefined();
        expect(domain.cpu.maxSockets).toBeUndefined();
        expect(domain.devices.interfaces[0].macAddress).toBeUndefined();
    });

    it("uses the default soft anti-affinity on Harvester's creator label", () => {
        expect(buildAntiAffinity({})).toEqual({
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                        weight: 100,
                        podAffinityTerm: {
                            topologyKey: "kubernetes.io/hostname",
                            labelSelector: {
                                matchExpressions: [{ key: "harvesterhci.io/creator", operator: "Exists" }],
                            },
                        },
                    },
                ],
            },
        });
    });

    it("spreads a pool by its own label and puts that label on the pod template", () => {
        const vm = buildVirtualMachine(spec({ antiAffinityLabels: { "drover.io/pool": "cp" } }));
        expect(vm.spec.template.metadata.labels["drover.io/pool"]).toBe("cp");
        expect(JSON.stringify(vm.spec.template.spec.affinity)).toContain('"matchLabels":{"drover.io/pool":"cp"}');
    });

    it("turns on SMM with secure boot, and EFI firmware with it", () => {
        const vm = buildVirtualMachine(spec({ efi: true, secureBoot: true }));
        const domain = vm.spec.template.spec.domain as Record<string, unknown>;
        expect(domain.firmware).toEqual({ bootloader: { efi: { secureBoot: true } } });
        expect(domain.features).toEqual({ smm: { enabled: true } });
        expect(buildVirtualMachine(spec({ efi: true })).spec.template.spec.domain).not.toHaveProperty("features");
    });

    it("uses masquerade on the pod network and a sata cdrom for config drive", () => {
        const vm = buildVirtualMachine(
            spec({
                networks: [{ name: "mgmt", model: "virtio", waitForLease: true }],
                cloudInitType: "configDrive",
                hasNetworkData: false,
            }),
        );
        const t = vm.spec.template;
        expect(t.spec.networks).toEqual([{ name: "mgmt", pod: {} }]);
        expect((t.spec.domain as { devices: { interfaces: unknown[] } }).devices.interfaces).toEqual([
            { name: "mgmt", model: "virtio", masquerade: {} },
        ]);
        // Harvester only waits for leases on bridged NICs.
        expect(t.metadata.annotations["harvesterhci.io/waitForLeaseInterfaceNames"]).toBe("[]");
        expect(t.spec.volumes[1]).toEqual({
            name: "cloudinitdisk",
            cloudInitConfigDrive: { secretRef: { name: "cp-0-cloudinit" } },
        });
        expect((t.spec.domain as { devices: { disks: unknown[] } }).devices.disks[1]).toEqual({
            name: "cloudinitdisk",
            cdrom: { bus: "sata" },
        });
    });

    it("writes tags, description, reserved memory and ssh key names", () => {
        const vm = buildVirtualMachine(
            spec({ tags: { env: "dev" }, description: "web", reservedMemory: "256Mi", sshKeyNames: ["default/ops"] }),
        );
        expect(vm.metadata.labels["tag.harvesterhci.io/env"]).toBe("dev");
        expect(vm.metadata.annotations["field.cattle.io/description"]).toBe("web");
        expect(vm.metadata.annotations["harvesterhci.io/reservedMemory"]).toBe("256Mi");
        expect(vm.spec.template.metadata.annotations["harvesterhci.io/sshNames"]).toBe('["default/ops"]');
    });

    it("keeps disks the user does not want deleted out of the removal list", () => {
        const s = spec();
        s.disks.push({
            name: "data",
            size: "100Gi",
            bus: "virtio",
            volumeMode: "Block",
            accessMode: "ReadWriteMany",
            autoDelete: false,
        });
        const vm = buildVirtualMachine(s);
        expect(vm.metadata.annotations["harvesterhci.io/removedPersistentVolumeClaims"]).toBe("cp-0-root");
        expect(buildVolumeClaimTemplates(s)[1]).toEqual({
            metadata: { name: "cp-0-data" },
            spec: {
                accessModes: ["ReadWriteMany"],
                resources: { requests: { storage: "100Gi" } },
                volumeMode: "Block",
            },
        });
    });

    it.each([
        { what: "the default VM", s: spec() },
        { what: "an EFI secure-boot VM", s: spec({ efi: true, secureBoot: true }) },
        {
            what: "a pod-network config-drive VM",
            s: spec({ networks: [{ name: "m", model: "e1000", waitForLease: false }], cloudInitType: "configDrive" }),
        },
        {
            what: "a VM without cloud-init or NICs",
            s: spec({ networks: [], cloudInitSecretName: undefined, antiAffinity: false }),
        },
    ])("$what is valid against the KubeVirt v1.7 OpenAPI, strictly", ({ s }) => {
        expect(schemaErrors(buildVirtualMachine(s))).toEqual([]);
    });

    it("the strict schema check catches a misspelled field", () => {
        const vm = buildVirtualMachine(spec()) as unknown as { spec: { template: { spec: Record<string, unknown> } } };
        vm.spec.template.spec.evictionStrategyy = "LiveMigrate";
        expect(schemaErrors(vm)).toContain(
            "/spec/template/spec must NOT have additional properties (evictionStrategyy)",
        );
    });
});

describe("addSshKeysToUserData", () => {
    it("adds keys to #cloud-config once, keeping what is there", () => {
        const out = addSshKeysToUserData(
            "#cloud-config\nssh_authorized_keys:\n  - ssh-ed25519 AAAA a\npackages: [curl]\n",
            ["ssh-ed25519 AAAA a", "ssh-ed25519 BBBB b"],
        );
        expect(out.startsWith("#cloud-config\n")).toBe(true);
        expect(out).toContain("packages:");
        expect(out.match(/AAAA/g)).toHaveLength(1);
        expect(out).toContain("- ssh-ed25519 BBBB b");
    });

    it("leaves shell scripts and empty key lists alone", () => {
        expect(addSshKeysToUserData("#!/bin/sh\necho hi\n", ["ssh-ed25519 AAAA"])).toBe("#!/bin/sh\necho hi\n");
        expect(addSshKeysToUserData("#cloud-config\n{}\n", [])).toBe("#cloud-config\n{}\n");
    });

    it("handles a bare #cloud-config header", () => {
        expect(addSshKeysToUserData("#cloud-config\n", ["ssh-ed25519 AAAA x"])).toBe(
            "#cloud-config\nssh_authorized_keys:\n  - ssh-ed25519 AAAA x\n",
        );
    });
});
