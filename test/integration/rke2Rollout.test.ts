import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import * as drover from "../../index";
import { privateKeyLines, sshKeygen } from "../support/sshKeys";
import { HarvesterStandIn } from "./support/harvesterStandIn";
import { kubeCreate, kubeGet } from "./support/kubeClient";
import { createTestStack, leakedSecrets, logTo, nonDebugLog, TestStack } from "./support/pulumiStack";
import { servers } from "./support/servers";

/**
 * Quorum-safe rollout on the real engine: an RKE2 version change replaces every node VM, and the engine's own event
 * log must show the servers replaced strictly one after another (each deleted, then created, before the next one
 * starts), then the agents. The cluster is created on the Harvester stand-in API server with an existing node key
 * and join token and `kubeconfig: false`: the readiness gates and the kubeconfig read run through @pulumi/command,
 * whose provider plugin cannot be built on these machines (scripts/toolchain/README.md), so what is shown here is
 * the ordering the chain of nodes gives by itself; the gates only add waiting inside each step.
 */

const NS = "rke2-it";
const TOKEN = "K10-rollout-join-token-6d1f0b9e";
const key = sshKeygen("ed25519");
const SERVERS = ["ha-cp-0", "ha-cp-1", "ha-cp-2"];
const AGENTS = ["ha-general-0", "ha-general-1"];
const VM_TYPE = "kubernetes:kubevirt.io/v1:VirtualMachine";

interface Step {
    seq: number;
    phase: "start" | "end";
    op: string;
    name: string;
}

/** The steps of node VMs, in the order the engine reported them. */
function vmSteps(events: EngineEvent[]): Step[] {
    const out: Step[] = [];
    for (const e of events) {
        const ev = e.resourcePreEvent ?? e.resOutputsEvent;
        const md = ev?.metadata;
        if (!md || md.type !== VM_TYPE) {
            continue;
        }
        out.push({
            seq: e.sequence,
            phase: e.resourcePreEvent ? "start" : "end",
            op: md.op,
            name: md.urn.split("::").pop()!,
        });
    }
    return out;
}

describe("Rke2Cluster rolls its nodes one at a time on the real engine", () => {
    const s = servers();
    const standIn = new HarvesterStandIn(s.harvester);
    let t: TestStack;
    let version = "v1.31.4+rke2r1";
    let firstUids: Record<string, string> = {};

    const program = async () => {
        const provider = new k8s.Provider("harvester", { kubeconfig: pulumi.secret(s.harvester.kubeconfig) });
        const img = new drover.HarvesterImage(
            "noble",
            { namespace: NS, displayName: "ubuntu-24.04", url: "https://files.example.internal/noble.img" },
            { provider },
        );
        const cluster = new drover.Rke2Cluster(
            "ha",
            {
                namespace: NS,
                version,
                registrationAddress: "10.10.0.10",
                network: `${NS}/vlan100`,
                image: img,
                controlPlane: { count: 3, cpu: 2, memory: "4Gi", diskSize: "20Gi" },
                workerPools: [{ name: "general", count: 2, cpu: 2, memory: "4Gi", diskSize: "20Gi" }],
                token: pulumi.secret(TOKEN),
                sshPrivateKey: pulumi.secret(key.privateKey),
                kubeconfig: false,
            },
            { provider },
        );
        return { sshPublicKey: cluster.sshPublicKey, token: cluster.token };
    };

    async function uids(): Promise<Record<string, string>> {
        const out: Record<string, string> = {};
        for (const n of [...SERVERS, ...AGENTS]) {
            const vm = await kubeGet(s.harvester, `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/${n}`);
            out[n] = vm?.metadata?.uid;
        }
        return out;
    }

    beforeAll(async () => {
        await kubeCreate(s.harvester, "/api/v1/namespaces", { metadata: { name: NS } });
        standIn.start();
        t = await createTestStack("rke2-rollout", program);
    });

    afterAll(async () => {
        await t?.dispose();
        standIn.stop();
    });

    it("creates the cluster's VMs with the given key and token, none of it generated", async () => {
        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        expect(res.outputs.sshPublicKey.value).toBe(key.publicKey);
        expect(res.outputs.token.secret).toBe(true);
        firstUids = await uids();
        expect(Object.values(firstUids).every((u) => typeof u === "string")).toBe(true);
        const kp = await kubeGet(s.harvester, `/apis/harvesterhci.io/v1beta1/namespaces/${NS}/keypairs/ha-drover`);
        expect(kp.spec.publicKey).toBe(key.publicKey);
        const secret = await kubeGet(s.harvester, `/api/v1/namespaces/${NS}/secrets/ha-cp-1-cloudinit`);
        const userData = Buffer.from(secret.data.userdata, "base64").toString();
        expect(userData).toContain(`token: ${TOKEN}`);
        expect(userData).toContain("server: https://10.10.0.10:9345");
    });

    it("keeps the token and the private key out of state and the engine log", async () => {
        const state = await t.stateText();
        const keyLines = privateKeyLines(key.privateKey, key.publicKey);
        expect(leakedSecrets(state, [TOKEN, ...keyLines])).toEqual([]);
        expect(leakedSecrets(nonDebugLog(t), [TOKEN, ...keyLines])).toEqual([]);
    });

    it("replaces the servers strictly one at a time, then the agents, on a version change", async () => {
        version = "v1.31.5+rke2r1";
        const events: EngineEvent[] = [];
        const res = await t.stack.up({ ...logTo(t), onEvent: (e) => events.push(e) });
        expect(res.summary.result).toBe("succeeded");
        expect(res.summary.resourceChanges?.replace).toBeGreaterThanOrEqual(5);

        const steps = vmSteps(events);
        // Each node: its old VM deleted, then its new VM created (delete-before-replace).
        for (const n of [...SERVERS, ...AGENTS]) {
            const mine = steps.filter((x) => x.name === n && x.op !== "replace" && x.op !== "same");
            expect([n, mine.map((x) => `${x.phase} ${x.op}`)]).toEqual([
                n,
                ["start delete-replaced", "end delete-replaced", "start create-replacement", "end create-replacement"],
            ]);
        }
        const at = (n: string, phase: string, op: string) =>
            steps.find((x) => x.name === n && x.phase === phase && x.op === op)!.seq;
        // Server i+1 is not touched until server i's new VM exists: never two servers down at once.
        for (let i = 1; i < SERVERS.length; i++) {
            expect(at(SERVERS[i], "start", "delete-replaced")).toBeGreaterThan(
                at(SERVERS[i - 1], "end", "create-replacement"),
            );
        }
        // Agents roll after every server, one at a time (maxUnavailable 1).
        expect(at(AGENTS[0], "start", "delete-replaced")).toBeGreaterThan(
            at(SERVERS[SERVERS.length - 1], "end", "create-replacement"),
        );
        expect(at(AGENTS[1], "start", "delete-replaced")).toBeGreaterThan(at(AGENTS[0], "end", "create-replacement"));

        // The API server holds new VMs with the new version in their cloud-init.
        const now = await uids();
        for (const n of [...SERVERS, ...AGENTS]) {
            expect(now[n]).not.toBe(firstUids[n]);
        }
        const secret = await kubeGet(s.harvester, `/api/v1/namespaces/${NS}/secrets/ha-cp-2-cloudinit`);
        expect(Buffer.from(secret.data.userdata, "base64").toString()).toContain("v1.31.5+rke2r1");
    });

    it("shows no changes on a second preview", async () => {
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });

    it("leaves no VM behind after destroy", async () => {
        const res = await t.stack.destroy(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        const vms = await kubeGet(s.harvester, `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`);
        expect(vms.items).toEqual([]);
        const secrets = await kubeGet(s.harvester, `/api/v1/namespaces/${NS}/secrets`);
        expect(secrets.items.filter((x: { type: string }) => x.type !== "kubernetes.io/service-account-token")).toEqual(
            [],
        );
    });
});
