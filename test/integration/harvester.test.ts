import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as drover from "../../index";
import { HarvesterStandIn } from "./support/harvesterStandIn";
import { kubeCreate, kubeGet } from "./support/kubeClient";
import { createTestStack, leakedSecrets, logTo, nonDebugLog, plainOutputs, TestStack } from "./support/pulumiStack";
import { servers } from "./support/servers";

const USER_DATA_TOKEN = "K10-integration-user-data-token-3f9c2a";
const NETWORK_DATA = "version: 2\nethernets:\n  enp1s0:\n    dhcp4: true\n";
const NS = "harvester-it";

describe("Harvester components on a real kube-apiserver with the real engine", () => {
    const s = servers();
    const standIn = new HarvesterStandIn(s.harvester);
    let t: TestStack;

    const program = async () => {
        const provider = new k8s.Provider("harvester", { kubeconfig: pulumi.secret(s.harvester.kubeconfig) });
        const opts = { provider };
        const img = new drover.HarvesterImage(
            "ubuntu",
            {
                namespace: NS,
                displayName: "ubuntu-22.04",
                url: "https://files.example.internal/jammy.img",
                importTimeoutMinutes: 2,
            },
            opts,
        );
        const net = new drover.HarvesterNetwork(
            "vlan100",
            { namespace: NS, clusterNetwork: "vmnet", vlanId: 100, routeMode: "auto" },
            opts,
        );
        const kp = new drover.HarvesterKeyPair(
            "ops",
            { namespace: NS, publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example" },
            opts,
        );
        const vm = new drover.HarvesterVirtualMachine(
            "web-0",
            {
                namespace: NS,
                cpu: 2,
                memory: "4Gi",
                disks: [
                    { name: "rootdisk", size: "20Gi", image: img },
                    { name: "data", size: "50Gi", autoDelete: false },
                ],
                networks: [{ name: "nic-1", network: net, waitForLease: true }],
                sshKeys: [kp],
                cloudInit: {
                    userData: `#cloud-config\nwrite_files:\n  - path: /etc/token\n    content: ${USER_DATA_TOKEN}\n`,
                    networkData: NETWORK_DATA,
                },
                tags: { env: "it" },
            },
            opts,
        );
        return { vmId: vm.vmId, storageClass: img.storageClassName, secretName: vm.cloudInitSecretName };
    };

    beforeAll(async () => {
        // The namespace is the environment's, not the stack's (as on a real Harvester cluster).
        await kubeCreate(s.harvester, "/api/v1/namespaces", { metadata: { name: NS } });
        standIn.start();
        t = await createTestStack("harvester", program);
    });

    afterAll(async () => {
        await t?.dispose();
        standIn.stop();
    });

    it("creates every object with up", async () => {
        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        expect(res.outputs.vmId.value).toBe(`${NS}/web-0`);
        expect(res.outputs.storageClass.value).toBe("longhorn-ubuntu");

        const vm = await kubeGet(s.harvester, `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/web-0`);
        const vct = JSON.parse(vm.metadata.annotations["harvesterhci.io/volumeClaimTemplates"]);
        expect(vct[0].spec.storageClassName).toBe("longhorn-ubuntu");
        expect(vm.spec.template.metadata.annotations["harvesterhci.io/sshNames"]).toBe(`["${NS}/ops"]`);
        const nad = await kubeGet(
            s.harvester,
            `/apis/k8s.cni.cncf.io/v1/namespaces/${NS}/network-attachment-definitions/vlan100`,
        );
        expect(JSON.parse(nad.spec.config).bridge).toBe("vmnet-br");
        const secret = await kubeGet(s.harvester, `/api/v1/namespaces/${NS}/secrets/web-0-cloudinit`);
        const userData = Buffer.from(secret.data.userdata, "base64").toString();
        expect(userData).toContain(USER_DATA_TOKEN);
        expect(userData).toContain("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example");
        expect(await kubeGet(s.harvester, `/apis/harvesterhci.io/v1beta1/namespaces/${NS}/keypairs/ops`)).toBeDefined();
    });

    it("keeps cloud-init content out of state, outputs and the engine log", async () => {
        const state = await t.stateText();
        expect(state.length).toBeGreaterThan(1000);
        const outputs = await plainOutputs(t);
        // What the cloud-init Secret really holds, read back from the API server, in both encodings.
        const secret = await kubeGet(s.harvester, `/api/v1/namespaces/${NS}/secrets/web-0-cloudinit`);
        const values = [USER_DATA_TOKEN, s.harvester.token, "enp1s0"];
        for (const b64 of Object.values(secret.data as Record<string, string>)) {
            values.push(b64, Buffer.from(b64, "base64").toString());
        }
        // Debug diagnostics are excluded: see nonDebugLog.
        const engineLog = nonDebugLog(t);
        const where = { state, outputs, engineLog };
        for (const [name, haystack] of Object.entries(where)) {
            expect({ [name]: leakedSecrets(haystack, values) }).toEqual({ [name]: [] });
        }
        // The engine really encrypted them: ciphertext sits where the data is.
        expect(state).toContain("4dabf18193072939515e22adb298388d");
    });

    it("shows no changes on a second preview, also after a refresh that reads the server's view", async () => {
        const preview = await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
        expect(preview.changeSummary.same).toBeGreaterThan(5);
        await t.stack.refresh({ ...logTo(t) });
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });

    it("leaves nothing behind after destroy", async () => {
        const res = await t.stack.destroy(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        expect(
            await kubeGet(s.harvester, `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/web-0`),
        ).toBeUndefined();
        expect(await kubeGet(s.harvester, `/api/v1/namespaces/${NS}/secrets/web-0-cloudinit`)).toBeUndefined();
        const images = await kubeGet(s.harvester, "/apis/harvesterhci.io/v1beta1/virtualmachineimages");
        expect(images.items).toEqual([]);
    });
});
