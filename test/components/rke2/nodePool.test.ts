import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import type * as rke2Module from "../../../components/rke2";
import {
    isSecretValue,
    ofType,
    recordResources,
    RecordedResource,
    settle,
    unwrapSecrets,
    valueOf,
} from "../../support/mocks";
import { named, plainStrings, position, PRIVATE_KEY, rke2Status, TYPES, userDataOf, writtenFile } from "./support";

let rke2: typeof rke2Module;
let recorded: RecordedResource[];
let provider: k8s.Provider;

beforeAll(async () => {
    recorded = await recordResources({ status: rke2Status });
    rke2 = await import("../../../components/rke2");
});

beforeEach(() => {
    recorded.length = 0;
    provider = new k8s.Provider("harvester", { kubeconfig: "{}" });
});

/** Adding agents to a cluster drover did not create: registration address, token and version are all it needs. */
function extraAgents(extra: Partial<rke2Module.Rke2NodePoolArgs> = {}) {
    return new rke2.Rke2NodePool(
        "extra",
        {
            namespace: "fleet",
            role: "agent",
            count: 2,
            version: "v1.31.4+rke2r1",
            registrationAddress: "k8s.example.internal",
            token: pulumi.secret("existing-cluster-token"),
            clusterName: "prod",
            image: "default/ubuntu-22.04",
            network: "default/vlan100",
            cpu: 8,
            memory: "32Gi",
            diskSize: "100Gi",
            labels: { tier: "batch" },
            taints: ["batch=true:NoSchedule"],
            keyPair: "fleet/ops-key",
            sshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example"],
            sshPrivateKey: pulumi.secret(PRIVATE_KEY),
            sshHost: "10.10.0.21",
            ...extra,
        },
        { provider },
    );
}

describe("Rke2NodePool on its own", () => {
    it("creates only the node VMs and their gates: no token, key or key pair of its own", async () => {
        const pool = extraAgents();
        await settle();
        expect(ofType(recorded, TYPES.password)).toEqual([]);
        expect(ofType(recorded, TYPES.privateKey)).toEqual([]);
        expect(ofType(recorded, TYPES.keyPair)).toEqual([]);
        expect(ofType(recorded, TYPES.vm).map((v) => v.inputs.metadata.name)).toEqual(["extra-0", "extra-1"]);
        expect(
            ofType(recorded, TYPES.command)
                .map((c) => c.name)
                .sort(),
        ).toEqual(["extra-0-ready", "extra-1-ready"]);
        expect(await valueOf(pool.nodeNames)).toEqual(["extra-0", "extra-1"]);
        expect(pool.readyResources).toEqual(pool.gates);
    });

    it("joins the existing cluster as agents with labels and taints", async () => {
        extraAgents();
        await settle();
        const ud = userDataOf(recorded, "extra-1");
        expect(YAML.parse(writtenFile(ud, "/etc/rancher/rke2/config.yaml.d/20-join.yaml")!)).toEqual({
            server: "https://k8s.example.internal:9345",
            token: "existing-cluster-token",
        });
        const generation = named(recorded, TYPES.vm, "extra-1").inputs.metadata.labels["rke2.drover.io/generation"];
        expect(YAML.parse(writtenFile(ud, "/etc/rancher/rke2/config.yaml")!)).toEqual({
            "node-name": "extra-1",
            "node-label": ["tier=batch", `rke2.drover.io/generation=${generation}`],
            "node-taint": ["batch=true:NoSchedule"],
        });
        expect(ud).toContain("INSTALL_RKE2_TYPE=agent");
        const vm = named(recorded, TYPES.vm, "extra-1").inputs;
        expect(vm.metadata.labels).toMatchObject({
            "rke2.drover.io/cluster": "prod",
            "rke2.drover.io/pool": "extra",
            "rke2.drover.io/role": "agent",
        });
        expect(vm.spec.template.metadata.annotations["harvesterhci.io/sshNames"]).toBe('["fleet/ops-key"]');
        expect(YAML.parse(ud).users[1].ssh_authorized_keys).toEqual([
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example",
        ]);
    });

    it("runs the agents' gates on sshHost with a secret connection", async () => {
        extraAgents();
        await settle();
        const gate = named(recorded, TYPES.command, "extra-0-ready").inputs;
        expect(isSecretValue(gate.connection)).toBe(true);
        expect(unwrapSecrets(gate.connection)).toMatchObject({
            host: "10.10.0.21",
            user: "drover",
            privateKey: PRIVATE_KEY,
        });
        const generation = named(recorded, TYPES.vm, "extra-0").inputs.metadata.labels["rke2.drover.io/generation"];
        expect(gate.create).toBe(rke2.buildNodeReadyScript("extra-0", "agent", 900, undefined, generation));
    });

    it("summarises its settings for policies, and reports a secret token as such", async () => {
        extraAgents();
        await settle();
        expect(named(recorded, TYPES.pool, "extra").inputs).toEqual({
            settings: {
                version: "v1.31.4+rke2r1",
                cni: ["canal"],
                etcdSnapshot: {},
                writeKubeconfigMode: "0600",
                registryMirrors: [],
                airGapped: false,
                tokenSource: "secret-input",
                workerPools: [{ name: "extra", count: 2 }],
                registrationAddress: "k8s.example.internal",
                role: "agent",
                count: 2,
            },
        });
    });

    it("flags a plain-text token for policies but still keeps it out of every plain input", async () => {
        extraAgents({ token: "plain-token-123" });
        await settle();
        expect(named(recorded, TYPES.pool, "extra").inputs.settings.tokenSource).toBe("plaintext-input");
        const plain = recorded.flatMap((r) => plainStrings(r.inputs));
        expect(plain.filter((s) => s.includes("plain-token-123"))).toEqual([]);
        expect(userDataOf(recorded, "extra-0")).toContain("plain-token-123");
    });

    it("replaces maxUnavailable nodes at a time: node i waits for the gate of node i - maxUnavailable", async () => {
        extraAgents({ count: 3, maxUnavailable: 2 });
        await settle();
        expect(position(recorded, TYPES.command, "extra-0-ready")).toBeLessThan(
            position(recorded, TYPES.vm, "extra-2"),
        );
    });

    it("adds servers that join (no join-or-init) when bootstrap is not set", async () => {
        extraAgents({
            role: "server",
            count: 1,
            sshHost: undefined,
            addresses: ["10.10.0.24/24"],
            gateway: "10.10.0.1",
        });
        await settle();
        const ud = userDataOf(recorded, "extra-0");
        expect(ud).not.toContain("join-or-init");
        expect(YAML.parse(writtenFile(ud, "/etc/rancher/rke2/config.yaml.d/20-join.yaml")!).server).toBe(
            "https://k8s.example.internal:9345",
        );
        expect(ud).toContain("systemctl enable --now rke2-server.service");
        expect(unwrapSecrets(named(recorded, TYPES.command, "extra-0-ready").inputs.connection).host).toBe(
            "10.10.0.24",
        );
    });

    it("without sshPrivateKey builds no gates and is ready when its VMs are", async () => {
        const pool = extraAgents({ sshPrivateKey: undefined, sshHost: undefined });
        await settle();
        expect(ofType(recorded, TYPES.command)).toEqual([]);
        expect(pool.gates).toEqual([]);
        expect(pool.readyResources).toEqual(pool.nodes);
    });
});
