import * as fs from "fs";
import * as path from "path";
import { buildNodeDrainScript, buildNodeReadyScript } from "../../components/rke2/scripts";
import { kubeCreate, kubeGet, kubeRequest } from "./support/kubeClient";
import { servers } from "./support/servers";
import { SshHost, startSshHost } from "./support/sshHost";
import { toolchainEnv, toolPath } from "./support/toolchain";

/*
 * A node gate's delete (pre-delete hook) run for real over SSH, as command.remote.Command runs it, with RKE2's
 * kubectl path holding the offline toolchain's real kubectl and rke2.yaml pointing at the tier's real
 * kube-apiserver ("downstream"). The Node objects are created through the API: no kubelet runs. This shows the
 * identity check: a gate acts only on the Node of the VM generation it was made for, so a gate that runs again after
 * an interrupted `up` leaves the replacement VM's Node (same name) alone.
 */
const RKE2_YAML = "/etc/rancher/rke2/rke2.yaml";
const RKE2_KUBECTL = "/var/lib/rancher/rke2/bin/kubectl";
const LABEL = "rke2.drover.io/generation";

let host: SshHost;
const s = servers();

/** Marks a Node Ready, as its kubelet would. */
async function markReady(name: string): Promise<void> {
    const res = await kubeRequest(
        s.downstream,
        "PATCH",
        `/api/v1/nodes/${name}/status`,
        { status: { conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "test" }] } },
        "application/merge-patch+json",
    );
    expect(res.status).toBe(200);
}

async function createNode(name: string, generation?: string): Promise<void> {
    await kubeCreate(s.downstream, "/api/v1/nodes", {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name, labels: generation === undefined ? {} : { [LABEL]: generation } },
    });
}

beforeAll(async () => {
    host = await startSshHost({ user: "drover", fakeDirs: ["/etc/rancher", "/var/lib/rancher"] });
    fs.mkdirSync(path.dirname(host.fakePath(RKE2_YAML)), { recursive: true });
    fs.mkdirSync(path.dirname(host.fakePath(RKE2_KUBECTL)), { recursive: true });
    fs.symlinkSync(toolPath(toolchainEnv(), "kubectl"), host.fakePath(RKE2_KUBECTL));
    fs.writeFileSync(host.fakePath(RKE2_YAML), s.downstream.kubeconfig, { mode: 0o600 });
});

afterAll(async () => {
    for (const n of ["it-drain-0", "it-drain-1", "it-drain-2", "it-ready-0"]) {
        await kubeRequest(s.downstream, "DELETE", `/api/v1/nodes/${n}`);
    }
    await host?.stop();
});

describe("a node gate's delete over real SSH against a real kube-apiserver", () => {
    it("leaves alone, uncordoned, a Node that belongs to another generation of the VM", async () => {
        await createNode("it-drain-0", "gen-new");
        const r = await host.run(buildNodeDrainScript("it-drain-0", 30, "gen-old"));
        expect([r.code, r.stderr]).toEqual([0, ""]);
        expect(r.stdout.trim()).toBe(
            "drover: node it-drain-0 belongs to generation gen-new, not gen-old that this gate was made for; leaving it alone",
        );
        const node = await kubeGet(s.downstream, "/api/v1/nodes/it-drain-0");
        expect(node).toBeDefined();
        expect(node.spec.unschedulable).toBeUndefined();
    });

    it("leaves alone a Node without drover's generation label", async () => {
        await createNode("it-drain-1");
        const r = await host.run(buildNodeDrainScript("it-drain-1", 30, "gen-old"));
        expect(r.code).toBe(0);
        expect(r.stdout).toContain("belongs to generation <none>, not gen-old");
        expect(await kubeGet(s.downstream, "/api/v1/nodes/it-drain-1")).toBeDefined();
    });

    it("drains and deletes the Node of its own generation", async () => {
        await createNode("it-drain-2", "gen-new");
        const r = await host.run(buildNodeDrainScript("it-drain-2", 30, "gen-new"), { timeoutMs: 120000 });
        expect(r.code).toBe(0);
        expect(r.stdout).toContain("node/it-drain-2 cordoned");
        expect(await kubeGet(s.downstream, "/api/v1/nodes/it-drain-2")).toBeUndefined();
    });
});

describe("a node gate's create (readiness) over real SSH against a real kube-apiserver", () => {
    it("never passes on a Ready Node of another VM generation, and passes on its own", async () => {
        await createNode("it-ready-0", "gen-old");
        await markReady("it-ready-0");
        const wrong = await host.run(buildNodeReadyScript("it-ready-0", "agent", 3, 1, "gen-new"), {
            timeoutMs: 60000,
        });
        expect(wrong.code).toBe(1);
        expect(wrong.stderr.trim().split("\n")).toEqual([
            "drover: the Node named it-ready-0 belongs to generation gen-old, not gen-new of this VM",
            'drover: node it-ready-0 did not become Ready within 3s; check "sudo journalctl -u rke2-agent" on it-ready-0',
        ]);
        const own = await host.run(buildNodeReadyScript("it-ready-0", "agent", 30, 1, "gen-old"), { timeoutMs: 60000 });
        expect([own.code, own.stdout.trim()]).toEqual([0, "drover: node it-ready-0 is Ready"]);
    });
});
