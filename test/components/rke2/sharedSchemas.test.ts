import { collectProblems } from "../../../components/common/validation";
import { clusterArgsSchema, clusterProblems } from "../../../components/rke2/clusterSchema";
import { nodePoolArgsSchema, nodePoolProblems } from "../../../components/rke2/nodePoolSchema";

// The components check their arguments with one schema built once (nodePoolProblems, clusterProblems) instead of
// building nodePoolArgsSchema(name) / clusterArgsSchema(name) per resource. These tests hold the two to the same
// answers, the rules that use the resource name included.

const pool = {
    namespace: "default",
    role: "agent",
    count: 3,
    registrationAddress: "10.10.0.10",
    token: "t0ken",
    image: "default/ubuntu",
    network: "default/vlan100",
    cpu: 4,
    memory: "8Gi",
    diskSize: "40Gi",
    version: "v1.31.4+rke2r1",
};

const cluster = {
    namespace: "default",
    registrationAddress: "10.10.0.10",
    image: "default/ubuntu",
    network: "default/vlan100",
    version: "v1.31.4+rke2r1",
    controlPlane: { count: 3, cpu: 4, memory: "16Gi", diskSize: "80Gi" },
    workerPools: [{ name: "general", count: 2, cpu: 8, memory: "32Gi", diskSize: "120Gi" }],
};

const long = "a".repeat(59);
const longPool = "a".repeat(62);

describe("nodePoolProblems", () => {
    it.each([
        ["a valid pool", "dev-a-general", pool],
        ["a pool whose resource name makes node names too long", longPool, pool],
        ["the same pool under a short name", "p", pool],
        ["a prefix that overrides the name", longPool, { ...pool, nodeNamePrefix: "dev-a-general" }],
        ["bad fields", "dev-a-general", { ...pool, count: -1, memory: "8GB", typo: true }],
        ["a server pool that may not bootstrap as an agent", "x", { ...pool, bootstrap: true, maxUnavailable: 2 }],
        ["missing fields", "x", { cpu: 2 }],
    ])("reports what nodePoolArgsSchema(name) reports for %s", (_what, name, args) => {
        expect(nodePoolProblems(name, args)).toEqual(collectProblems(nodePoolArgsSchema(name), args));
    });

    it("uses the name of each call, not of an earlier one", () => {
        expect(nodePoolProblems(longPool, pool).map((p) => p.path)).toEqual(["count"]);
        expect(nodePoolProblems("short", pool)).toEqual([]);
        expect(nodePoolProblems(longPool, pool).map((p) => p.path)).toEqual(["count"]);
    });
});

describe("clusterProblems", () => {
    it.each([
        ["a valid cluster", "dev-a", cluster, []],
        ["a cluster whose name makes node names too long", long, cluster, []],
        ["a clusterName that overrides the name", long, { ...cluster, clusterName: "dev-a" }, []],
        ["bad pools", "dev-a", { ...cluster, controlPlane: { ...cluster.controlPlane, count: 2 } }, ["rke2"]],
        [
            "a duplicated worker pool",
            "dev-a",
            { ...cluster, workerPools: [...cluster.workerPools, ...cluster.workerPools] },
            [],
        ],
        ["missing fields", "dev-a", { version: "v1.31.4+rke2r1" }, ["rke2"]],
    ])("reports what clusterArgsSchema(name) reports for %s", (_what, name, args, prefix) => {
        expect(clusterProblems(name, args, prefix)).toEqual(collectProblems(clusterArgsSchema(name), args, prefix));
    });

    it("uses the name of each call, not of an earlier one", () => {
        expect(clusterProblems(long, cluster).map((p) => p.path)).toEqual([
            "controlPlane.count",
            "workerPools[0].count",
        ]);
        expect(clusterProblems("dev-a", cluster)).toEqual([]);
    });
});
