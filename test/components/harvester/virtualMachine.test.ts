import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type * as droverModule from "../../../index";
import {
    harvesterStatus,
    isSecret,
    isSecretValue,
    ofType,
    recordResources,
    RecordedResource,
    settle,
    unwrapSecrets,
    valueOf,
} from "../../support/mocks";
import { schemaErrors } from "../../support/schemas";

let drover: typeof droverModule;
let recorded: RecordedResource[];
let provider: k8s.Provider;

const VM = "kubernetes:kubevirt.io/v1:VirtualMachine";
const SECRET = "kubernetes:core/v1:Secret";
const IMAGE = "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage";

beforeAll(async () => {
    recorded = await recordResources({ status: harvesterStatus });
    drover = await import("../../../index");
});

beforeEach(() => {
    recorded.length = 0;
    provider = new k8s.Provider("harvester", { kubeconfig: "{}" });
});

function webVm(extra: Partial<droverModule.HarvesterVirtualMachineArgs> = {}) {
    const img = new drover.HarvesterImage(
        "ubuntu",
        { namespace: "default", displayName: "ubuntu-22.04", url: "https://images.example.internal/jammy.img" },
        { provider },
    );
    const vm = new drover.HarvesterVirtualMachine(
        "web-0",
        {
            namespace: "default",
            cpu: 2,
            memory: "4Gi",
            disks: [{ name: "rootdisk", size: "20Gi", image: img }],
            networks: [{ name: "nic-1", network: "default/vlan100" }],
            cloudInit: { userData: "#cloud-config\npackages: [qemu-guest-agent]\n" },
            ...extra,
        },
        { provider },
    );
    return { img, vm };
}

describe("HarvesterVirtualMachine", () => {
    it("registers the component, its cloud-init Secret and the VirtualMachine under it, with the provider", async () => {
        webVm();
        await settle();
        const types = recorded.map((r) => `${r.type} ${r.name}`);
        expect(types).toEqual(
            expect.arrayContaining([
                "drover:index:HarvesterImage ubuntu",
                `${IMAGE} ubuntu`,
                "drover:index:HarvesterVirtualMachine web-0",
                `${SECRET} web-0-cloudinit`,
                `${VM} web-0`,
            ]),
        );
        const [vm] = ofType(recorded, VM);
        expect(vm.provider).toContain("harvester");
        expect(ofType(recorded, SECRET)[0].provider).toContain("harvester");
    });

    it("builds the VM from the image's status storage class, never a guessed name", async () => {
        webVm();
        await settle();
        const [vm] = ofType(recorded, VM);
        const vct = JSON.parse(vm.inputs.metadata.annotations["harvesterhci.io/volumeClaimTemplates"]);
        expect(vct).toEqual([
            {
                metadata: { name: "web-0-rootdisk", annotations: { "harvesterhci.io/imageId": "default/ubuntu" } },
                spec: {
                    accessModes: ["ReadWriteMany"],
                    resources: { requests: { storage: "20Gi" } },
                    volumeMode: "Block",
                    storageClassName: "longhorn-ubuntu",
                },
            },
        ]);
        expect(vm.inputs.metadata.name).toBe("web-0");
        expect(vm.inputs.spec.runStrategy).toBe("RerunOnFailure");
        expect(vm.inputs.spec.template.spec.evictionStrategy).toBe("LiveMigrateIfPossible");
        expect(vm.inputs.spec.template.spec.volumes[1]).toEqual({
            name: "cloudinitdisk",
            cloudInitNoCloud: { secretRef: { name: "web-0-cloudinit" } },
        });
        expect(
            schemaErrors({
                apiVersion: vm.inputs.apiVersion,
                kind: vm.inputs.kind,
                metadata: vm.inputs.metadata,
                spec: vm.inputs.spec,
            }),
        ).toEqual([]);
    });

    it('reads the storage class of a "namespace/name" image from Harvester', async () => {
        new drover.HarvesterVirtualMachine(
            "db-0",
            {
                namespace: "default",
                cpu: 2,
                memory: "4Gi",
                disks: [{ name: "root", size: "20Gi", image: "images/rocky-9" }],
            },
            { provider },
        );
        await settle();
        const lookups = ofType(recorded, IMAGE);
        expect(lookups).toHaveLength(1);
        expect(lookups[0].name).toBe("db-0-root-image");
        expect(lookups[0].id).toBe("images/rocky-9");
        const [vm] = ofType(recorded, VM);
        const vct = JSON.parse(vm.inputs.metadata.annotations["harvesterhci.io/volumeClaimTemplates"]);
        expect(vct[0].spec.storageClassName).toBe("longhorn-rocky-9");
        expect(vct[0].metadata.annotations["harvesterhci.io/imageId"]).toBe("images/rocky-9");
        // No cloud-init given: no Secret and no cloud-init disk.
        expect(ofType(recorded, SECRET)).toHaveLength(0);
        expect(vm.inputs.spec.template.spec.volumes).toHaveLength(1);
    });

    it("uses an explicit storage class without looking the image up", async () => {
        new drover.HarvesterVirtualMachine(
            "db-1",
            {
                namespace: "default",
                cpu: 2,
                memory: "4Gi",
                disks: [{ name: "root", size: "20Gi", image: "images/rocky-9", storageClassName: "longhorn-rocky" }],
            },
            { provider },
        );
        await settle();
        expect(ofType(recorded, IMAGE)).toHaveLength(0);
        const vct = JSON.parse(
            ofType(recorded, VM)[0].inputs.metadata.annotations["harvesterhci.io/volumeClaimTemplates"],
        );
        expect(vct[0].spec.storageClassName).toBe("longhorn-rocky");
    });

    it("stores user data in a Secret whose data is secret, with keys userdata and networkdata", async () => {
        const { vm } = webVm({ cloudInit: { userData: "#cloud-config\n{}\n", networkData: "version: 2\n" } });
        await settle();
        const [secret] = ofType(recorded, SECRET);
        expect(secret.inputs.metadata.name).toBe("web-0-cloudinit");
        expect(secret.inputs.type).toBe("Opaque");
        // The whole data map reaches the engine as a secret.
        expect(isSecretValue(secret.inputs.data)).toBe(true);
        const data = unwrapSecrets(secret.inputs.data) as Record<string, string>;
        expect(Buffer.from(data.userdata, "base64").toString()).toBe("#cloud-config\n{}\n");
        expect(Buffer.from(data.networkdata, "base64").toString()).toBe("version: 2\n");
        expect(await isSecret(vm.cloudInitSecret!.data)).toBe(true);
        const [vmRes] = ofType(recorded, VM);
        expect(vmRes.inputs.spec.template.spec.volumes[1].cloudInitNoCloud.networkDataSecretRef).toEqual({
            name: "web-0-cloudinit",
        });
    });

    it("adds key pairs to the template annotation and their public keys to #cloud-config", async () => {
        const kp = new drover.HarvesterKeyPair(
            "ops",
            { namespace: "default", publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx ops@example" },
            { provider },
        );
        webVm({ sshKeys: [kp, "default/legacy"] });
        await settle();
        const [vm] = ofType(recorded, VM);
        expect(vm.inputs.spec.template.metadata.annotations["harvesterhci.io/sshNames"]).toBe(
            '["default/ops","default/legacy"]',
        );
        const userData = Buffer.from(
            unwrapSecrets(ofType(recorded, SECRET)[0].inputs.data).userdata,
            "base64",
        ).toString();
        expect(userData).toContain("ssh_authorized_keys:\n  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx ops@example");
    });

    it("accepts a HarvesterNetwork and a pod-network NIC", async () => {
        const net = new drover.HarvesterNetwork(
            "vlan100",
            { namespace: "default", clusterNetwork: "vmnet", vlanId: 100 },
            { provider },
        );
        webVm({ networks: [{ name: "nic-1", network: net, waitForLease: true }, { name: "mgmt" }] });
        await settle();
        const [vm] = ofType(recorded, VM);
        expect(vm.inputs.spec.template.spec.networks).toEqual([
            { name: "nic-1", multus: { networkName: "default/vlan100" } },
            { name: "mgmt", pod: {} },
        ]);
        expect(vm.inputs.spec.template.metadata.annotations["harvesterhci.io/waitForLeaseInterfaceNames"]).toBe(
            '["nic-1"]',
        );
    });

    it("exposes names and ids as outputs", async () => {
        const { vm } = webVm({ vmName: "web-zero" });
        expect(await valueOf(vm.vmId)).toBe("default/web-zero");
        expect(await valueOf(vm.cloudInitSecretName)).toBe("web-zero-cloudinit");
        expect(await valueOf(vm.pvcNames)).toEqual(["web-zero-rootdisk"]);
    });

    it("takes the provider through opts.providers and parent too", async () => {
        const parent = new pulumi.ComponentResource(
            "test:index:Parent",
            "p",
            {},
            { providers: { kubernetes: provider } },
        );
        new drover.HarvesterVirtualMachine(
            "child-0",
            { namespace: "default", cpu: 1, memory: "1Gi", disks: [{ name: "root", size: "10Gi" }] },
            { parent },
        );
        await settle();
        expect(ofType(recorded, VM)[0].provider).toContain("harvester");
    });
});
