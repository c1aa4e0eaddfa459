import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type * as rancherModule from "../../../components/rancher";
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
import * as YAML from "yaml";
import { schemaErrors as provisioningClusterErrors } from "../../support/schemas";
import { TLS } from "./support/world";

let rancher: typeof rancherModule;
let recorded: RecordedResource[];
let rancherProvider: k8s.Provider;

const CLUSTER = "kubernetes:provisioning.cattle.io/v1:Cluster";
const IMPORT = "pulumi-nodejs:dynamic:RancherImport";
const COMPONENT = "drover:index:RancherRegistration";

/** A plain-text kubeconfig (checked at construction), which drover must still keep secret. */
const DOWNSTREAM_KUBECONFIG = YAML.stringify({
    "current-context": "c",
    contexts: [{ name: "c", context: { cluster: "k", user: "u" } }],
    clusters: [{ name: "k", cluster: { server: "https://10.0.0.10:6443" } }],
    users: [{ name: "u", user: { token: "downstream-t0ken" } }],
});

beforeAll(async () => {
    recorded = await recordResources();
    rancher = await import("../../../components/rancher");
    rancherProvider = new k8s.Provider("rancher", { kubeconfig: "{}" });
    await settle();
});

beforeEach(() => {
    recorded.length = 0;
});

function args(over: Partial<rancherModule.RancherRegistrationArgs> = {}): rancherModule.RancherRegistrationArgs {
    return {
        rancherProvider,
        rancherKubeconfig: pulumi.secret("rancher-kubeconfig"),
        clusterKubeconfig: DOWNSTREAM_KUBECONFIG,
        clusterName: "prod-a",
        labels: { env: "prod", "fleet.example.com/group": "edge" },
        caBundle: TLS.ca,
        ...over,
    };
}

/** The Kubernetes object a CustomResource child was registered with. */
function object(r: RecordedResource) {
    const { apiVersion, kind, metadata, spec } = r.inputs;
    return { apiVersion, kind, metadata, spec };
}

/** True when no secret-wrapped value occurs anywhere in `v`. */
function hasNoSecret(v: unknown): boolean {
    if (isSecretValue(v)) {
        return false;
    }
    if (v !== null && typeof v === "object") {
        return Object.values(v).every(hasNoSecret);
    }
    return true;
}

describe("RancherRegistration", () => {
    it("creates an imported provisioning Cluster in fleet-default through Rancher's provider", async () => {
        new rancher.RancherRegistration("prod-a", args({ annotations: { "example.com/owner": "ops" } }));
        await settle();
        const [c] = ofType(recorded, CLUSTER);
        expect(c.name).toBe("prod-a");
        expect(c.provider).toContain("pulumi:providers:kubernetes::rancher");
        expect(object(c)).toEqual({
            apiVersion: "provisioning.cattle.io/v1",
            kind: "Cluster",
            metadata: {
                name: "prod-a",
                namespace: "fleet-default",
                labels: { env: "prod", "fleet.example.com/group": "edge" },
                annotations: {
                    "example.com/owner": "ops",
                    "rancher.io/imported-cluster-version-management": "false",
                    "pulumi.com/skipAwait": "true",
                },
            },
            spec: {},
        });
        expect(provisioningClusterErrors(object(c))).toEqual([]);
    });

    it("registers a summary of its settings for policies, without secrets", async () => {
        new rancher.RancherRegistration("prod-a", args());
        new rancher.RancherRegistration(
            "prod-b",
            args({ clusterName: "prod-b", caBundle: undefined, caChecksum: TLS.caSha256 }),
        );
        new rancher.RancherRegistration(
            "prod-c",
            args({ clusterName: "prod-c", labels: undefined, caBundle: undefined, insecureSkipTlsVerify: true }),
        );
        await settle();
        const components = ofType(recorded, COMPONENT).sort((a, b) => a.name.localeCompare(b.name));
        expect(components.map((c) => [c.name, c.inputs.settings])).toEqual([
            [
                "prod-a",
                {
                    clusterName: "prod-a",
                    caTrust: "bundle",
                    labels: { env: "prod", "fleet.example.com/group": "edge" },
                },
            ],
            [
                "prod-b",
                {
                    clusterName: "prod-b",
                    caTrust: "checksum",
                    labels: { env: "prod", "fleet.example.com/group": "edge" },
                },
            ],
            ["prod-c", { clusterName: "prod-c", caTrust: "insecure", labels: {} }],
        ]);
        expect(components.every((c) => hasNoSecret(c.inputs))).toBe(true);
    });

    it("runs the live steps in a dynamic resource whose kubeconfigs are secret, whatever the caller passed", async () => {
        const reg = new rancher.RancherRegistration(
            "prod-a",
            args({ versionManagement: "system-default", readyTimeoutMinutes: 30, registrationTimeoutMinutes: 2 }),
        );
        await settle();
        const [r] = ofType(recorded, IMPORT);
        expect(r.name).toBe("prod-a-registration");
        expect(r.custom).toBe(true);
        expect(isSecretValue(r.inputs.rancherKubeconfig)).toBe(true);
        expect(isSecretValue(r.inputs.clusterKubeconfig)).toBe(true);
        const { __provider, ...inputs } = unwrapSecrets(r.inputs) as Record<string, unknown>;
        expect(typeof __provider).toBe("string");
        expect(inputs).toEqual({
            namespace: "fleet-default",
            clusterName: "prod-a",
            rancherKubeconfig: "rancher-kubeconfig",
            clusterKubeconfig: DOWNSTREAM_KUBECONFIG,
            caBundle: TLS.ca,
            insecureSkipTlsVerify: false,
            labels: { env: "prod", "fleet.example.com/group": "edge" },
            annotations: { "rancher.io/imported-cluster-version-management": "system-default" },
            timeouts: { registrationSeconds: 120, readySeconds: 1800, deleteSeconds: 600 },
        });
        // The provider text carries no secret: kubeconfigs travel as inputs, never inside the code.
        expect(__provider as string).not.toContain("rancher-kubeconfig");
        expect(__provider as string).not.toContain("downstream-t0ken");
        expect(await isSecret(reg.token)).toBe(true);
        expect(await isSecret(reg.manifestUrl)).toBe(true);
        expect(await isSecret(reg.clusterId)).toBe(false);
        expect(await valueOf(reg.clusterName)).toBe("prod-a");
    });

    it("only renders the provisioning Cluster when live is false, and says so", async () => {
        const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
        try {
            const reg = new rancher.RancherRegistration(
                "prod-a",
                args({ live: false, rancherKubeconfig: undefined, clusterKubeconfig: undefined }),
            );
            await settle();
            expect(recorded.map((r) => r.type)).toEqual([COMPONENT, CLUSTER]);
            expect(warn).toHaveBeenCalledWith(
                'RancherRegistration "prod-a": live is false, so only the provisioning Cluster is created (or ' +
                    "rendered); nothing waits for Rancher, no agent is applied to the downstream cluster, and " +
                    "clusterId, token and manifestUrl stay empty. Use live: false with a renderYamlToDirectory provider.",
                reg,
            );
            expect(await valueOf(reg.clusterId)).toBe("");
            expect(await isSecret(reg.token)).toBe(true);
            expect(reg.registration).toBeUndefined();
        } finally {
            warn.mockRestore();
        }
    });
});
