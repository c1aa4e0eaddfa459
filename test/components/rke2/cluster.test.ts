import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import type * as harvesterModule from "../../../components/harvester";
import type * as rke2Module from "../../../components/rke2";
import {
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
import { sshKeygen } from "../../support/sshKeys";
import {
    GENERATED_TOKEN,
    named,
    networkDataOf,
    plainStrings,
    position,
    PRIVATE_KEY,
    PUBLIC_KEY,
    rke2Status,
    TYPES,
    userDataOf,
    writtenFile,
} from "./support";

let rke2: typeof rke2Module;
let harvester: typeof harvesterModule;
let recorded: RecordedResource[];
let harvesterProvider: k8s.Provider;

beforeAll(async () => {
    recorded = await recordResources({ status: rke2Status });
    harvester = await import("../../../components/harvester");
    rke2 = await import("../../../components/rke2");
});

beforeEach(() => {
    recorded.length = 0;
    harvesterProvider = new k8s.Provider("harvester", { kubeconfig: "{}" });
});

/** The example call, verbatim, plus optional extras. */
function devA(extra: Partial<rke2Module.Rke2ClusterArgs> = {}) {
    const img = new harvester.HarvesterImage(
        "ubuntu",
        { namespace: "default", displayName: "ubuntu-22.04", url: "https://images.example.internal/jammy.img" },
        { provider: harvesterProvider },
    );
    return new rke2.Rke2Cluster(
        "dev-a",
        {
            namespace: "fleet",
            version: "v1.31.4+rke2r1",
            registrationAddress: "10.10.0.10",
            network: "default/vlan100",
            image: img,
            controlPlane: { count: 3, cpu: 4, memory: "8Gi", diskSize: "40Gi" },
            workerPools: [
                { name: "general", count: 2, cpu: 4, memory: "16Gi", diskSize: "80Gi", labels: { tier: "general" } },
            ],
            ...extra,
        },
        { provider: harvesterProvider },
    );
}

const NODES = ["dev-a-cp-0", "dev-a-cp-1", "dev-a-cp-2", "dev-a-general-0", "dev-a-general-1"];

describe("Rke2Cluster with the issue's example arguments", () => {
    it("registers the token, SSH key, key pair, both pools, every node, every gate, the kubeconfig and the provider", async () => {
        devA();
        await settle();
        const names = recorded.filter((r) => r.type !== TYPES.k8sProvider || r.name !== "harvester");
        expect(names.map((r) => `${r.type} ${r.name}`)).toEqual(
            expect.arrayContaining([
                `${TYPES.cluster} dev-a`,
                `${TYPES.password} dev-a-token`,
                `${TYPES.privateKey} dev-a-ssh`,
                `${TYPES.keyPairComponent} dev-a-ssh`,
                `${TYPES.keyPair} dev-a-ssh`,
                `${TYPES.pool} dev-a-cp`,
                `${TYPES.pool} dev-a-general`,
                ...["cp-0", "cp-1", "cp-2", "general-0", "general-1"].flatMap((n) => [
                    `${TYPES.vmComponent} dev-a-${n}`,
                    `${TYPES.vm} dev-a-${n}`,
                    `${TYPES.secret} dev-a-${n}-cloudinit`,
                    `${TYPES.command} dev-a-${n}-ready`,
                ]),
                `${TYPES.command} dev-a-kubeconfig`,
                `${TYPES.k8sProvider} dev-a-cluster`,
            ]),
        );
        expect(ofType(recorded, TYPES.vm)).toHaveLength(5);
        expect(ofType(recorded, TYPES.command)).toHaveLength(6);
        expect(ofType(recorded, TYPES.ipPool)).toHaveLength(0);
        // Harvester objects go through the Harvester provider; nothing else does.
        for (const t of [TYPES.vm, TYPES.secret, TYPES.keyPair]) {
            expect(ofType(recorded, t).every((r) => r.provider?.includes("harvester"))).toBe(true);
        }
        expect(named(recorded, TYPES.password, "dev-a-token").inputs).toMatchObject({ length: 48, special: false });
        expect(named(recorded, TYPES.privateKey, "dev-a-ssh").inputs).toMatchObject({ algorithm: "ED25519" });
        expect(named(recorded, TYPES.keyPair, "dev-a-ssh").inputs).toMatchObject({
            metadata: { name: "dev-a-drover", namespace: "fleet" },
            spec: { publicKey: PUBLIC_KEY },
        });
    });

    it("registers the policy settings summary, with defaults, as the component's properties", async () => {
        devA();
        await settle();
        expect(named(recorded, TYPES.cluster, "dev-a").inputs).toEqual({
            settings: {
                version: "v1.31.4+rke2r1",
                cni: ["canal"],
                etcdSnapshot: {},
                writeKubeconfigMode: "0600",
                registryMirrors: [],
                airGapped: false,
                tokenSource: "generated",
                workerPools: [{ name: "general", count: 2 }],
                registrationAddress: "10.10.0.10",
                serverCount: 3,
            },
        });
        expect(named(recorded, TYPES.pool, "dev-a-general").inputs.settings).toMatchObject({
            role: "agent",
            count: 2,
            workerPools: [{ name: "dev-a-general", count: 2 }],
            tokenSource: "secret-input",
        });
        expect(named(recorded, TYPES.pool, "dev-a-cp").inputs.settings).toMatchObject({
            role: "server",
            count: 3,
            workerPools: [],
        });
    });

    it("builds schema-valid VMs named after the cluster, labelled for the load balancer and spread per pool", async () => {
        devA();
        await settle();
        const vms = ofType(recorded, TYPES.vm);
        expect(vms.map((v) => v.inputs.metadata.name).sort()).toEqual([...NODES].sort());
        const cp0 = named(recorded, TYPES.vm, "dev-a-cp-0").inputs;
        expect(cp0.metadata.namespace).toBe("fleet");
        expect(cp0.metadata.labels).toMatchObject({
            "rke2.drover.io/cluster": "dev-a",
            "rke2.drover.io/pool": "dev-a-cp",
            "rke2.drover.io/role": "server",
        });
        expect(cp0.metadata.labels["rke2.drover.io/generation"]).toMatch(/^[0-9a-f]{16}$/);
        expect(cp0.spec.template.spec.hostname).toBe("dev-a-cp-0");
        expect(cp0.spec.template.spec.domain.cpu.cores).toBe(4);
        expect(cp0.spec.template.spec.domain.resources.limits.memory).toBe("8Gi");
        expect(cp0.spec.template.metadata.annotations["harvesterhci.io/sshNames"]).toBe('["fleet/dev-a-drover"]');
        expect(
            cp0.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]
                .podAffinityTerm.labelSelector,
        ).toEqual({
            matchLabels: { "rke2.drover.io/cluster": "dev-a", "rke2.drover.io/pool": "dev-a-cp" },
        });
        const disks = JSON.parse(cp0.metadata.annotations["harvesterhci.io/volumeClaimTemplates"]);
        const generation = cp0.metadata.labels["rke2.drover.io/generation"] as string;
        expect(disks).toEqual([
            {
                metadata: {
                    name: `dev-a-cp-0-root-${generation.slice(0, 8)}`,
                    annotations: { "harvesterhci.io/imageId": "default/ubuntu" },
                },
                spec: {
                    accessModes: ["ReadWriteMany"],
                    resources: { requests: { storage: "40Gi" } },
                    volumeMode: "Block",
                    storageClassName: "longhorn-ubuntu",
                },
            },
        ]);
        const worker = named(recorded, TYPES.vm, "dev-a-general-1").inputs;
        expect(worker.metadata.labels["rke2.drover.io/role"]).toBe("agent");
        expect(worker.spec.template.spec.domain.resources.limits.memory).toBe("16Gi");
        for (const vm of vms) {
            const { apiVersion, kind, metadata, spec } = vm.inputs;
            expect(schemaErrors({ apiVersion, kind, metadata, spec })).toEqual([]);
        }
    });

    it("writes cloud-init that bootstraps the first server and joins every other node through the registration address", async () => {
        devA();
        await settle();
        const first = userDataOf(recorded, "dev-a-cp-0");
        expect(YAML.parse(writtenFile(first, "/etc/rancher/rke2/config.yaml.d/20-join.yaml")!)).toEqual({
            token: GENERATED_TOKEN,
        });
        expect(first).toContain("sh /usr/local/lib/drover/rke2-join-or-init.sh");
        for (const n of NODES.slice(1)) {
            const ud = userDataOf(recorded, n);
            expect(YAML.parse(writtenFile(ud, "/etc/rancher/rke2/config.yaml.d/20-join.yaml")!)).toEqual({
                server: "https://10.10.0.10:9345",
                token: GENERATED_TOKEN,
            });
            expect(ud).not.toContain("join-or-init");
        }
        const worker = userDataOf(recorded, "dev-a-general-0");
        const workerGeneration = named(recorded, TYPES.vm, "dev-a-general-0").inputs.metadata.labels[
            "rke2.drover.io/generation"
        ];
        expect(YAML.parse(writtenFile(worker, "/etc/rancher/rke2/config.yaml")!)).toEqual({
            "node-name": "dev-a-general-0",
            // The VM's generation, so the node's gates can tell its Node from a later VM's under the same name.
            "node-label": ["tier=general", `rke2.drover.io/generation=${workerGeneration}`],
        });
        expect(worker).toContain("systemctl enable --now rke2-agent.service");
        // The automation user gets the generated key; the VM component adds it for the default user too.
        const doc = YAML.parse(worker);
        expect(doc.users[1]).toMatchObject({ name: "drover", ssh_authorized_keys: [PUBLIC_KEY] });
        expect(doc.ssh_authorized_keys).toEqual([PUBLIC_KEY]);
        // Every server gets the same must-match values.
        const cluster = (n: string) =>
            writtenFile(userDataOf(recorded, n), "/etc/rancher/rke2/config.yaml.d/10-cluster.yaml");
        expect(cluster("dev-a-cp-1")).toBe(cluster("dev-a-cp-0"));
        expect(cluster("dev-a-cp-2")).toBe(cluster("dev-a-cp-0"));
        expect(networkDataOf(recorded, "dev-a-cp-0")).toBeUndefined();
    });

    it("gates every node over SSH through the registration address when nodes use DHCP", async () => {
        devA();
        await settle();
        const gate = named(recorded, TYPES.command, "dev-a-cp-1-ready").inputs;
        // The command SDK makes the whole connection secret, private key included.
        expect(isSecretValue(gate.connection)).toBe(true);
        expect(unwrapSecrets(gate.connection)).toEqual({
            host: "10.10.0.10",
            user: "drover",
            privateKey: PRIVATE_KEY,
            dialErrorLimit: 60,
            perDialTimeout: 10,
            port: 22,
        });

        // The delete acts only on the Node of this VM: the VM's generation, which the node registers as a label.
        const generation = named(recorded, TYPES.vm, "dev-a-cp-1").inputs.metadata.labels["rke2.drover.io/generation"];
        expect(generation).toMatch(/^[0-9a-f]{16}$/);
        expect(gate.create).toBe(rke2.buildNodeReadyScript("dev-a-cp-1", "server", 900, undefined, generation));
        expect(gate.delete).toBe(rke2.buildNodeDrainScript("dev-a-cp-1", 300, generation));
        expect(gate.triggers).toEqual(["uid-dev-a-cp-1"]);
        const agentGate = named(recorded, TYPES.command, "dev-a-general-0-ready").inputs;
        const agentGeneration = named(recorded, TYPES.vm, "dev-a-general-0").inputs.metadata.labels[
            "rke2.drover.io/generation"
        ];
        expect(agentGate.create).toBe(
            rke2.buildNodeReadyScript("dev-a-general-0", "agent", 900, undefined, agentGeneration),
        );
    });

    it("registers each server only after the previous server's gate, and agents only after every server's gate", async () => {
        devA();
        await settle();
        const at = (type: string, name: string) => position(recorded, type, name);
        expect(at(TYPES.command, "dev-a-cp-0-ready")).toBeLessThan(at(TYPES.vm, "dev-a-cp-1"));
        expect(at(TYPES.command, "dev-a-cp-1-ready")).toBeLessThan(at(TYPES.vm, "dev-a-cp-2"));
        for (const w of ["dev-a-general-0", "dev-a-general-1"]) {
            expect(at(TYPES.command, "dev-a-cp-2-ready")).toBeLessThan(at(TYPES.vm, w));
        }
        expect(at(TYPES.command, "dev-a-general-0-ready")).toBeLessThan(at(TYPES.vm, "dev-a-general-1"));
        expect(at(TYPES.command, "dev-a-cp-0-ready")).toBeLessThan(at(TYPES.command, "dev-a-kubeconfig"));
    });

    it("reads the kubeconfig without logging it and exposes it, rewritten and secret, with a provider built from it", async () => {
        const cluster = devA();
        await settle();
        const cmd = named(recorded, TYPES.command, "dev-a-kubeconfig").inputs;
        expect(cmd.logging).toBe("stderr");
        expect(cmd.create).toBe(rke2.buildKubeconfigScript(900));
        expect(isSecretValue(cmd.connection)).toBe(true);
        expect(cmd.triggers).toBeUndefined();

        expect(await isSecret(cluster.kubeconfig)).toBe(true);
        const kubeconfig = YAML.parse((await valueOf(cluster.kubeconfig))!);
        expect(kubeconfig.clusters[0]).toEqual({
            name: "dev-a",
            cluster: { "certificate-authority-data": "Q0E=", server: "https://10.10.0.10:6443" },
        });
        expect(kubeconfig["current-context"]).toBe("dev-a");

        const provider = named(recorded, TYPES.k8sProvider, "dev-a-cluster").inputs;
        expect(isSecretValue(provider.kubeconfig)).toBe(true);
        expect(YAML.parse(unwrapSecrets(provider.kubeconfig)).clusters[0].cluster.server).toBe(
            "https://10.10.0.10:6443",
        );
        expect(cluster.clusterProvider).toBeInstanceOf(k8s.Provider);
    });

    it("keeps the token, private key and kubeconfig secret in its outputs and out of every plain input", async () => {
        const cluster = devA();
        await settle();
        expect(await isSecret(cluster.token)).toBe(true);
        expect(await valueOf(cluster.token)).toBe(GENERATED_TOKEN);
        expect(await isSecret(cluster.sshPrivateKey)).toBe(true);
        expect(await valueOf(cluster.supervisorUrl)).toBe("https://10.10.0.10:9345");
        expect(await valueOf(cluster.apiServerUrl)).toBe("https://10.10.0.10:6443");
        const plain = recorded.flatMap((r) => plainStrings(r.inputs));
        for (const secret of [GENERATED_TOKEN, "b3BlbnNzaC1rZXktdjEAAAAA", "QURNSU4tS0VZ"]) {
            expect(plain.filter((s) => s.includes(secret))).toEqual([]);
        }
    });

    it("uses a given SSH key and token instead of generating them (no tls or random resources)", async () => {
        const pair = sshKeygen("ed25519");
        const cluster = devA({
            sshPrivateKey: pulumi.secret(pair.privateKey),
            token: pulumi.secret("given-join-token"),
        });
        await settle();
        expect(ofType(recorded, TYPES.privateKey)).toEqual([]);
        expect(ofType(recorded, TYPES.password)).toEqual([]);
        expect(named(recorded, TYPES.keyPair, "dev-a-ssh").inputs.spec).toEqual({ publicKey: pair.publicKey });
        expect(await valueOf(cluster.sshPublicKey)).toBe(pair.publicKey);
        expect(await isSecret(cluster.sshPublicKey)).toBe(false);
        expect(await isSecret(cluster.sshPrivateKey)).toBe(true);
        expect(await valueOf(cluster.sshPrivateKey)).toBe(pair.privateKey);
        const userData = userDataOf(recorded, "dev-a-cp-0")!;
        expect(userData).toContain(pair.publicKey);
        const kubeconfigCommand = named(recorded, TYPES.command, "dev-a-kubeconfig").inputs;
        expect(unwrapSecrets(kubeconfigCommand.connection).privateKey).toBe(pair.privateKey);
        const plain = recorded.flatMap((r) => plainStrings(r.inputs));
        const keyBody = pair.privateKey.split("\n")[1];
        expect(plain.filter((s) => s.includes(keyBody) || s.includes("given-join-token"))).toEqual([]);
    });
});

describe("Rke2Cluster options", () => {
    it("with kubeconfig: false connects nowhere: no commands, no provider, no kubeconfig", async () => {
        const cluster = devA({ kubeconfig: false });
        await settle();
        expect(ofType(recorded, TYPES.command)).toEqual([]);
        expect(recorded.some((r) => r.type === TYPES.k8sProvider && r.name === "dev-a-cluster")).toBe(false);
        expect(cluster.clusterProvider).toBeUndefined();
        expect(await valueOf(cluster.kubeconfig)).toBeUndefined();
        expect(ofType(recorded, TYPES.vm)).toHaveLength(5);
        expect(cluster.controlPlane.readyResources).toEqual(cluster.controlPlane.nodes);
        expect([cluster.controlPlane, ...cluster.workerPools].every((p) => p.gates.length === 0)).toBe(true);
    });

    it("with static addresses renders network data and runs each server's gate on that server", async () => {
        devA({
            gateway: "10.10.0.1",
            nameservers: ["10.10.0.2"],
            controlPlane: {
                count: 3,
                cpu: 4,
                memory: "8Gi",
                diskSize: "40Gi",
                addresses: ["10.10.0.21/24", "10.10.0.22/24", "10.10.0.23/24"],
            },
        });
        await settle();
        expect(YAML.parse(networkDataOf(recorded, "dev-a-cp-1")!).ethernets.primary).toMatchObject({
            addresses: ["10.10.0.22/24"],
            routes: [{ to: "0.0.0.0/0", via: "10.10.0.1" }],
        });
        expect(named(recorded, TYPES.vm, "dev-a-cp-1").inputs.spec.template.spec.volumes[1].cloudInitNoCloud).toEqual({
            secretRef: { name: "dev-a-cp-1-cloudinit" },
            networkDataSecretRef: { name: "dev-a-cp-1-cloudinit" },
        });
        const host = (n: string) => unwrapSecrets(named(recorded, TYPES.command, n).inputs.connection).host;
        expect(host("dev-a-cp-1-ready")).toBe("10.10.0.22");
        expect(host("dev-a-general-0-ready")).toBe("10.10.0.21");
        expect(host("dev-a-kubeconfig")).toBe("10.10.0.21");
    });

    it("with loadBalancer creates an IPPool holding only the registration address and a load balancer on the servers", async () => {
        devA({ loadBalancer: { subnet: "10.10.0.0/24", gateway: "10.10.0.1" }, sshHost: "10.10.0.21" });
        await settle();
        const pool = named(recorded, TYPES.ipPool, "dev-a-registration-pool").inputs;
        expect(pool.metadata).toEqual({ name: "fleet-dev-a-registration" });
        expect(pool.spec.ranges).toEqual([
            { subnet: "10.10.0.0/24", rangeStart: "10.10.0.10", rangeEnd: "10.10.0.10", gateway: "10.10.0.1" },
        ]);
        expect(pool.spec.selector).toEqual({ network: "default/vlan100" });
        const lb = named(recorded, TYPES.loadBalancer, "dev-a-registration").inputs;
        expect(lb.metadata).toEqual({ name: "dev-a-registration", namespace: "fleet" });
        expect(lb.spec.ipPool).toBe("fleet-dev-a-registration");
        expect(lb.spec.backendServerSelector).toEqual({
            "rke2.drover.io/cluster": ["dev-a"],
            "rke2.drover.io/role": ["server"],
        });
        expect(named(recorded, TYPES.loadBalancer, "dev-a-registration").provider).toContain("harvester");
        // The load balancer exists before the first server boots and probes it.
        expect(position(recorded, TYPES.loadBalancer, "dev-a-registration")).toBeLessThan(
            position(recorded, TYPES.vm, "dev-a-cp-0"),
        );
        expect(unwrapSecrets(named(recorded, TYPES.command, "dev-a-kubeconfig").inputs.connection).host).toBe(
            "10.10.0.21",
        );
    });

    it("air-gapped with S3 snapshots and an authenticated registry: settings summary and secrets", async () => {
        const cluster = devA({
            token: pulumi.secret("given-token-77"),
            profile: "cis",
            airGapped: true,
            installScript: "http://hauler.example.internal:8080/install.sh",
            artifactPath: "/opt/rke2-artifacts",
            artifactUrl: "http://hauler.example.internal:8080/rke2",
            systemDefaultRegistry: "hauler.example.internal:5000",
            registryMirrors: [{ registry: "docker.io", endpoints: ["https://hauler.example.internal:5000"] }],
            registryAuths: [{ host: "hauler.example.internal:5000", username: "puller", password: "registry-pass-42" }],
            etcdSnapshotScheduleCron: "0 */6 * * *",
            etcdSnapshotRetention: 10,
            etcdSnapshotS3: {
                endpoint: "minio.example.internal:9000",
                bucket: "etcd",
                region: "eu-1",
                accessKey: "s3-access-key-1",
                secretKey: "s3-secret-key-1",
            },
            cloudProviderName: "harvester",
            cloudProviderConfig:
                "apiVersion: v1\nkind: Config\nusers: [{name: cp, user: {token: harvester-cp-token}}]\n",
        });
        await settle();
        expect(named(recorded, TYPES.cluster, "dev-a").inputs.settings).toEqual({
            version: "v1.31.4+rke2r1",
            cni: ["canal"],
            profile: "cis",
            etcdSnapshot: {
                scheduleCron: "0 */6 * * *",
                retention: 10,
                s3: { endpoint: "minio.example.internal:9000", bucket: "etcd", region: "eu-1" },
            },
            writeKubeconfigMode: "0600",
            systemDefaultRegistry: "hauler.example.internal:5000",
            registryMirrors: ["docker.io"],
            airGapped: true,
            tokenSource: "secret-input",
            workerPools: [{ name: "general", count: 2 }],
            registrationAddress: "10.10.0.10",
            serverCount: 3,
        });
        expect(recorded.some((r) => r.type === TYPES.password)).toBe(false);
        expect(await valueOf(cluster.token)).toBe("given-token-77");
        const ud = userDataOf(recorded, "dev-a-cp-1");
        expect(writtenFile(ud, "/etc/rancher/rke2/config.yaml.d/40-etcd-s3.yaml")).toContain("s3-secret-key-1");
        expect(writtenFile(ud, "/etc/rancher/rke2/registries.yaml")).toContain("registry-pass-42");
        expect(writtenFile(ud, "/etc/rancher/rke2/cloud-provider-config.yaml")).toContain("harvester-cp-token");
        const plain = recorded.flatMap((r) => plainStrings(r.inputs));
        for (const secret of [
            "given-token-77",
            "s3-access-key-1",
            "s3-secret-key-1",
            "registry-pass-42",
            "harvester-cp-token",
        ]) {
            expect(plain.filter((s) => s.includes(secret))).toEqual([]);
        }
        // Nothing on a node reaches for the internet.
        expect(ud).not.toContain("get.rke2.io");
        expect(ud).not.toContain("github.com");
    });

    it("rolls a node to a new generation when its version changes, and not when only the token changes", async () => {
        const generationOf = async (extra: Partial<rke2Module.Rke2ClusterArgs>) => {
            recorded.length = 0;
            devA({ kubeconfig: false, ...extra });
            await settle();
            return named(recorded, TYPES.vm, "dev-a-cp-1").inputs.metadata.labels["rke2.drover.io/generation"];
        };
        const base = await generationOf({ token: pulumi.secret("token-a") });
        expect(await generationOf({ token: pulumi.secret("token-b") })).toBe(base);
        expect(await generationOf({ token: pulumi.secret("token-a"), version: "v1.31.5+rke2r1" })).not.toBe(base);
    });
});

describe("node VM replacement options", () => {
    it("replaces a node's KubeVirt VM on any change, deleting it first; other children keep their options", () => {
        const opts = { parent: undefined, ignoreChanges: ["spec.template.spec.affinity"] };
        const result = rke2.replaceNodeVmOnChange({
            type: TYPES.vm,
            name: "dev-a-cp-0",
            props: { spec: {} },
            opts,
            resource: undefined as unknown as pulumi.Resource,
        });
        expect(result?.opts).toMatchObject({
            replaceOnChanges: ["*"],
            deleteBeforeReplace: true,
            ignoreChanges: ["spec.template.spec.affinity"],
        });
        expect(
            rke2.replaceNodeVmOnChange({
                type: TYPES.secret,
                name: "dev-a-cp-0-cloudinit",
                props: {},
                opts: {},
                resource: undefined as unknown as pulumi.Resource,
            }),
        ).toBeUndefined();
    });

    it("is applied to every node VM the cluster creates", () => {
        const cluster = devA({ kubeconfig: false });
        for (const pool of [cluster.controlPlane, ...cluster.workerPools]) {
            for (const node of pool.nodes) {
                const transformations = (node.virtualMachine as unknown as { __transformations: unknown[] })
                    .__transformations;
                expect(transformations).toContain(rke2.replaceNodeVmOnChange);
            }
        }
    });
});
