import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type * as rancherModule from "../../../components/rancher";
import { recordResources, RecordedResource, settle } from "../../support/mocks";
import { TLS } from "./support/world";

let rancher: typeof rancherModule;
let recorded: RecordedResource[];
let rancherProvider: k8s.Provider;
let otherProvider: pulumi.ProviderResource;

const KUBECONFIG = [
    "apiVersion: v1",
    "kind: Config",
    "current-context: c",
    "contexts: [{name: c, context: {cluster: k, user: u}}]",
    "clusters: [{name: k, cluster: {server: 'https://10.0.0.10:6443'}}]",
    "users: [{name: u, user: {token: sup3r-s3cret}}]",
].join("\n");

beforeAll(async () => {
    recorded = await recordResources();
    rancher = await import("../../../components/rancher");
    rancherProvider = new k8s.Provider("rancher", { kubeconfig: "{}" });
    otherProvider = new (class extends pulumi.ProviderResource {
        constructor() {
            super("random", "other", {});
        }
    })();
    await settle();
});

beforeEach(() => {
    recorded.length = 0;
});

function base(): rancherModule.RancherRegistrationArgs {
    return {
        rancherProvider,
        rancherKubeconfig: KUBECONFIG,
        clusterKubeconfig: KUBECONFIG,
        clusterName: "prod-a",
        caBundle: TLS.ca,
    };
}

const NAME_RULE =
    'is not a valid Rancher cluster name (2 to 63 lower-case letters, digits and "-", starting and ending with a letter or digit); use e.g. "prod-a"';

// Each case changes one thing and gives the exact message users see.
const cases: Array<{ rule: string; args: Record<string, unknown>; message: string }> = [
    {
        rule: "the cluster name is required",
        args: { clusterName: undefined },
        message: 'clusterName is required; give the cluster\'s name in Rancher, e.g. "prod-a"',
    },
    {
        rule: "the cluster name is lower-case DNS",
        args: { clusterName: "Prod_A" },
        message: `clusterName "Prod_A" ${NAME_RULE}`,
    },
    {
        rule: "the cluster name has two characters at least",
        args: { clusterName: "a" },
        message: `clusterName "a" ${NAME_RULE}`,
    },
    {
        rule: "the cluster name has 63 characters at most",
        args: { clusterName: "a".repeat(64) },
        message: `clusterName "${"a".repeat(64)}" ${NAME_RULE}`,
    },
    {
        rule: "the cluster name ends alphanumeric",
        args: { clusterName: "prod-" },
        message: `clusterName "prod-" ${NAME_RULE}`,
    },
    {
        rule: "local is Rancher's",
        args: { clusterName: "local" },
        message: `clusterName "local" is the name of Rancher's own cluster; use another name, e.g. "prod-a"`,
    },
    {
        rule: "c-xxxxx is Rancher's",
        args: { clusterName: "c-ab1cd" },
        message: `clusterName "c-ab1cd" has the form "c-xxxxx" that Rancher keeps for its own cluster ids; use another name, e.g. "prod-a"`,
    },
    {
        rule: "Rancher's provider is required",
        args: { rancherProvider: undefined },
        message:
            'rancherProvider is required; pass the kubernetes provider of Rancher\'s local cluster, e.g. new k8s.Provider("rancher", { kubeconfig })',
    },
    {
        rule: "Rancher's provider is a kubernetes provider",
        args: { rancherProvider: "rancher" },
        message: 'rancherProvider is not a kubernetes provider; pass e.g. new k8s.Provider("rancher", { kubeconfig })',
    },
    {
        rule: "Rancher's provider is not another package's provider",
        args: { rancherProvider: "@other" },
        message: 'rancherProvider is not a kubernetes provider; pass e.g. new k8s.Provider("rancher", { kubeconfig })',
    },
    {
        rule: "a downstream provider cannot stand in for its kubeconfig",
        args: { clusterProvider: "@rancher" },
        message:
            "clusterProvider is not supported: drover applies Rancher's agent itself and needs the downstream cluster's kubeconfig; pass clusterKubeconfig instead",
    },
    {
        rule: "Rancher's kubeconfig is required to register",
        args: { rancherKubeconfig: undefined },
        message:
            "rancherKubeconfig is required to register the cluster (the kubeconfig of Rancher's local cluster, the one rancherProvider uses); or set live: false to only render the provisioning Cluster",
    },
    {
        rule: "the downstream kubeconfig is required to register",
        args: { clusterKubeconfig: undefined },
        message:
            "clusterKubeconfig is required to register the cluster (the kubeconfig of the downstream cluster, where Rancher's agent is applied); or set live: false to only render the provisioning Cluster",
    },
    {
        rule: "a kubeconfig must be usable, and is never echoed",
        args: { clusterKubeconfig: KUBECONFIG.replace("{token: sup3r-s3cret}", "{exec: {command: get-token}}") },
        message:
            "clusterKubeconfig is not a usable kubeconfig: its user authenticates with an exec or auth-provider plugin, which drover cannot run; use a kubeconfig with a client certificate or a token (e.g. RKE2's /etc/rancher/rke2/rke2.yaml)",
    },
    {
        rule: "TLS trust must be chosen",
        args: { caBundle: undefined },
        message:
            "caBundle is required to verify Rancher's certificate: give Rancher's CA (PEM) as caBundle or its SHA-256 as caChecksum, or set insecureSkipTlsVerify: true to skip verification (not recommended)",
    },
    {
        rule: "one way of trust at a time",
        args: { caChecksum: TLS.caSha256 },
        message: "caChecksum is given together with caBundle; give only one of them",
    },
    {
        rule: "insecure is not combined with verification",
        args: { insecureSkipTlsVerify: true },
        message:
            "insecureSkipTlsVerify true cannot be combined with caBundle or caChecksum, which verify the certificate; drop one of them",
    },
    {
        rule: "the CA bundle is PEM",
        args: { caBundle: "MIIBszCCAVmgAwIBAgIU" },
        message:
            'caBundle "MIIBszCCAVmgAwIBAgIU" is not a PEM certificate bundle; pass the CA certificate(s) that signed Rancher\'s certificate, starting with "-----BEGIN CERTIFICATE-----"',
    },
    {
        rule: "the checksum is SHA-256 hex",
        args: { caBundle: undefined, caChecksum: "sha256:abc" },
        message:
            "caChecksum \"sha256:abc\" is not a SHA-256 checksum (64 hex digits); use sha256sum of Rancher's CA certificate, as for Rancher's --ca-checksum",
    },
    {
        rule: "version management is one of Rancher's values",
        args: { versionManagement: "yes" },
        message: 'versionManagement "yes" is not supported; use one of "true", "false", "system-default"',
    },
    {
        rule: "labels are Kubernetes labels",
        args: { labels: { "env prod": "x" } },
        message: 'labels.env prod "env prod" is not a valid label key; use e.g. "example.com/tier" or "tier"',
    },
    {
        rule: "the version-management annotation belongs to versionManagement",
        args: { annotations: { "rancher.io/imported-cluster-version-management": "true" } },
        message: "annotations.rancher.io/imported-cluster-version-management is set by versionManagement; use that",
    },
    {
        rule: "annotation keys are valid",
        args: { annotations: { "a b": "x" } },
        message: 'annotations.a b is not a valid annotation key; use e.g. "example.com/owner"',
    },
    {
        rule: "timeouts are whole minutes",
        args: { readyTimeoutMinutes: 1.5 },
        message: "readyTimeoutMinutes 1.5 must be a whole number from 1 to 1440",
    },
    {
        rule: "timeouts are positive",
        args: { registrationTimeoutMinutes: 0 },
        message: "registrationTimeoutMinutes 0 must be a whole number from 1 to 120",
    },
    {
        rule: "unknown fields are reported",
        args: { clusterNmae: "prod-a" },
        message: "clusterNmae is not a known field; remove it or fix its spelling",
    },
];

describe("RancherRegistration rejects bad input before registering anything", () => {
    it.each(cases)("$rule", async ({ args, message }) => {
        // "@rancher" and "@other" stand for provider objects, which cannot be written in the table.
        const providers: Record<string, unknown> = { "@rancher": rancherProvider, "@other": otherProvider };
        const merged = Object.fromEntries(
            Object.entries({ ...base(), ...args }).map(([k, v]) => [
                k,
                typeof v === "string" && v in providers ? providers[v] : v,
            ]),
        );
        let error: unknown;
        try {
            new rancher.RancherRegistration("r", merged as unknown as rancherModule.RancherRegistrationArgs);
        } catch (e) {
            error = e;
        }
        await settle();
        expect((error as Error | undefined)?.message).toBe(`RancherRegistration "r": ${message}`);
        expect((error as Error).name).toBe("DroverInputError");
        expect((error as Error).message).not.toContain("sup3r-s3cret");
        expect(recorded).toEqual([]);
    });

    it("reports every problem at once", async () => {
        const args = { ...base(), clusterName: "local", caBundle: undefined, versionManagement: "yes" };
        expect(() => new rancher.RancherRegistration("r", args)).toThrow(
            'RancherRegistration "r": 3 problems:\n' +
                `  - clusterName "local" is the name of Rancher's own cluster; use another name, e.g. "prod-a"\n` +
                '  - versionManagement "yes" is not supported; use one of "true", "false", "system-default"\n' +
                "  - caBundle is required to verify Rancher's certificate: give Rancher's CA (PEM) as caBundle or its " +
                "SHA-256 as caChecksum, or set insecureSkipTlsVerify: true to skip verification (not recommended)",
        );
        await settle();
        expect(recorded).toEqual([]);
    });

    it("does not need kubeconfigs when only rendering", async () => {
        const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
        const args = { ...base(), rancherKubeconfig: undefined, clusterKubeconfig: undefined, live: false };
        expect(() => new rancher.RancherRegistration("r", args)).not.toThrow();
        await settle();
        expect(warn).toHaveBeenCalledTimes(1);
        warn.mockRestore();
        expect(recorded.map((r) => r.type)).toEqual([
            "drover:index:RancherRegistration",
            "kubernetes:provisioning.cattle.io/v1:Cluster",
        ]);
    });

    it("skips values that are unknown until deployment, but counts them as given", async () => {
        const args = {
            ...base(),
            clusterName: pulumi.output("Not_Checked_Now"),
            caBundle: pulumi.output("pem later"),
            rancherKubeconfig: pulumi.secret("later"),
        };
        expect(() => new rancher.RancherRegistration("r", args)).not.toThrow();
        await settle();
        expect(recorded.length).toBeGreaterThan(0);
    });
});
