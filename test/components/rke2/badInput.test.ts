import * as pulumi from "@pulumi/pulumi";
import type * as rke2Module from "../../../components/rke2";
import { DroverInputError } from "../../../components/common/errors";
import { recordResources, RecordedResource, settle } from "../../support/mocks";

let rke2: typeof rke2Module;
let recorded: RecordedResource[];

beforeAll(async () => {
    recorded = await recordResources();
    rke2 = await import("../../../components/rke2");
});

beforeEach(() => {
    recorded.length = 0;
});

// The example call, with the image given by reference.
const clusterBase: rke2Module.Rke2ClusterArgs = {
    namespace: "fleet",
    version: "v1.31.4+rke2r1",
    registrationAddress: "10.10.0.10",
    network: "default/vlan100",
    image: "default/ubuntu-22.04",
    controlPlane: { count: 3, cpu: 4, memory: "8Gi", diskSize: "40Gi" },
    workerPools: [{ name: "general", count: 2, cpu: 4, memory: "16Gi", diskSize: "80Gi", labels: { tier: "general" } }],
};

const worker = (over: Record<string, unknown>) => [{ ...clusterBase.workerPools![0], ...over }];
const DNS_LABEL = 'is not a DNS label (lower-case letters, digits and "-", at most 63 characters)';
const TAINT =
    'is not a taint; use "key=value:Effect" with Effect NoSchedule, PreferNoSchedule or NoExecute, e.g. "dedicated=gpu:NoSchedule"';

// Each case changes one thing and gives the exact message users see.
const clusterCases: Array<{ rule: string; args: Record<string, unknown>; message: string }> = [
    {
        rule: "an SSH private key that is not one (never echoed)",
        args: { sshPrivateKey: "ssh-ed25519 AAAA-a-public-key" },
        message:
            'sshPrivateKey is not a PEM or OpenSSH private key; give the whole "-----BEGIN ... PRIVATE KEY-----" block',
    },
    {
        rule: "a passphrase-protected SSH private key",
        args: { sshPrivateKey: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n" },
        message:
            'sshPrivateKey is protected by a passphrase, which drover\'s SSH connection cannot use here; remove it with `ssh-keygen -p -N "" -f <key>`',
    },
    {
        rule: "a damaged OpenSSH private key",
        args: {
            sshPrivateKey:
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----",
        },
        message: "sshPrivateKey is not a valid OpenSSH private key (truncated)",
    },
    {
        rule: "an even control-plane count",
        args: { controlPlane: { ...clusterBase.controlPlane, count: 2 } },
        message: "controlPlane.count 2 must be odd (1, 3, 5, 7 or 9) so etcd keeps quorum when a server is down; use 3",
    },
    {
        rule: "a zero control-plane count",
        args: { controlPlane: { ...clusterBase.controlPlane, count: 0 } },
        message: "controlPlane.count 0 must be odd (1, 3, 5, 7 or 9) so etcd keeps quorum when a server is down; use 3",
    },
    {
        rule: "a malformed RKE2 version",
        args: { version: "1.31.4" },
        message: 'version "1.31.4" is not an RKE2 release version; use e.g. "v1.31.4+rke2r1"',
    },
    {
        rule: "a version without the rke2 suffix",
        args: { version: "v1.31.4" },
        message: 'version "v1.31.4" is not an RKE2 release version; use e.g. "v1.31.4+rke2r1"',
    },
    {
        rule: "a missing version",
        args: { version: undefined },
        message: 'version is required; pin a release, e.g. "v1.31.4+rke2r1"',
    },
    {
        rule: "a missing registration address",
        args: { registrationAddress: undefined },
        message:
            'registrationAddress is required; give the fixed address every node joins through (a VIP, DNS name or load balancer address), e.g. "10.10.0.10"',
    },
    {
        rule: "a registration address with scheme and port",
        args: { registrationAddress: "https://10.10.0.10:9345" },
        message:
            'registrationAddress "https://10.10.0.10:9345" is not an IPv4 address or DNS name (no scheme, no port); use e.g. "10.10.0.10" or "k8s.example.internal"',
    },
    {
        rule: "an invalid pod CIDR",
        args: { clusterCidr: "10.42.0.0/33" },
        message:
            'clusterCidr "10.42.0.0/33" is not an IPv4 network CIDR (address/prefix, no host bits set); use e.g. "10.42.0.0/16"',
    },
    {
        rule: "a CIDR with host bits",
        args: { serviceCidr: "10.43.0.1/16" },
        message:
            'serviceCidr "10.43.0.1/16" is not an IPv4 network CIDR (address/prefix, no host bits set); use e.g. "10.43.0.0/16"',
    },
    {
        rule: "a service CIDR overlapping the pod CIDR",
        args: { serviceCidr: "10.42.128.0/17" },
        message:
            'serviceCidr "10.42.128.0/17" overlaps clusterCidr "10.42.0.0/16"; give pods and services ranges that do not overlap',
    },
    {
        rule: "a pod CIDR overlapping the default service CIDR",
        args: { clusterCidr: "10.43.0.0/16" },
        message:
            'clusterCidr "10.43.0.0/16" overlaps serviceCidr "10.43.0.0/16"; give pods and services ranges that do not overlap',
    },
    {
        rule: "a DNS address outside the service CIDR",
        args: { serviceCidr: "10.96.0.0/16", clusterDns: "10.43.0.10" },
        message: 'clusterDns "10.43.0.10" is outside serviceCidr "10.96.0.0/16"; use an address inside it',
    },
    {
        rule: "a registration address inside the pod network",
        args: { registrationAddress: "10.42.0.10" },
        message:
            'registrationAddress "10.42.0.10" lies inside clusterCidr; the registration address must be reachable outside the cluster\'s pod and service networks',
    },
    {
        rule: "an unknown CNI",
        args: { cni: ["weave"] },
        message: 'cni[0] "weave" is not supported; use one of "canal", "calico", "cilium", "flannel", "none", "multus"',
    },
    {
        rule: "multus after the CNI",
        args: { cni: ["canal", "multus"] },
        message: 'cni ["canal","multus"] lists "multus" after another plugin; put it first, e.g. ["multus", "canal"]',
    },
    {
        rule: "two CNIs",
        args: { cni: ["canal", "cilium"] },
        message: 'cni ["canal","cilium"] must name exactly one CNI plugin (optionally after "multus"), e.g. ["canal"]',
    },
    {
        rule: "CIS with protect-kernel-defaults off",
        args: { profile: "cis", protectKernelDefaults: false },
        message:
            'protectKernelDefaults false cannot be used with profile "cis", which requires protect-kernel-defaults; remove protectKernelDefaults or set it to true',
    },
    {
        rule: "an unknown profile",
        args: { profile: "cis-1.6" },
        message: 'profile "cis-1.6" is not supported; use one of "cis", "etcd"',
    },
    {
        rule: "secretbox on a release without it",
        args: { secretsEncryptionProvider: "secretbox" },
        message:
            'secretsEncryptionProvider "secretbox" needs RKE2 v1.30.12, v1.31.8, v1.32.4, v1.33.0 or later (version is "v1.31.4+rke2r1"); use "aescbc" or upgrade',
    },
    {
        rule: "a pool name that is not a DNS label",
        args: { workerPools: worker({ name: "General" }) },
        message: `workerPools[0].name "General" ${DNS_LABEL}; use e.g. "general"`,
    },
    {
        rule: "duplicate pool names",
        args: { workerPools: [...worker({}), ...worker({ count: 1 })] },
        message: 'workerPools[1].name "general" is used twice (also at index 0); give each a unique name',
    },
    {
        rule: "a worker pool named like the control plane",
        args: { workerPools: worker({ name: "cp" }) },
        message: 'workerPools[0].name "cp" is reserved for the control plane; use another name, e.g. "general"',
    },
    {
        rule: "a taint without an effect",
        args: { workerPools: worker({ taints: ["dedicated=gpu"] }) },
        message: `workerPools[0].taints[0] "dedicated=gpu" ${TAINT}`,
    },
    {
        rule: "a taint with an unknown effect",
        args: { controlPlane: { ...clusterBase.controlPlane, taints: ["node-role=cp:NoScheduled"] } },
        message: `controlPlane.taints[0] "node-role=cp:NoScheduled" ${TAINT}`,
    },
    {
        rule: "static addresses for fewer nodes than the pool has",
        args: {
            gateway: "10.10.0.1",
            controlPlane: { ...clusterBase.controlPlane, addresses: ["10.10.0.21/24", "10.10.0.22/24"] },
        },
        message:
            'controlPlane.addresses ["10.10.0.21/24","10.10.0.22/24"] has 2 address(es) for 3 node(s); give exactly one static address per node',
    },
    {
        rule: "static addresses without a gateway",
        args: { workerPools: worker({ addresses: ["10.10.0.31/24", "10.10.0.32/24"] }) },
        message: 'gateway is required with static addresses: RKE2 needs a default route; give e.g. "10.10.0.1"',
    },
    {
        rule: "an address without a prefix length",
        args: { gateway: "10.10.0.1", workerPools: worker({ addresses: ["10.10.0.31", "10.10.0.32/24"] }) },
        message:
            'workerPools[0].addresses[0] "10.10.0.31" is not an IPv4 address with a prefix length; use e.g. "10.10.0.21/24"',
    },
    {
        rule: "one address for two nodes",
        args: {
            gateway: "10.10.0.1",
            controlPlane: {
                ...clusterBase.controlPlane,
                addresses: ["10.10.0.21/24", "10.10.0.22/24", "10.10.0.23/24"],
            },
            workerPools: worker({ addresses: ["10.10.0.31/24", "10.10.0.22/24"] }),
        },
        message:
            'workerPools[0].addresses[1] "10.10.0.22/24" is also used at controlPlane.addresses[1]; give every node its own address',
    },
    {
        rule: "a load balancer subnet without the registration address",
        args: {
            loadBalancer: { subnet: "10.20.0.0/24" },
            sshHost: "10.10.0.21",
        },
        message:
            'registrationAddress "10.10.0.10" must be an IPv4 address inside loadBalancer.subnet "10.20.0.0/24": the load balancer\'s pool holds exactly this address',
    },
    {
        rule: "a load balancer and no way to reach a server over SSH",
        args: { loadBalancer: { subnet: "10.10.0.0/24" } },
        message:
            "sshHost is required with loadBalancer when controlPlane.addresses is not set: the load balancer does not forward SSH; give controlPlane.addresses, set sshHost, or set kubeconfig: false",
    },
    {
        rule: "the Harvester cloud provider without its kubeconfig",
        args: { cloudProviderName: "harvester" },
        message:
            "cloudProviderConfig is required with cloudProviderName; give the kubeconfig the Harvester cloud provider uses",
    },
    {
        rule: "an air-gapped cluster installing from the internet",
        args: { airGapped: true, installScript: "https://get.rke2.io", artifactPath: "/opt/rke2-artifacts" },
        message:
            'installScript "https://get.rke2.io" is on the internet, but airGapped is true; serve it from your own file server, e.g. "http://hauler.example.internal:8080"',
    },
    {
        rule: "artifacts downloaded without a directory to put them in",
        args: { artifactUrl: "http://hauler.example.internal:8080/rke2" },
        message:
            'artifactPath is required with artifactUrl: the directory the artifacts are downloaded to, e.g. "/opt/rke2-artifacts"',
    },
    {
        rule: "an unknown chart to disable",
        args: { disable: ["traefik"] },
        message:
            'disable[0] "traefik" is not supported; use one of "rke2-coredns", "rke2-ingress-nginx", "rke2-metrics-server", "rke2-snapshot-controller", "rke2-snapshot-controller-crd", "rke2-snapshot-validation-webhook", "rke2-security-responder"',
    },
    {
        rule: "a component flag with dashes",
        args: { kubeApiserverArgs: ["--audit-log-maxage=30"] },
        message:
            'kubeApiserverArgs[0] "--audit-log-maxage=30" is not "flag=value" (without leading "--"); use e.g. "audit-log-maxage=30"',
    },
    {
        rule: "a mirror endpoint that is not a URL",
        args: { registryMirrors: [{ registry: "docker.io", endpoints: ["hauler:5000"] }] },
        message:
            'registryMirrors[0].endpoints[0] "hauler:5000" is not an http(s):// URL; use e.g. "https://hauler.example.internal:5000"',
    },
    {
        rule: "S3 with only one key",
        args: { etcdSnapshotS3: { endpoint: "minio.example.internal:9000", bucket: "etcd", accessKey: "AKIA" } },
        message: "etcdSnapshotS3.secretKey is required when the other S3 key is given",
    },
    {
        rule: "an S3 endpoint with a scheme",
        args: { etcdSnapshotS3: { endpoint: "https://minio:9000", bucket: "etcd" } },
        message:
            'etcdSnapshotS3.endpoint "https://minio:9000" is not "host" or "host:port" (no scheme, no path); use e.g. "minio.example.internal:9000"',
    },
    {
        rule: "node names longer than a DNS label",
        args: { clusterName: "a".repeat(59), workerPools: [] },
        message: `controlPlane.count 3 makes node names such as "${"a".repeat(59)}-cp-2" longer than 63 characters; use a shorter cluster or pool name`,
    },
    {
        rule: "a control plane without memory",
        args: { controlPlane: { count: 3, cpu: 4, diskSize: "40Gi" } },
        message: "controlPlane.memory is required",
    },
    {
        rule: "a worker pool without a name",
        args: { workerPools: [{ count: 1, cpu: 2, memory: "4Gi", diskSize: "20Gi" }] },
        message: "workerPools[0].name is required",
    },
    {
        rule: "an unknown argument",
        args: { controlplane: {} },
        message: "controlplane is not a known field; remove it or fix its spelling",
    },
];

describe("Rke2Cluster rejects bad input before registering anything", () => {
    it.each(clusterCases)("$rule", async ({ args, message }) => {
        const merged = { ...clusterBase, ...args } as rke2Module.Rke2ClusterArgs;
        expect(() => new rke2.Rke2Cluster("dev-a", merged)).toThrow(new Error(`Rke2Cluster "dev-a": ${message}`));
        await settle();
        expect(recorded).toEqual([]);
    });

    it("reports every problem of an air-gapped cluster without install sources at once", async () => {
        let err: unknown;
        try {
            new rke2.Rke2Cluster("dev-a", { ...clusterBase, airGapped: true });
        } catch (e) {
            err = e;
        }
        expect(err).toBeInstanceOf(DroverInputError);
        expect(err).toBeInstanceOf(pulumi.InputPropertiesError);
        expect((err as Error).message).toBe(
            [
                'Rke2Cluster "dev-a": 2 problems:',
                '  - installScript is required when airGapped is true (nodes cannot reach get.rke2.io); give a URL on your file server, e.g. "http://hauler.example.internal:8080/install.sh", or a path on the node image',
                '  - artifactPath is required when airGapped is true: the directory on the node with the RKE2 release artifacts, e.g. "/opt/rke2-artifacts"',
            ].join("\n"),
        );
        await settle();
        expect(recorded).toEqual([]);
    });

    it("keeps cross-field rules on when the image, network and address are Outputs", () => {
        expect(
            () =>
                new rke2.Rke2Cluster("dev-a", {
                    ...clusterBase,
                    image: pulumi.output("default/ubuntu-22.04"),
                    network: pulumi.output("default/vlan100"),
                    registrationAddress: pulumi.output("10.10.0.10"),
                    profile: "cis",
                    protectKernelDefaults: false,
                }),
        ).toThrow(
            'Rke2Cluster "dev-a": protectKernelDefaults false cannot be used with profile "cis", which requires protect-kernel-defaults; remove protectKernelDefaults or set it to true',
        );
    });

    it("checks known values even when others are Outputs", () => {
        expect(
            () =>
                new rke2.Rke2Cluster("dev-a", {
                    ...clusterBase,
                    registrationAddress: pulumi.output("10.10.0.10"),
                    version: "v1.31",
                }),
        ).toThrow('Rke2Cluster "dev-a": version "v1.31" is not an RKE2 release version; use e.g. "v1.31.4+rke2r1"');
    });
});

const poolBase: rke2Module.Rke2NodePoolArgs = {
    namespace: "fleet",
    role: "agent",
    count: 2,
    version: "v1.31.4+rke2r1",
    registrationAddress: "10.10.0.10",
    token: pulumi.secret("join-token"),
    image: "default/ubuntu-22.04",
    network: "default/vlan100",
    cpu: 4,
    memory: "16Gi",
    diskSize: "80Gi",
};

const poolCases: Array<{ rule: string; args: Record<string, unknown>; message: string }> = [
    {
        rule: "a missing registration address",
        args: { registrationAddress: undefined },
        message:
            'registrationAddress is required; give the fixed address every node joins through (a VIP, DNS name or load balancer address), e.g. "10.10.0.10"',
    },
    {
        rule: "an unknown role",
        args: { role: "worker" },
        message: 'role "worker" is not supported; use one of "server", "agent"',
    },
    {
        rule: "an empty token",
        args: { token: "" },
        message: 'token "" is empty; give the cluster\'s join token',
    },
    {
        rule: "an agent pool that bootstraps",
        args: { bootstrap: true },
        message: 'bootstrap true only a server pool can bootstrap a cluster; set role: "server" or drop bootstrap',
    },
    {
        rule: "a server pool replacing two at a time",
        args: { role: "server", maxUnavailable: 2 },
        message:
            "maxUnavailable 2 must be 1 for a server pool: servers are replaced one at a time so etcd keeps quorum",
    },
    {
        rule: "gates without a host to run them on",
        args: { sshPrivateKey: pulumi.secret("-----BEGIN OPENSSH PRIVATE KEY-----") },
        message:
            "sshHost is required with sshPrivateKey: agents' readiness gates run on a server; give a server's SSH address, or drop sshPrivateKey to build the pool without gates",
    },
    {
        rule: "a taint in the wrong format",
        args: { taints: ["NoSchedule"] },
        message: `taints[0] "NoSchedule" ${TAINT}`,
    },
    {
        rule: "a node name prefix that is not a DNS label",
        args: { nodeNamePrefix: "Dev_A" },
        message: `nodeNamePrefix "Dev_A" ${DNS_LABEL}; use e.g. "dev-a-general"`,
    },
];

describe("Rke2NodePool rejects bad input before registering anything", () => {
    it.each(poolCases)("$rule", async ({ args, message }) => {
        const merged = { ...poolBase, ...args } as rke2Module.Rke2NodePoolArgs;
        expect(() => new rke2.Rke2NodePool("extra", merged)).toThrow(new Error(`Rke2NodePool "extra": ${message}`));
        await settle();
        expect(recorded).toEqual([]);
    });
});
