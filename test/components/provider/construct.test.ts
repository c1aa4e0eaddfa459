import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type * as componentsModule from "../../../provider/components";
import {
    harvesterStatus,
    isSecretValue,
    ofType,
    recordResources,
    RecordedResource,
    settle,
    unwrapSecrets,
} from "../../support/mocks";
import { Host, resolveState } from "./construct";
import { secretOutputValue, secretSig } from "./support";

// The provider host's Construct path for a program in another language (e.g. Pulumi YAML): wire-form inputs, the
// host's own decoding, ComponentProvider.construct, and the mocks recording what gets registered.

jest.setTimeout(120_000);

let recorded: RecordedResource[];
let components: typeof componentsModule;
let host: Host;
let harvester: k8s.Provider;

const VM = "kubernetes:kubevirt.io/v1:VirtualMachine";
const SECRET = "kubernetes:core/v1:Secret";
const IMAGE = "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage";
const USER_DATA = "#cloud-config\npackages: [qemu-guest-agent]\n";

beforeAll(async () => {
    recorded = await recordResources({ status: harvesterStatus });
    components = await import("../../../provider/components");
    host = new Host([...components.PROVIDER_COMPONENTS]);
    await host.schema();
});

beforeEach(async () => {
    harvester = new k8s.Provider("harvester", { kubeconfig: "{}" });
    await settle();
    recorded.length = 0;
    host.built.length = 0;
});

/** A VM as a YAML program would declare it: plain values, references as `namespace/name`. */
function vmInputs(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        namespace: "default",
        cpu: 2,
        memory: "4Gi",
        disks: [{ name: "rootdisk", size: "20Gi", image: "default/ubuntu", storageClassName: "longhorn-ubuntu" }],
        networks: [{ name: "nic-1", network: "default/vlan100" }],
        sshKeys: ["default/ops-key"],
        userData: USER_DATA,
        ...extra,
    };
}

function constructVm(inputs: Record<string, unknown>) {
    return host.construct("HarvesterVirtualMachine", "web-0", inputs, { providers: { kubernetes: harvester } });
}

function decodedSecretData(r: RecordedResource): Record<string, string> {
    const data = unwrapSecrets(r.inputs.data) as Record<string, string>;
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
}

describe("drover:index:HarvesterVirtualMachine through the provider host", () => {
    it("creates the TypeScript component as its only child, which creates the Secret and the VM", async () => {
        await constructVm(vmInputs());
        await settle();
        expect(host.built).toEqual([
            { type: "drover:index:HarvesterVirtualMachine", name: "web-0", parent: undefined },
            {
                type: "drover:index:HarvesterVirtualMachine",
                name: "web-0",
                parent: "drover:index:HarvesterVirtualMachine web-0",
            },
            { type: SECRET, name: "web-0-cloudinit", parent: "drover:index:HarvesterVirtualMachine web-0" },
            { type: VM, name: "web-0", parent: "drover:index:HarvesterVirtualMachine web-0" },
        ]);
        const [vm] = ofType(recorded, VM);
        expect(vm.provider).toContain("harvester");
        expect(ofType(recorded, SECRET)[0].provider).toContain("harvester");
    });

    it("builds the same VirtualMachine the TypeScript API builds from the same values", async () => {
        await constructVm(vmInputs());
        await settle();
        const viaHost = ofType(recorded, VM)[0].inputs;
        recorded.length = 0;
        const harvesterLib = await import("../../../components/harvester");
        new harvesterLib.HarvesterVirtualMachine(
            "web-0",
            {
                namespace: "default",
                cpu: 2,
                memory: "4Gi",
                disks: [
                    { name: "rootdisk", size: "20Gi", image: "default/ubuntu", storageClassName: "longhorn-ubuntu" },
                ],
                networks: [{ name: "nic-1", network: "default/vlan100" }],
                sshKeys: ["default/ops-key"],
                cloudInit: { userData: USER_DATA },
            },
            { provider: harvester },
        );
        await settle();
        expect(viaHost).toEqual(ofType(recorded, VM)[0].inputs);
        const annotations = viaHost.metadata.annotations as Record<string, string>;
        expect(JSON.parse(annotations["harvesterhci.io/volumeClaimTemplates"])[0]).toEqual({
            metadata: { name: "web-0-rootdisk", annotations: { "harvesterhci.io/imageId": "default/ubuntu" } },
            spec: {
                accessModes: ["ReadWriteMany"],
                resources: { requests: { storage: "20Gi" } },
                volumeMode: "Block",
                storageClassName: "longhorn-ubuntu",
            },
        });
        expect(viaHost.spec.template.metadata.annotations["harvesterhci.io/sshNames"]).toBe('["default/ops-key"]');
    });

    it("reads an image's storage class from Harvester when the disk gives none", async () => {
        await constructVm(vmInputs({ disks: [{ name: "rootdisk", size: "20Gi", image: "default/ubuntu" }] }));
        await settle();
        expect(ofType(recorded, IMAGE).map((r) => [r.name, r.id])).toEqual([
            ["web-0-rootdisk-image", "default/ubuntu"],
        ]);
        const vct = JSON.parse(
            ofType(recorded, VM)[0].inputs.metadata.annotations["harvesterhci.io/volumeClaimTemplates"],
        );
        expect(vct[0].spec.storageClassName).toBe("longhorn-ubuntu");
    });

    it("returns exactly the schema's outputs, resolved", async () => {
        const result = await constructVm(vmInputs());
        expect(await resolveState(result.state)).toEqual({
            vmName: "web-0",
            namespace: "default",
            vmId: "default/web-0",
            cloudInitSecretName: "web-0-cloudinit",
            pvcNames: ["web-0-rootdisk"],
        });
    });

    it("passes flat cloud-init fields as the Secret's userdata and networkdata, and the VM refers to both", async () => {
        await constructVm(vmInputs({ networkData: "version: 2\n", cloudInitType: "configDrive" }));
        await settle();
        const [secret] = ofType(recorded, SECRET);
        expect(decodedSecretData(secret)).toEqual({ userdata: USER_DATA, networkdata: "version: 2\n" });
        const volumes = ofType(recorded, VM)[0].inputs.spec.template.spec.volumes as Array<Record<string, unknown>>;
        expect(volumes.find((v) => v.name === "cloudinitdisk")).toEqual({
            name: "cloudinitdisk",
            cloudInitConfigDrive: {
                secretRef: { name: "web-0-cloudinit" },
                networkDataSecretRef: { name: "web-0-cloudinit" },
            },
        });
    });

    it.each([
        ["an output value, as the engine sends it to a host that accepts outputs", secretOutputValue(USER_DATA)],
        ["a secret the host makes into one secret Output for the whole field", secretSig(USER_DATA)],
    ])("keeps secret user data arriving as %s secret, and out of the VM", async (_how, userData) => {
        await constructVm(vmInputs({ userData }));
        await settle();
        const [secret] = ofType(recorded, SECRET);
        expect(isSecretValue(secret.inputs.data)).toBe(true);
        expect(decodedSecretData(secret)).toEqual({ userdata: USER_DATA });
        expect(JSON.stringify(ofType(recorded, VM)[0].inputs)).not.toContain("qemu-guest-agent");
    });

    it("builds no cloud-init Secret or disk without user data", async () => {
        const result = await constructVm(vmInputs({ userData: undefined }));
        await settle();
        expect(ofType(recorded, SECRET)).toEqual([]);
        const volumes = ofType(recorded, VM)[0].inputs.spec.template.spec.volumes as Array<{ name: string }>;
        expect(volumes.map((v) => v.name)).toEqual(["rootdisk"]);
        expect((await resolveState(result.state)).cloudInitSecretName).toBe("");
    });
});

describe("bad input through the provider host", () => {
    // Each message is drover's own, naming the multi-language argument; the host turns the error (an
    // InputPropertiesError) into property errors for the engine. Nothing may be registered.
    const cases: Array<{ rule: string; inputs: Record<string, unknown>; message: string }> = [
        {
            rule: "memory must be a quantity",
            inputs: { memory: "4GB" },
            message: 'HarvesterVirtualMachine "web-0": memory "4GB" is not a Kubernetes quantity; use e.g. "4Gi"',
        },
        {
            rule: "an image is a namespace/name reference",
            inputs: { disks: [{ name: "rootdisk", size: "20Gi", image: "ubuntu" }] },
            message:
                'HarvesterVirtualMachine "web-0": disks[0].image "ubuntu" is not a "namespace/name" reference; use e.g. "default/ubuntu-22.04"',
        },
        {
            rule: "a network is a namespace/name reference",
            inputs: { networks: [{ name: "nic-1", network: "vlan100" }] },
            message:
                'HarvesterVirtualMachine "web-0": networks[0].network "vlan100" is not a "namespace/name" reference; use e.g. "default/vlan100"',
        },
        {
            rule: "cloud-init type is one of two",
            inputs: { cloudInitType: "nocloud" },
            message:
                'HarvesterVirtualMachine "web-0": cloudInitType "nocloud" is not supported; use one of "noCloud", "configDrive"',
        },
        {
            rule: "network data needs user data",
            inputs: { userData: undefined, networkData: "version: 2\n" },
            message: 'HarvesterVirtualMachine "web-0": userData is required',
        },
        {
            rule: "user data that claims #cloud-config must be YAML",
            inputs: { userData: "#cloud-config\npackages: [a\n" },
            message:
                'HarvesterVirtualMachine "web-0": userData is #cloud-config but not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1); fix the YAML',
        },
        {
            rule: "a list that arrives as one secret cannot be read before deployment",
            inputs: { disks: secretSig([{ name: "rootdisk", size: "20Gi" }]) },
            message:
                'HarvesterVirtualMachine "web-0": disks arrived as one output as a whole, so drover cannot read its items before deployment; write the list out in the program and put outputs or secrets only inside its items',
        },
    ];

    it.each(cases)("$rule", async ({ inputs, message }) => {
        const error = await constructVm(vmInputs(inputs)).then(
            () => undefined,
            (e: unknown) => e,
        );
        await settle();
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toBe(message);
        expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
        expect(recorded).toEqual([]);
        expect(host.built).toEqual([]);
    });

    it("reports every problem at once, each with the property path the engine shows", async () => {
        const error = (await constructVm(vmInputs({ memory: "4GB", cpu: 0 })).catch((e: unknown) => e)) as {
            errors: Array<{ propertyPath: string; reason: string }>;
        };
        expect(error.errors).toEqual([
            { propertyPath: "cpu", reason: "must be a whole number of cores from 1 to 512" },
            { propertyPath: "memory", reason: 'is not a Kubernetes quantity; use e.g. "4Gi"' },
        ]);
    });
});

describe("the other Harvester components through the provider host", () => {
    it("HarvesterImage creates the TypeScript HarvesterImage beneath it and returns its outputs", async () => {
        const result = await host.construct(
            "HarvesterImage",
            "ubuntu",
            { namespace: "default", displayName: "ubuntu-22.04", url: "https://files.example.internal/jammy.img" },
            { providers: { kubernetes: harvester } },
        );
        await settle();
        expect(host.built.map((b) => `${b.type} ${b.name} <- ${b.parent}`)).toEqual([
            "drover:index:HarvesterImage ubuntu <- undefined",
            "drover:index:HarvesterImage ubuntu <- drover:index:HarvesterImage ubuntu",
            `${IMAGE} ubuntu <- drover:index:HarvesterImage ubuntu`,
        ]);
        expect(await resolveState(result.state)).toEqual({
            imageId: "default/ubuntu",
            imageName: "ubuntu",
            namespace: "default",
            storageClassName: "longhorn-ubuntu",
        });
    });

    it("HarvesterNetwork returns the networkId a VM NIC takes", async () => {
        const result = await host.construct(
            "HarvesterNetwork",
            "vlan100",
            { namespace: "default", clusterNetwork: "mgmt", vlanId: 100 },
            { providers: { kubernetes: harvester } },
        );
        await settle();
        expect(ofType(recorded, "kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition")).toHaveLength(1);
        expect(await resolveState(result.state)).toEqual({
            networkId: "default/vlan100",
            networkName: "vlan100",
            namespace: "default",
        });
    });

    it("HarvesterKeyPair returns the keyPairId a VM's sshKeys take", async () => {
        const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDrover0000000000000000000000000000000000000 ops";
        const result = await host.construct(
            "HarvesterKeyPair",
            "ops-key",
            { namespace: "default", publicKey },
            { providers: { kubernetes: harvester } },
        );
        await settle();
        expect(ofType(recorded, "kubernetes:harvesterhci.io/v1beta1:KeyPair")).toHaveLength(1);
        expect(await resolveState(result.state)).toEqual({
            keyPairId: "default/ops-key",
            keyPairName: "ops-key",
            namespace: "default",
            publicKey,
        });
    });

    it.each([
        [
            "HarvesterImage",
            { namespace: "default", displayName: "u", url: "ftp://files/jammy.img" },
            'HarvesterImage "bad": url "ftp://files/jammy.img" is not an http(s):// or file:// URL; use e.g. "https://images.example.internal/jammy.img"',
        ],
        [
            "HarvesterNetwork",
            { namespace: "default", clusterNetwork: "mgmt", vlanId: 5000 },
            'HarvesterNetwork "bad": vlanId 5000 must be a VLAN id (0 for untagged) from 0 to 4094',
        ],
        [
            "HarvesterKeyPair",
            { namespace: "default", publicKey: "not a key" },
            'HarvesterKeyPair "bad": publicKey "not a key" is not an OpenSSH public key; use one line such as "ssh-ed25519 AAAAC3Nza... user@host"',
        ],
    ])("%s rejects bad input with drover's message before registering anything", async (component, inputs, message) => {
        const error = await host.construct(component, "bad", inputs).catch((e: unknown) => e);
        await settle();
        expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
        expect((error as Error).message).toBe(message);
        expect(recorded).toEqual([]);
    });
});

describe("types the host does not serve", () => {
    it.each([
        [
            "drover:harvester:HarvesterVirtualMachine",
            "Invalid module 'harvester' in resource type 'drover:harvester:HarvesterVirtualMachine', expected 'index' or empty string",
        ],
        ["other:index:HarvesterVirtualMachine", "Invalid package name other, expected 'drover'"],
        ["drover:index:Rke2Cluster", "Component class not found for 'Rke2Cluster'"],
    ])("refuses %s", async (token, message) => {
        await expect(host.constructToken(token, "x", vmInputs())).rejects.toThrow(message);
        expect(host.built).toEqual([]);
    });
});
