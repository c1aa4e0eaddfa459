import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as drover from "../../index";
import { createGate } from "../../components/rke2/nodeBuild";
import { HarvesterStandIn } from "./support/harvesterStandIn";
import { kubeCreate, kubeGet, kubeRequest, waitFor } from "./support/kubeClient";
import { createTestStack, logTo, TestStack } from "./support/pulumiStack";
import { servers } from "./support/servers";
import { SshHost, startSshHost } from "./support/sshHost";
import { toolchainEnv, toolPath } from "./support/toolchain";

/*
 * A node's readiness gate as drover registers it (createGate: a command.remote.Command), on the real engine with the
 * real `command` provider plugin, over real SSH (Debian's sshd on 127.0.0.1:22, as the gate dials port 22) to a
 * "node" whose RKE2 kubectl is the toolchain's and whose rke2.yaml points at the tier's real kube-apiserver. The VM
 * is a HarvesterVirtualMachine on the tier's Harvester API server. The Node objects are made through the API.
 *
 * The plugin is not on the module proxy; the tier runs this only when `pulumi-resource-command` 1.2.1 is installed
 * in the toolchain's Pulumi home or on PATH, and says plainly that it skipped it otherwise.
 */
const RKE2_YAML = "/etc/rancher/rke2/rke2.yaml";
const RKE2_KUBECTL = "/var/lib/rancher/rke2/bin/kubectl";
const LABEL = "rke2.drover.io/generation";
const NS = "gate-it";
const COMMAND_VERSION = "1.2.1";

function commandPlugin(): string | undefined {
    const env = toolchainEnv();
    const home = env.PULUMI_HOME ?? "";
    const installed = path.join(home, "plugins", `resource-command-v${COMMAND_VERSION}`, "pulumi-resource-command");
    if (home && fs.existsSync(installed)) {
        return installed;
    }
    try {
        return toolPath(env, "pulumi-resource-command");
    } catch {
        return undefined;
    }
}

const plugin = commandPlugin();
if (plugin === undefined) {
    console.log(
        `SKIPPED rke2GateCommand: the @pulumi/command provider plugin ${COMMAND_VERSION} is not installed (pulumi plugin install resource command ${COMMAND_VERSION} -f <binary>), so the gate's create and delete were not run on the real engine`,
    );
}
const maybe = plugin === undefined ? describe.skip : describe;

maybe("a node gate (command.remote.Command) on the real engine with the real command plugin", () => {
    const s = servers();
    const standIn = new HarvesterStandIn(s.harvester);
    let host: SshHost;
    let t: TestStack;
    const node = { name: "it-gate-0", generation: "gen-a" };

    const program = async () => {
        const provider = new k8s.Provider("harvester", { kubeconfig: pulumi.secret(s.harvester.kubeconfig) });
        const vm = new drover.HarvesterVirtualMachine(
            "it-gate-0",
            {
                namespace: NS,
                cpu: 1,
                memory: "1Gi",
                disks: [{ name: "rootdisk", size: "10Gi", image: `${NS}/ubuntu` }],
                networks: [{ name: "nic-1", network: `${NS}/vlan100` }],
            },
            { provider },
        );
        const gate = createGate(
            vm,
            "it-gate-0",
            vm,
            {
                name: node.name,
                role: "agent",
                readyTimeoutSeconds: 30,
                drainTimeoutSeconds: 10,
                generation: node.generation,
            },
            { host: "127.0.0.1", user: host.user, privateKey: pulumi.secret(host.privateKey) },
        );
        return { ready: gate.stdout };
    };

    async function createNode(generation: string): Promise<void> {
        await kubeCreate(s.downstream, "/api/v1/nodes", {
            apiVersion: "v1",
            kind: "Node",
            metadata: { name: node.name, labels: { [LABEL]: generation } },
        });
        const res = await kubeRequest(
            s.downstream,
            "PATCH",
            `/api/v1/nodes/${node.name}/status`,
            { status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "test" }] } },
            "application/merge-patch+json",
        );
        expect(res.status).toBe(200);
    }

    beforeAll(async () => {
        host = await startSshHost({ user: "drover", port: 22, fakeDirs: ["/etc/rancher", "/var/lib/rancher"] });
        fs.mkdirSync(path.dirname(host.fakePath(RKE2_YAML)), { recursive: true });
        fs.mkdirSync(path.dirname(host.fakePath(RKE2_KUBECTL)), { recursive: true });
        fs.symlinkSync(toolPath(toolchainEnv(), "kubectl"), host.fakePath(RKE2_KUBECTL));
        fs.writeFileSync(host.fakePath(RKE2_YAML), s.downstream.kubeconfig, { mode: 0o600 });
        await kubeCreate(s.harvester, "/api/v1/namespaces", { metadata: { name: NS } });
        // The node image, imported (the stand-in writes the status Harvester's controller would).
        standIn.start();
        await kubeCreate(s.harvester, `/apis/harvesterhci.io/v1beta1/namespaces/${NS}/virtualmachineimages`, {
            apiVersion: "harvesterhci.io/v1beta1",
            kind: "VirtualMachineImage",
            metadata: { name: "ubuntu", namespace: NS },
            spec: { displayName: "ubuntu", sourceType: "download", url: "https://files.example.internal/u.img" },
        });
        await waitFor("the image to be imported", async () => {
            const img = await kubeGet(
                s.harvester,
                `/apis/harvesterhci.io/v1beta1/namespaces/${NS}/virtualmachineimages/ubuntu`,
            );
            return img?.status?.storageClassName ? true : undefined;
        });
        t = await createTestStack("gate-command", program);
    });

    afterAll(async () => {
        await t?.dispose();
        await kubeRequest(s.downstream, "DELETE", `/api/v1/nodes/${node.name}`);
        standIn.stop();
        // The tier's Harvester API server is shared: leave no image or namespace behind for the next test.
        const image = `/apis/harvesterhci.io/v1beta1/namespaces/${NS}/virtualmachineimages/ubuntu`;
        await kubeRequest(s.harvester, "DELETE", image);
        await kubeRequest(s.harvester, "DELETE", `/api/v1/namespaces/${NS}`);
        await waitFor(
            "the test image and namespace to be deleted",
            async () =>
                (await kubeGet(s.harvester, image)) === undefined &&
                (await kubeGet(s.harvester, `/api/v1/namespaces/${NS}`)) === undefined
                    ? true
                    : undefined,
            120000,
        );
        await host?.stop();
    });

    it("passes the gate once the Node of its own generation is Ready", async () => {
        await createNode("gen-a");
        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        expect(res.outputs.ready.value).toBe(`drover: node ${node.name} is Ready`);
    });

    it("on destroy, leaves alone a Node that another VM generation registered under the same name", async () => {
        // As after an interrupted up: the replacement VM's Node (another generation) is there when this gate's
        // delete runs.
        await kubeRequest(s.downstream, "DELETE", `/api/v1/nodes/${node.name}`);
        await createNode("gen-b");
        const res = await t.stack.destroy(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        const live = await kubeGet(s.downstream, `/api/v1/nodes/${node.name}`);
        expect(live?.metadata.labels[LABEL]).toBe("gen-b");
        expect(live.spec.unschedulable).toBeUndefined();
        expect(t.log.join("\n")).toContain(
            `drover: node ${node.name} belongs to generation gen-b, not gen-a that this gate was made for; leaving it alone`,
        );
    });
});
