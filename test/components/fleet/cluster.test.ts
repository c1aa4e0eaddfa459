import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import * as YAML from "yaml";
import type * as fleetModule from "../../../components/fleet";
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
import { GENERATED_TOKEN, PRIVATE_KEY, PUBLIC_KEY, RKE2_YAML } from "../rke2/support";
import { fleetStatus, RANCHER_CLUSTER_ID } from "./support";

// Each run composes whole stacks under mocks; the machine is shared, so allow for a slow one.
jest.setTimeout(60_000);

let fleet: typeof fleetModule;
let recorded: RecordedResource[];
let harvesterProvider: k8s.Provider;
let rancherProvider: k8s.Provider;

const T = {
    fleet: "drover:index:FleetCluster",
    image: "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage",
    nad: "kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition",
    vm: "kubernetes:kubevirt.io/v1:VirtualMachine",
    secret: "kubernetes:core/v1:Secret",
    provider: "pulumi:providers:kubernetes",
    rke2: "drover:index:Rke2Cluster",
    rancher: "drover:index:RancherRegistration",
    provisioning: "kubernetes:provisioning.cattle.io/v1:Cluster",
    rancherImport: "pulumi-nodejs:dynamic:RancherImport",
    flux: "drover:index:FluxBootstrap",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    deployment: "kubernetes:apps/v1:Deployment",
    remote: "command:remote:Command",
    local: "command:local:Command",
} as const;

const SHA512 = "ab".repeat(64);
const CA_SHA256 = "cd".repeat(32);
const KNOWN_HOSTS =
    "git.example.internal ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEeFDdZa/yw+sBT+MgV2qDqPybuxFWnVNtVetqe9vS3mNwre+Kw/PMcQ07Jd0c5T/tnEEcBCYQ6HQQWMV+pfXqo=";
const INSTALL = path.join(__dirname, "../../stacks/fixtures/flux-install.yaml");
const RANCHER_KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\n";

beforeAll(async () => {
    recorded = await recordResources({ status: fleetStatus() });
    fleet = await import("../../../components/fleet");
});

beforeEach(() => {
    recorded.length = 0;
    harvesterProvider = new k8s.Provider("harvester", { kubeconfig: "{}" });
    rancherProvider = new k8s.Provider("rancher", { kubeconfig: "{}" });
});

function args(over: Partial<fleetModule.FleetClusterArgs> = {}): fleetModule.FleetClusterArgs {
    return {
        environment: "prod",
        namespace: "fleet-prod",
        harvesterProvider,
        image: {
            imageName: "ubuntu-2404",
            displayName: "ubuntu-24.04",
            url: "https://files.example.internal/noble.img",
            checksum: SHA512,
        },
        network: { networkName: "prod-vlan130", clusterNetwork: "prod", vlanId: 130 },
        rke2: {
            version: "v1.33.5+rke2r1",
            registrationAddress: "10.130.0.10",
            controlPlane: { count: 3, cpu: 4, memory: "16Gi", diskSize: "80Gi" },
            workerPools: [{ name: "general", count: 2, cpu: 8, memory: "32Gi", diskSize: "120Gi" }],
        },
        rancher: {
            rancherProvider,
            rancherKubeconfig: pulumi.secret(RANCHER_KUBECONFIG),
            caChecksum: CA_SHA256,
            labels: { tier: "prod" },
        },
        flux: {
            gitUrl: "ssh://git@git.example.internal/platform/fleet.git",
            knownHosts: KNOWN_HOSTS,
            version: "v2.7.0",
            mode: "manifests",
            installManifest: INSTALL,
            registry: "registry.internal:5000/fluxcd",
        },
        ...over,
    };
}

async function build(name: string, a: fleetModule.FleetClusterArgs): Promise<fleetModule.FleetCluster> {
    const c = new fleet.FleetCluster(name, a);
    await settle();
    await valueOf(c.nodes);
    await settle();
    return c;
}

function named(type: string, name: string): RecordedResource {
    const r = recorded.find((x) => x.type === type && x.name === name);
    if (!r) {
        throw new Error(`no ${type} ${name}; have ${recorded.map((x) => `${x.type} ${x.name}`).join(", ")}`);
    }
    return r;
}

/** The Pulumi name of the provider a resource was registered with. */
function providerOf(r: RecordedResource): string | undefined {
    return r.provider?.split("::")[3];
}

describe("a deployed cluster", () => {
    let cluster: fleetModule.FleetCluster;
    beforeEach(async () => {
        cluster = await build("prod-a", args());
    });

    test("creates the image and the network on Harvester, in the cluster's namespace", () => {
        const image = named(T.image, "prod-a-image");
        expect(image.inputs.metadata).toMatchObject({ name: "ubuntu-2404", namespace: "fleet-prod" });
        expect(image.inputs.spec.checksum).toBe(SHA512);
        expect(named(T.nad, "prod-a-network").inputs.metadata).toMatchObject({
            name: "prod-vlan130",
            namespace: "fleet-prod",
        });
        expect([image, named(T.nad, "prod-a-network")].map(providerOf)).toEqual(["harvester", "harvester"]);
    });

    test("runs RKE2 on VMs that boot from that image and sit on that network", () => {
        const vms = ofType(recorded, T.vm);
        expect(vms.map((v) => v.inputs.metadata.name)).toEqual([
            "prod-a-cp-0",
            "prod-a-cp-1",
            "prod-a-cp-2",
            "prod-a-general-0",
            "prod-a-general-1",
        ]);
        for (const vm of vms) {
            expect(providerOf(vm)).toBe("harvester");
            const claims = JSON.parse(vm.inputs.metadata.annotations["harvesterhci.io/volumeClaimTemplates"]);
            expect(claims[0].metadata.annotations["harvesterhci.io/imageId"]).toBe("fleet-prod/ubuntu-2404");
            expect(vm.inputs.spec.template.spec.networks).toEqual([
                { name: "nic-1", multus: { networkName: "fleet-prod/prod-vlan130" } },
            ]);
            expect(vm.inputs.spec.template.spec.domain.firmware).toBeUndefined();
        }
        expect(named(T.rke2, "prod-a-rke2").inputs.settings).toMatchObject({
            serverCount: 3,
            version: "v1.33.5+rke2r1",
        });
    });

    test("registers the cluster in Rancher with its kubeconfig, as a secret", async () => {
        expect(named(T.rancher, "prod-a-rancher").inputs.settings).toEqual({
            clusterName: "prod-a",
            caTrust: "checksum",
            labels: { "drover.io/environment": "prod", tier: "prod" },
        });
        expect(providerOf(named(T.provisioning, "prod-a-rancher"))).toBe("rancher");
        const registration = named(T.rancherImport, "prod-a-rancher-registration");
        expect(isSecretValue(registration.inputs.clusterKubeconfig)).toBe(true);
        expect(unwrapSecrets(registration.inputs.clusterKubeconfig)).toBe(await valueOf(cluster.kubeconfig));
        expect(unwrapSecrets(registration.inputs.rancherKubeconfig)).toBe(RANCHER_KUBECONFIG);
    });

    test("bootstraps Flux at clusters/<environment>/<cluster> through the cluster's own provider", async () => {
        expect(named(T.flux, "prod-a-flux").inputs.settings).toMatchObject({
            mode: "manifests",
            path: "clusters/prod/prod-a",
            auth: "ssh",
            knownHostsPinned: true,
        });
        const deployments = ofType(recorded, T.deployment);
        expect(deployments).toHaveLength(4);
        expect(new Set(deployments.map(providerOf))).toEqual(new Set(["prod-a-rke2-cluster"]));
        const cleanup = named(T.local, "prod-a-flux-uninstall");
        expect(isSecretValue(cleanup.inputs.environment)).toBe(true);
        expect(unwrapSecrets(cleanup.inputs.environment)).toEqual({
            DROVER_KUBECONFIG: await valueOf(cluster.kubeconfig),
        });
    });

    test("closes flux-system with a default deny next to Flux's own allow policies", () => {
        const policies = ofType(recorded, T.networkPolicy).map((p) => p.inputs.metadata.name);
        expect(policies.sort()).toEqual(["allow-egress", "allow-scraping", "allow-webhooks", "default-deny"]);
        const deny = named(T.networkPolicy, "prod-a-flux-default-deny");
        expect(providerOf(deny)).toBe("prod-a-rke2-cluster");
        expect(deny.inputs).toEqual({
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: {
                name: "default-deny",
                namespace: "flux-system",
                labels: { "app.kubernetes.io/managed-by": "drover" },
            },
            spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        });
    });

    test("outputs the kubeconfig (secret), Rancher's id, the deploy key and the nodes", async () => {
        expect(await isSecret(cluster.kubeconfig)).toBe(true);
        const kc = YAML.parse((await valueOf(cluster.kubeconfig)) as string);
        expect(kc.clusters[0].cluster.server).toBe("https://10.130.0.10:6443");
        expect(kc.users[0].user).toEqual(YAML.parse(RKE2_YAML).users[0].user);
        expect(await valueOf(cluster.rancherClusterId)).toBe(RANCHER_CLUSTER_ID);
        expect(await valueOf(cluster.deployKey)).toBe(PUBLIC_KEY);
        expect(await valueOf(cluster.apiServerUrl)).toBe("https://10.130.0.10:6443");
        expect(await valueOf(cluster.fluxPath)).toBe("clusters/prod/prod-a");
        expect(await valueOf(cluster.nodes)).toEqual([
            { name: "prod-a-cp-0", role: "server", pool: "cp" },
            { name: "prod-a-cp-1", role: "server", pool: "cp" },
            { name: "prod-a-cp-2", role: "server", pool: "cp" },
            { name: "prod-a-general-0", role: "agent", pool: "general" },
            { name: "prod-a-general-1", role: "agent", pool: "general" },
        ]);
        expect(await valueOf(cluster.renderedSecrets)).toEqual({});
    });

    test("registers itself with no properties", () => {
        expect(named(T.fleet, "prod-a").inputs).toEqual({});
    });
});

test("uses an existing image and network by reference, creating neither", async () => {
    await build(
        "prod-b",
        args({ image: undefined, imageRef: "images/ubuntu-2404", network: undefined, networkRef: "nets/vlan140" }),
    );
    expect(ofType(recorded, T.nad)).toEqual([]);
    // The only image resources are reads of the existing one (each node VM reads its storage class).
    expect(ofType(recorded, T.image).map((r) => [r.name, r.id])).toEqual(
        ["cp-0", "cp-1", "cp-2", "general-0", "general-1"].map((n) => [
            `prod-b-rke2-${n}-disk0-image`,
            "images/ubuntu-2404",
        ]),
    );
    const vm = ofType(recorded, T.vm)[0];
    expect(vm.inputs.spec.template.spec.networks).toEqual([{ name: "nic-1", multus: { networkName: "nets/vlan140" } }]);
});

test("secureBoot boots every node VM with EFI, secure boot and SMM", async () => {
    await build("prod-a", args({ secureBoot: true }));
    const domains = ofType(recorded, T.vm).map((v) => v.inputs.spec.template.spec.domain);
    expect(domains).toHaveLength(5);
    for (const d of domains) {
        expect(d.firmware).toEqual({ bootloader: { efi: { secureBoot: true } } });
        expect(d.features).toEqual({ smm: { enabled: true } });
    }
});

test("without Rancher and Flux registers neither and outputs empty values", async () => {
    const c = await build("prod-a", args({ rancher: undefined, flux: undefined }));
    expect(ofType(recorded, T.rancher)).toEqual([]);
    expect(ofType(recorded, T.flux)).toEqual([]);
    expect(ofType(recorded, T.networkPolicy)).toEqual([]);
    expect(await valueOf(c.rancherClusterId)).toBe("");
    expect(await valueOf(c.deployKey)).toBe("");
    expect(await valueOf(c.fluxPath)).toBe("");
});

test.each<[string, Partial<fleetModule.FleetFluxArgs>]>([
    ["mode operator, whose operator must reach the API server before Flux's policies exist", { mode: "operator" }],
    ["Flux's network policies turned off", { networkPolicies: false }],
])("adds no default deny with %s", async (_why, change) => {
    const a = args();
    const { installManifest: _i, ...flux } = a.flux as fleetModule.FleetFluxArgs;
    await build(
        "prod-a",
        args({
            flux: {
                ...flux,
                ...(change.mode === "operator" ? { operatorManifest: INSTALL } : { installManifest: INSTALL }),
                ...change,
            },
        }),
    );
    expect(ofType(recorded, T.networkPolicy).filter((p) => p.name.endsWith("default-deny"))).toEqual([]);
});

test("takes Flux's path and Rancher's cluster name when given", async () => {
    const a = args();
    await build(
        "prod-a",
        args({
            flux: { ...(a.flux as fleetModule.FleetFluxArgs), path: "clusters/prod/blue" },
            rancher: { ...(a.rancher as fleetModule.FleetRancherArgs), clusterName: "prod-a-blue" },
        }),
    );
    expect(named(T.flux, "prod-a-flux").inputs.settings.path).toBe("clusters/prod/blue");
    expect(named(T.rancher, "prod-a-rancher").inputs.settings.clusterName).toBe("prod-a-blue");
});

describe("render mode", () => {
    let cluster: fleetModule.FleetCluster;
    let warnings: string[];
    const dir = "/tmp/drover-render";
    beforeEach(async () => {
        const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(async () => undefined);
        const a = args();
        const { rancherProvider: _p, rancherKubeconfig: _k, ...rancher } = a.rancher as fleetModule.FleetRancherArgs;
        const { installManifest: _i, ...flux } = a.flux as fleetModule.FleetFluxArgs;
        cluster = await build(
            "dev-a",
            args({
                environment: "dev",
                harvesterProvider: undefined,
                renderDirectory: dir,
                rancher,
                flux: {
                    ...flux,
                    mode: "operator",
                    operatorManifest: path.join(__dirname, "../../../stacks/local/flux-operator-standin.yaml"),
                },
            }),
        );
        warnings = warn.mock.calls.map((c) => String(c[0]));
        warn.mockRestore();
    });

    test("writes through three renderYamlToDirectory providers of its own", () => {
        const providers = ofType(recorded, T.provider).filter((p) => p.name.startsWith("dev-a-"));
        expect(providers.map((p) => [p.name, p.inputs])).toEqual([
            ["dev-a-render-harvester", { renderYamlToDirectory: `${dir}/harvester` }],
            ["dev-a-render-rancher", { renderYamlToDirectory: `${dir}/rancher` }],
            ["dev-a-render-cluster", { renderYamlToDirectory: `${dir}/cluster` }],
        ]);
        expect(providerOf(ofType(recorded, T.vm)[0])).toBe("dev-a-render-harvester");
        expect(providerOf(named(T.provisioning, "dev-a-rancher"))).toBe("dev-a-render-rancher");
        expect(providerOf(named("kubernetes:fluxcd.controlplane.io/v1:FluxInstance", "dev-a-flux-instance"))).toBe(
            "dev-a-render-cluster",
        );
    });

    test("skips the steps that need live hosts, and says so", async () => {
        expect(ofType(recorded, T.remote)).toEqual([]);
        expect(ofType(recorded, T.local)).toEqual([]);
        expect(ofType(recorded, T.rancherImport)).toEqual([]);
        expect(warnings).toContain(
            'FleetCluster "dev-a": rendering only, nothing is deployed. Skipped because they need live hosts: the RKE2 ' +
                "nodes' readiness gates and reading the kubeconfig over SSH (kubeconfig stays empty), and Flux's " +
                "destroy-time clean-up. Secrets are rendered without their values; read them from output renderedSecrets with --show-secrets.",
        );
        expect(await valueOf(cluster.kubeconfig)).toBeUndefined();
        expect(await valueOf(cluster.rancherClusterId)).toBe("");
    });

    test("renders Secrets without values and keeps the values in the secret output renderedSecrets", async () => {
        const secrets = ofType(recorded, T.secret);
        expect(secrets.map((s) => s.name).sort()).toEqual([
            "dev-a-flux-source",
            "dev-a-rke2-cp-0-cloudinit",
            "dev-a-rke2-cp-1-cloudinit",
            "dev-a-rke2-cp-2-cloudinit",
            "dev-a-rke2-general-0-cloudinit",
            "dev-a-rke2-general-1-cloudinit",
        ]);
        for (const s of secrets) {
            expect(s.inputs.data).toBeUndefined();
            expect(s.inputs.stringData).toBeUndefined();
            expect(s.inputs.metadata.annotations["drover.io/redacted"]).toMatch(
                /^value is secret; see stack output renderedSecrets\["dev-a"\]/,
            );
        }
        expect(await isSecret(cluster.renderedSecrets)).toBe(true);
        const values = await valueOf(cluster.renderedSecrets);
        expect(values["fleet-prod/dev-a-cp-1-cloudinit"].userdata).toContain(GENERATED_TOKEN);
        expect(values["flux-system/flux-system"]).toEqual({
            identity: PRIVATE_KEY,
            "identity.pub": PUBLIC_KEY,
            known_hosts: KNOWN_HOSTS,
        });
    });
});
