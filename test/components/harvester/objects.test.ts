import * as k8s from "@pulumi/kubernetes";
import type * as droverModule from "../../../index";
import { harvesterStatus, ofType, recordResources, RecordedResource, settle, valueOf } from "../../support/mocks";
import { schemaErrors } from "../../support/schemas";

let drover: typeof droverModule;
let recorded: RecordedResource[];
let provider: k8s.Provider;

beforeAll(async () => {
    recorded = await recordResources({ status: harvesterStatus });
    drover = await import("../../../index");
});

beforeEach(() => {
    recorded.length = 0;
    provider = new k8s.Provider("harvester", { kubeconfig: "{}" });
});

/** The Kubernetes object a CustomResource child was registered with. */
function object(r: RecordedResource) {
    const { apiVersion, kind, metadata, spec } = r.inputs;
    return { apiVersion, kind, metadata, spec };
}

describe("HarvesterImage", () => {
    it("creates a download VirtualMachineImage that waits for Imported, and reads the storage class from status", async () => {
        const sha = "a".repeat(128);
        const img = new drover.HarvesterImage(
            "jammy",
            {
                namespace: "images",
                displayName: "ubuntu-22.04",
                url: "https://hauler.example.internal/files/jammy.img",
                checksum: sha,
                storageClassParameters: { numberOfReplicas: "2" },
                labels: { os: "ubuntu" },
            },
            { provider },
        );
        await settle();
        const [r] = ofType(recorded, "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage");
        expect(r.name).toBe("jammy");
        expect(r.provider).toContain("harvester");
        expect(object(r)).toEqual({
            apiVersion: "harvesterhci.io/v1beta1",
            kind: "VirtualMachineImage",
            metadata: {
                name: "jammy",
                namespace: "images",
                labels: { os: "ubuntu" },
                annotations: { "pulumi.com/waitFor": "condition=Imported" },
            },
            spec: {
                displayName: "ubuntu-22.04",
                sourceType: "download",
                url: "https://hauler.example.internal/files/jammy.img",
                checksum: sha,
                storageClassParameters: { numberOfReplicas: "2" },
            },
        });
        expect(schemaErrors(object(r))).toEqual([]);
        expect(await valueOf(img.imageId)).toBe("images/jammy");
        expect(await valueOf(img.storageClassName)).toBe("longhorn-jammy");
    });

    it("can skip the wait and set the base storage class for cdi", async () => {
        new drover.HarvesterImage(
            "rocky",
            {
                namespace: "default",
                displayName: "rocky",
                url: "https://x/r.qcow2",
                waitForImport: false,
                backend: "cdi",
                baseStorageClassName: "lvm",
            },
            { provider },
        );
        await settle();
        const [r] = ofType(recorded, "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage");
        expect(r.inputs.metadata.annotations).toEqual({ "harvesterhci.io/storageClassName": "lvm" });
        expect(r.inputs.spec.backend).toBe("cdi");
        expect(schemaErrors(object(r))).toEqual([]);
    });
});

describe("HarvesterNetwork", () => {
    it("creates a VLAN NetworkAttachmentDefinition with Harvester's bridge config and labels", async () => {
        const net = new drover.HarvesterNetwork(
            "vlan100",
            { namespace: "default", clusterNetwork: "vmnet", vlanId: 100, routeMode: "auto" },
            { provider },
        );
        await settle();
        const [r] = ofType(recorded, "kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition");
        expect(object(r)).toEqual({
            apiVersion: "k8s.cni.cncf.io/v1",
            kind: "NetworkAttachmentDefinition",
            metadata: {
                name: "vlan100",
                namespace: "default",
                labels: {
                    "network.harvesterhci.io/clusternetwork": "vmnet",
                    "network.harvesterhci.io/type": "L2VlanNetwork",
                },
                annotations: { "network.harvesterhci.io/route": '{"mode":"auto"}' },
            },
            spec: {
                config: '{"cniVersion":"0.3.1","name":"vlan100","type":"bridge","bridge":"vmnet-br","promiscMode":true,"vlan":100,"ipam":{}}',
            },
        });
        expect(schemaErrors(object(r))).toEqual([]);
        expect(await valueOf(net.networkId)).toBe("default/vlan100");
    });

    it("writes manual routes and marks untagged networks", async () => {
        new drover.HarvesterNetwork(
            "flat",
            {
                namespace: "default",
                clusterNetwork: "vmnet",
                vlanId: 0,
                routeMode: "manual",
                routeCidr: "10.10.0.0/24",
                routeGateway: "10.10.0.1",
            },
            { provider },
        );
        await settle();
        const [r] = ofType(recorded, "kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition");
        expect(r.inputs.metadata.labels["network.harvesterhci.io/type"]).toBe("UntaggedNetwork");
        expect(JSON.parse(r.inputs.metadata.annotations["network.harvesterhci.io/route"])).toEqual({
            mode: "manual",
            cidr: "10.10.0.0/24",
            gateway: "10.10.0.1",
        });
        expect(JSON.parse(r.inputs.spec.config).vlan).toBe(0);
    });
});

describe("HarvesterKeyPair", () => {
    it("creates a KeyPair with the trimmed public key", async () => {
        const kp = new drover.HarvesterKeyPair(
            "ops",
            { namespace: "default", publicKey: "ssh-ed25519 AAAAC3Nz ops@example\n" },
            { provider },
        );
        await settle();
        const [r] = ofType(recorded, "kubernetes:harvesterhci.io/v1beta1:KeyPair");
        expect(object(r)).toEqual({
            apiVersion: "harvesterhci.io/v1beta1",
            kind: "KeyPair",
            metadata: { name: "ops", namespace: "default" },
            spec: { publicKey: "ssh-ed25519 AAAAC3Nz ops@example" },
        });
        expect(schemaErrors(object(r))).toEqual([]);
        expect(await valueOf(kp.keyPairId)).toBe("default/ops");
    });
});

describe("component type tokens", () => {
    it("are drover:index:<ClassName>", async () => {
        new drover.HarvesterKeyPair("k", { namespace: "default", publicKey: "ssh-ed25519 AAAA" }, { provider });
        new drover.HarvesterNetwork("n", { namespace: "default", clusterNetwork: "vmnet", vlanId: 1 }, { provider });
        await settle();
        expect(recorded.filter((r) => !r.custom).map((r) => r.type)).toEqual([
            "drover:index:HarvesterKeyPair",
            "drover:index:HarvesterNetwork",
        ]);
    });
});
