import * as fc from "fast-check";
import * as YAML from "yaml";
import {
    buildIPPool,
    buildLoadBalancer,
    nodeGeneration,
    parseRke2Version,
    rewriteKubeconfig,
} from "../../../components/rke2";
import { airGappedSpec, clusterSpec, joiningServer } from "./fixtures";
import { cidrsOverlap, parseCidr } from "../../../components/rke2/net";
import { defaultClusterDns } from "../../../components/rke2/resolve";
import { isTaint } from "../../../components/rke2/rules";
import { supportsSecretbox } from "../../../components/rke2/version";

const RKE2_KUBECONFIG = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: Q0EtREFUQQ==
    server: https://127.0.0.1:6443
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: default
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
`;

describe("rewriteKubeconfig", () => {
    it("points the cluster at the registration address and names everything after the cluster", () => {
        const out = YAML.parse(rewriteKubeconfig(RKE2_KUBECONFIG, "10.10.0.10", "dev-a"));
        expect(out.clusters).toEqual([
            {
                name: "dev-a",
                cluster: { "certificate-authority-data": "Q0EtREFUQQ==", server: "https://10.10.0.10:6443" },
            },
        ]);
        expect(out.contexts).toEqual([{ name: "dev-a", context: { cluster: "dev-a", user: "dev-a" } }]);
        expect(out.users).toEqual([
            { name: "dev-a", user: { "client-certificate-data": "Q0VSVA==", "client-key-data": "S0VZ" } },
        ]);
        expect(out["current-context"]).toBe("dev-a");
        expect(out.kind).toBe("Config");
    });

    it("works with a DNS registration address", () => {
        const out = YAML.parse(rewriteKubeconfig(RKE2_KUBECONFIG, "k8s.example.internal", "prod"));
        expect(out.clusters[0].cluster.server).toBe("https://k8s.example.internal:6443");
    });

    it.each([
        ["an empty read", ""],
        ["an error page", "<html>502</html>"],
        ["YAML that is not a kubeconfig", "kind: Secret\n"],
    ])("refuses %s", (_what, text) => {
        expect(() => rewriteKubeconfig(text, "10.10.0.10", "dev-a")).toThrow(
            "drover: the file read from the server is not a kubeconfig (kind: Config with clusters)",
        );
    });
});

describe("registration load balancer objects", () => {
    const spec = {
        poolName: "fleet-dev-a-registration",
        name: "dev-a-registration",
        namespace: "fleet",
        clusterName: "dev-a",
        address: "10.10.0.10",
        subnet: "10.10.0.0/24",
        gateway: "10.10.0.1",
        network: "default/vlan100",
    };

    it("an IPPool holding exactly the registration address, on the VM network", () => {
        expect(buildIPPool(spec)).toEqual({
            apiVersion: "loadbalancer.harvesterhci.io/v1beta1",
            kind: "IPPool",
            metadata: { name: "fleet-dev-a-registration" },
            spec: {
                description: "RKE2 registration address of fleet/dev-a (drover)",
                ranges: [
                    { subnet: "10.10.0.0/24", rangeStart: "10.10.0.10", rangeEnd: "10.10.0.10", gateway: "10.10.0.1" },
                ],
                selector: { network: "default/vlan100" },
            },
        });
    });

    it("a VM load balancer on 9345 and 6443 selecting the cluster's server VMIs from that pool", () => {
        const lb = buildLoadBalancer(spec);
        expect(lb.metadata).toEqual({ name: "dev-a-registration", namespace: "fleet" });
        expect(lb.spec).toMatchObject({ workloadType: "vm", ipam: "pool", ipPool: "fleet-dev-a-registration" });
        expect(lb.spec.listeners).toEqual([
            { name: "supervisor", port: 9345, protocol: "TCP", backendPort: 9345 },
            { name: "apiserver", port: 6443, protocol: "TCP", backendPort: 6443 },
        ]);
        expect(lb.spec.backendServerSelector).toEqual({
            "rke2.drover.io/cluster": ["dev-a"],
            "rke2.drover.io/role": ["server"],
        });
        // Every threshold set, so Harvester's webhook has nothing to default (no perpetual diff).
        expect(Object.values(lb.spec.healthCheck).every((v) => typeof v === "number" && v > 0)).toBe(true);
        expect(lb.spec.healthCheck.port).toBe(6443);
    });
});

describe("RKE2 versions", () => {
    it.each([
        ["v1.31.4+rke2r1", { major: 1, minor: 31, patch: 4 }],
        ["v1.33.0-rc1+rke2r2", { major: 1, minor: 33, patch: 0 }],
        ["1.31.4+rke2r1", undefined],
        ["v1.31.4", undefined],
        ["v1.31+rke2r1", undefined],
        ["v1.31.4+k3s1", undefined],
    ])("parses %s", (v, expected) => {
        expect(parseRke2Version(v)).toEqual(expected);
    });

    it.each([
        ["v1.30.11+rke2r1", false],
        ["v1.30.12+rke2r1", true],
        ["v1.31.7+rke2r1", false],
        ["v1.31.8+rke2r1", true],
        ["v1.32.4+rke2r1", true],
        ["v1.29.15+rke2r1", false],
        ["v1.33.0+rke2r1", true],
    ])("secretbox support of %s is %s", (v, expected) => {
        expect(supportsSecretbox(parseRke2Version(v)!)).toBe(expected);
    });
});

describe("networks", () => {
    it("derives the DNS address from the service network", () => {
        expect(defaultClusterDns("10.43.0.0/16")).toBe("10.43.0.10");
        expect(defaultClusterDns("172.20.0.0/20")).toBe("172.20.0.10");
    });

    it("CIDR overlap is symmetric and true exactly when some address is in both", () => {
        const cidr = fc
            .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 8, max: 30 }))
            .map(([ip, bits]) => {
                const octets = [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255];
                return parseCidr(`${octets.join(".")}/${bits}`)!;
            });
        fc.assert(
            fc.property(cidr, cidr, (a, b) => {
                const size = (c: { bits: number }) => 2 ** (32 - c.bits);
                const brute = a.base < b.base + size(b) && b.base < a.base + size(a);
                return cidrsOverlap(a, b) === brute && cidrsOverlap(b, a) === brute;
            }),
        );
    });
});

describe("taints", () => {
    it.each(["dedicated=gpu:NoSchedule", "example.com/maintenance:NoExecute", "spot=true:PreferNoSchedule"])(
        "accepts %s",
        (t) => expect(isTaint(t)).toBe(true),
    );
    it.each(["dedicated=gpu", "dedicated=gpu:NoScheduled", "=gpu:NoSchedule", "a b=c:NoSchedule", "k=v:noschedule"])(
        "rejects %s",
        (t) => expect(isTaint(t)).toBe(false),
    );
});

describe("node generation", () => {
    const machine = { imageId: "default/ubuntu", cpu: 4, memory: "8Gi", diskSize: "40Gi" };
    const withAuth = (password: string) =>
        airGappedSpec({
            registryAuths: [{ host: "hauler.example.internal:5000", username: "puller", password }],
            etcdSnapshotS3: { endpoint: "minio:9000", bucket: "etcd", accessKey: password, secretKey: password },
        });

    it("ignores secrets, so rotating a password or token never replaces nodes", () => {
        const a = nodeGeneration(withAuth("pass-a"), joiningServer, machine);
        expect(nodeGeneration(withAuth("pass-b"), { ...joiningServer, token: "other" }, machine)).toBe(a);
    });

    it("changes with the version, any RKE2 setting, the image, the size and the static address", () => {
        const a = nodeGeneration(clusterSpec(), joiningServer, machine);
        const variants = [
            nodeGeneration(clusterSpec({ version: "v1.31.5+rke2r1" }), joiningServer, machine),
            nodeGeneration(clusterSpec({ disable: ["rke2-ingress-nginx"] }), joiningServer, machine),
            nodeGeneration(clusterSpec(), joiningServer, { ...machine, imageId: "default/ubuntu-24.04" }),
            nodeGeneration(clusterSpec(), joiningServer, { ...machine, memory: "16Gi" }),
            nodeGeneration(clusterSpec(), { ...joiningServer, address: "10.10.0.22/24" }, machine),
        ];
        expect(new Set([a, ...variants]).size).toBe(variants.length + 1);
        expect(a).toMatch(/^[0-9a-f]{16}$/);
    });
});
