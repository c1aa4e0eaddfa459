import {
    buildProvisioningCluster,
    caTrustOf,
    managedAnnotations,
    presenceProblems,
} from "../../../components/rancher/registrationManifest";
import { schemaErrors as provisioningClusterErrors } from "../../support/schemas";

describe("buildProvisioningCluster", () => {
    it("builds an imported cluster (no rkeConfig) that Rancher's CRD accepts", () => {
        const obj = buildProvisioningCluster({
            name: "edge-7",
            labels: {},
            annotations: { "example.com/owner": "ops" },
            versionManagement: "true",
        });
        expect(obj).toEqual({
            apiVersion: "provisioning.cattle.io/v1",
            kind: "Cluster",
            metadata: {
                name: "edge-7",
                namespace: "fleet-default",
                annotations: {
                    "example.com/owner": "ops",
                    "rancher.io/imported-cluster-version-management": "true",
                    "pulumi.com/skipAwait": "true",
                },
            },
            spec: {},
        });
        expect(provisioningClusterErrors(obj)).toEqual([]);
    });

    it("is checked strictly: a misspelled field fails the schema check", () => {
        const obj = buildProvisioningCluster({ name: "x1", labels: {}, annotations: {}, versionManagement: "false" });
        expect(provisioningClusterErrors({ ...obj, spec: { rkeconfig: {} } })).toEqual([
            "/spec must NOT have additional properties (rkeconfig)",
        ]);
        // Nullable int-or-string fields are understood.
        const pool = { rollingUpdate: { maxSurge: null, maxUnavailable: "10%" } };
        const errors = provisioningClusterErrors({ ...obj, spec: { rkeConfig: { machinePools: [pool] } } });
        expect(errors.filter((e) => e.includes("rollingUpdate"))).toEqual([]);
        expect(errors).toContain("/spec/rkeConfig/machinePools/0 must have required property 'name'");
    });

    it("manages the caller's annotations plus version management, and nothing Rancher adds", () => {
        expect(managedAnnotations({ annotations: { a: "1" }, versionManagement: "system-default" })).toEqual({
            a: "1",
            "rancher.io/imported-cluster-version-management": "system-default",
        });
    });
});

describe("caTrustOf", () => {
    it.each<[{ caBundle?: string; caChecksum?: string; insecureSkipTlsVerify?: boolean }, string]>([
        [{ caBundle: "pem" }, "bundle"],
        [{ caChecksum: "abc" }, "checksum"],
        [{ insecureSkipTlsVerify: true }, "insecure"],
        [{ caBundle: "pem", insecureSkipTlsVerify: false }, "bundle"],
    ])("%j is %s", (args, trust) => {
        expect(caTrustOf(args)).toBe(trust);
    });
});

describe("presenceProblems", () => {
    const isProvider = (v: unknown) => v === "provider";
    it("accepts a complete set and render-only without kubeconfigs", () => {
        const full = { rancherProvider: "provider", rancherKubeconfig: 1, clusterKubeconfig: 1, caChecksum: 1 };
        expect(presenceProblems(full, isProvider)).toEqual([]);
        expect(
            presenceProblems({ rancherProvider: "provider", live: false, insecureSkipTlsVerify: true }, isProvider),
        ).toEqual([]);
    });

    it("reports paths in argument order, without values", () => {
        expect(presenceProblems({}, isProvider).map((p) => [p.path, p.value])).toEqual([
            ["rancherProvider", undefined],
            ["rancherKubeconfig", undefined],
            ["clusterKubeconfig", undefined],
            ["caBundle", undefined],
        ]);
    });
});
