import * as pulumi from "@pulumi/pulumi";
import type * as droverModule from "../../../index";
import { recordResources, RecordedResource, settle } from "../../support/mocks";

let drover: typeof droverModule;
let recorded: RecordedResource[];

beforeAll(async () => {
    recorded = await recordResources();
    drover = await import("../../../index");
});

beforeEach(() => {
    recorded.length = 0;
});

const vmBase: droverModule.HarvesterVirtualMachineArgs = {
    namespace: "default",
    cpu: 2,
    memory: "4Gi",
    disks: [{ name: "rootdisk", size: "20Gi", image: "default/ubuntu" }],
    networks: [{ name: "nic-1", network: "default/vlan100" }],
    cloudInit: { userData: "#cloud-config\n{}\n" },
};

// Each case changes one thing and gives the exact message users see.
const vmCases: Array<{ rule: string; args: Record<string, unknown>; message: string }> = [
    {
        rule: "disk size must be a quantity",
        args: { disks: [{ name: "rootdisk", size: "20GB" }] },
        message: 'disks[0].size "20GB" is not a Kubernetes quantity; use e.g. "20Gi"',
    },
    {
        rule: "memory must be a quantity",
        args: { memory: "4 GB" },
        message: 'memory "4 GB" is not a Kubernetes quantity; use e.g. "4Gi"',
    },
    {
        rule: "cpu must be a whole number",
        args: { cpu: 1.5 },
        message: "cpu 1.5 must be a whole number of cores from 1 to 512",
    },
    { rule: "cpu must be positive", args: { cpu: 0 }, message: "cpu 0 must be a whole number of cores from 1 to 512" },
    { rule: "cpu is required", args: { cpu: undefined }, message: "cpu is required" },
    {
        rule: "namespace must be a DNS label",
        args: { namespace: "Default" },
        message:
            'namespace "Default" is not a DNS label (lower-case letters, digits and "-", at most 63 characters); use e.g. "default"',
    },
    {
        rule: "vmName must be a DNS label",
        args: { vmName: "web_0" },
        message:
            'vmName "web_0" is not a DNS label (lower-case letters, digits and "-", at most 63 characters); use e.g. "web-0"',
    },
    {
        rule: "at least one disk",
        args: { disks: [] },
        message: 'disks [] must list at least one disk; add e.g. { name: "rootdisk", size: "20Gi", image }',
    },
    {
        rule: "disk names are unique",
        args: {
            disks: [
                { name: "a", size: "1Gi" },
                { name: "a", size: "2Gi" },
            ],
        },
        message: 'disks[1].name "a" is used twice (also at index 0); give each a unique name',
    },
    {
        rule: "cloudinitdisk is reserved",
        args: { disks: [{ name: "cloudinitdisk", size: "1Gi" }] },
        message: 'disks[0].name "cloudinitdisk" is reserved for the cloud-init disk; use another name, e.g. "datadisk"',
    },
    {
        rule: "image refs are namespace/name",
        args: { disks: [{ name: "root", size: "1Gi", image: "ubuntu" }] },
        message: 'disks[0].image "ubuntu" is not a "namespace/name" reference; use e.g. "default/ubuntu-22.04"',
    },
    {
        rule: "disk bus is known",
        args: { disks: [{ name: "root", size: "1Gi", bus: "ide" }] },
        message: 'disks[0].bus "ide" is not supported; use one of "virtio", "sata", "scsi"',
    },
    {
        rule: "disk fields are known",
        args: { disks: [{ name: "root", size: "1Gi", sise: "2Gi" }] },
        message: "disks[0].sise is not a known field; remove it or fix its spelling",
    },
    {
        rule: "network refs are namespace/name",
        args: { networks: [{ name: "nic-1", network: "vlan100" }] },
        message: 'networks[0].network "vlan100" is not a "namespace/name" reference; use e.g. "default/vlan100"',
    },
    {
        rule: "NIC names are unique",
        args: { networks: [{ name: "nic-1" }, { name: "nic-1" }] },
        message: 'networks[1].name "nic-1" is used twice (also at index 0); give each a unique name',
    },
    {
        rule: "MAC addresses are well formed",
        args: { networks: [{ name: "nic-1", macAddress: "52:54:00:zz:00:01" }] },
        message: 'networks[0].macAddress "52:54:00:zz:00:01" is not a MAC address; use e.g. "52:54:00:12:34:56"',
    },
    {
        rule: "run strategy is known",
        args: { runStrategy: "Running" },
        message:
            'runStrategy "Running" is not supported; use one of "Always", "RerunOnFailure", "Manual", "Halted", "Once"',
    },
    {
        rule: "eviction strategy is known",
        args: { evictionStrategy: "Migrate" },
        message:
            'evictionStrategy "Migrate" is not supported; use one of "LiveMigrateIfPossible", "LiveMigrate", "External", "None"',
    },
    {
        rule: "secure boot needs EFI",
        args: { efi: false, secureBoot: true },
        message: "secureBoot true needs EFI firmware; set efi: true or drop secureBoot",
    },
    {
        rule: "user data is not empty",
        args: { cloudInit: { userData: "  " } },
        message: 'cloudInit.userData is empty; give cloud-init user data, e.g. "#cloud-config\\n..."',
    },
    {
        rule: "#cloud-config is YAML",
        args: { cloudInit: { userData: "#cloud-config\nruncmd: [a\n" } },
        message:
            "cloudInit.userData is #cloud-config but not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1); fix the YAML",
    },
    {
        rule: "user data is required with cloudInit",
        args: { cloudInit: {} },
        message: "cloudInit.userData is required",
    },
    {
        rule: "cloud-init type is known",
        args: { cloudInit: { userData: "#!/bin/sh", type: "nocloud" } },
        message: 'cloudInit.type "nocloud" is not supported; use one of "noCloud", "configDrive"',
    },
    {
        rule: "tags are label-safe",
        args: { tags: { env: "dev prod" } },
        message:
            'tags.env "dev prod" is not a valid label value (at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric)',
    },
    {
        rule: "reserved memory is a quantity",
        args: { reservedMemory: "lots" },
        message: 'reservedMemory "lots" is not a Kubernetes quantity; use e.g. "256Mi"',
    },
    {
        rule: "grace period is bounded",
        args: { terminationGracePeriodSeconds: -1 },
        message: "terminationGracePeriodSeconds -1 must be a whole number from 0 to 3600",
    },
    {
        rule: "unknown arguments are rejected",
        args: { cpus: 2 },
        message: "cpus is not a known field; remove it or fix its spelling",
    },
];

describe("HarvesterVirtualMachine rejects bad input before registering anything", () => {
    it.each(vmCases)("$rule", async ({ args, message }) => {
        const merged = { ...vmBase, ...args } as droverModule.HarvesterVirtualMachineArgs;
        expect(() => new drover.HarvesterVirtualMachine("web-0", merged)).toThrow(
            new Error(`HarvesterVirtualMachine "web-0": ${message}`),
        );
        await settle();
        expect(recorded).toEqual([]);
    });

    it("throws drover's one error type, an InputPropertiesError", () => {
        let err: unknown;
        try {
            new drover.HarvesterVirtualMachine("web-0", { ...vmBase, memory: "x" });
        } catch (e) {
            err = e;
        }
        expect(err).toBeInstanceOf(drover.DroverInputError);
        expect(err).toBeInstanceOf(pulumi.InputPropertiesError);
        expect((err as droverModule.DroverInputError).problems).toEqual([
            { path: "memory", value: "x", reason: 'is not a Kubernetes quantity; use e.g. "4Gi"' },
        ]);
    });

    it("checks known values even when others are Outputs", async () => {
        expect(
            () => new drover.HarvesterVirtualMachine("web-0", { ...vmBase, cpu: pulumi.output(2), memory: "4GB" }),
        ).toThrow('HarvesterVirtualMachine "web-0": memory "4GB" is not a Kubernetes quantity; use e.g. "4Gi"');
    });
});

const imageBase = { namespace: "default", displayName: "ubuntu", url: "https://images.example.internal/jammy.img" };
const imageCases = [
    {
        rule: "url is http(s) or file",
        args: { url: "ftp://x/y.img" },
        message:
            'url "ftp://x/y.img" is not an http(s):// or file:// URL; use e.g. "https://images.example.internal/jammy.img"',
    },
    {
        rule: "checksum is SHA-512",
        args: { checksum: "abc" },
        message:
            'checksum "abc" is not a SHA-512 checksum (128 lower-case hex digits); use the output of `sha512sum <image>`',
    },
    {
        rule: "displayName is not empty",
        args: { displayName: "" },
        message: 'displayName "" is empty; give a name people see, e.g. "ubuntu-22.04"',
    },
    { rule: "retry is 0 to 10", args: { retry: 11 }, message: "retry 11 must be a whole number from 0 to 10" },
    {
        rule: "backend is known",
        args: { backend: "longhorn" },
        message: 'backend "longhorn" is not supported; use one of "backingimage", "cdi"',
    },
    {
        rule: "cdi needs a base storage class",
        args: { backend: "cdi" },
        message:
            'baseStorageClassName is required with backend "cdi" (Harvester needs the base storage class); set e.g. "harvester-longhorn"',
    },
    {
        rule: "replica count is a positive number",
        args: { storageClassParameters: { numberOfReplicas: "two" } },
        message:
            'storageClassParameters.numberOfReplicas "two" is not a positive whole number in a string; use e.g. "3"',
    },
    {
        rule: "image name is a Kubernetes name",
        args: { imageName: "Ubuntu 22" },
        message:
            'imageName "Ubuntu 22" is not a valid Kubernetes object name (lower-case letters, digits, "-" and "."); use e.g. "ubuntu-22.04"',
    },
];

describe("HarvesterImage rejects bad input", () => {
    it.each(imageCases)("$rule", async ({ args, message }) => {
        expect(
            () => new drover.HarvesterImage("img", { ...imageBase, ...args } as droverModule.HarvesterImageArgs),
        ).toThrow(new Error(`HarvesterImage "img": ${message}`));
        await settle();
        expect(recorded).toEqual([]);
    });
});

const netBase = { namespace: "default", clusterNetwork: "vmnet", vlanId: 100 };
const netCases = [
    {
        rule: "VLAN id is 0 to 4094",
        args: { vlanId: 4095 },
        message: "vlanId 4095 must be a VLAN id (0 for untagged) from 0 to 4094",
    },
    {
        rule: "cluster network fits a bridge name",
        args: { clusterNetwork: "storage-network" },
        message:
            'clusterNetwork "storage-network" is too long: the bridge "<clusterNetwork>-br" must fit Linux\'s 15 characters; use at most 12',
    },
    {
        rule: "route mode is known",
        args: { routeMode: "dhcp" },
        message: 'routeMode "dhcp" is not supported; use one of "auto", "manual"',
    },
    {
        rule: "manual routes need a CIDR",
        args: { routeMode: "manual", routeGateway: "10.0.0.1" },
        message: 'routeCidr is required with routeMode "manual"',
    },
    {
        rule: "CIDR is valid",
        args: { routeMode: "manual", routeCidr: "10.0.0.0/33", routeGateway: "10.0.0.1" },
        message: 'routeCidr "10.0.0.0/33" is not an IPv4 CIDR; use e.g. "10.10.0.0/24"',
    },
    {
        rule: "gateway is an address",
        args: { routeMode: "manual", routeCidr: "10.0.0.0/24", routeGateway: "10.0.0.256" },
        message: 'routeGateway "10.0.0.256" is not an IPv4 address; use e.g. "10.10.0.1"',
    },
    {
        rule: "gateway is inside the CIDR",
        args: { routeMode: "manual", routeCidr: "10.0.0.0/24", routeGateway: "10.0.1.1" },
        message: 'routeGateway "10.0.1.1" is outside routeCidr "10.0.0.0/24"; use an address inside it',
    },
    {
        rule: "route fields need manual mode",
        args: { routeCidr: "10.0.0.0/24" },
        message: 'routeMode must be "manual" when routeCidr or routeGateway is set',
    },
];

describe("HarvesterNetwork rejects bad input", () => {
    it.each(netCases)("$rule", async ({ args, message }) => {
        expect(
            () => new drover.HarvesterNetwork("vlan100", { ...netBase, ...args } as droverModule.HarvesterNetworkArgs),
        ).toThrow(new Error(`HarvesterNetwork "vlan100": ${message}`));
        await settle();
        expect(recorded).toEqual([]);
    });
});

describe("HarvesterKeyPair rejects bad input", () => {
    it.each([
        {
            rule: "public key is OpenSSH",
            args: { publicKey: "-----BEGIN PUBLIC KEY-----" },
            message:
                'publicKey "-----BEGIN PUBLIC KEY-----" is not an OpenSSH public key; use one line such as "ssh-ed25519 AAAAC3Nza... user@host"',
        },
        {
            rule: "public key is one line",
            args: { publicKey: "ssh-ed25519 AAAA a\nssh-ed25519 BBBB b" },
            message:
                'publicKey "ssh-ed25519 AAAA a\\nssh-ed25519 BBBB b" is not an OpenSSH public key; use one line such as "ssh-ed25519 AAAAC3Nza... user@host"',
        },
        { rule: "namespace is required", args: { namespace: undefined }, message: "namespace is required" },
    ])("$rule", async ({ args, message }) => {
        const merged = {
            namespace: "default",
            publicKey: "ssh-ed25519 AAAA",
            ...args,
        } as droverModule.HarvesterKeyPairArgs;
        expect(() => new drover.HarvesterKeyPair("ops", merged)).toThrow(
            new Error(`HarvesterKeyPair "ops": ${message}`),
        );
        await settle();
        expect(recorded).toEqual([]);
    });
});
