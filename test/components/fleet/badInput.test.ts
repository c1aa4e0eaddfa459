import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as fleetModule from "../../../components/fleet";
import { recordResources, RecordedResource, settle } from "../../support/mocks";

let fleet: typeof fleetModule;
let recorded: RecordedResource[];
let harvesterProvider: k8s.Provider;
let rancherProvider: k8s.Provider;

const INSTALL = path.join(__dirname, "../../stacks/fixtures/flux-install.yaml");
const KNOWN_HOSTS =
    "git.example.internal ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEeFDdZa/yw+sBT+MgV2qDqPybuxFWnVNtVetqe9vS3mNwre+Kw/PMcQ07Jd0c5T/tnEEcBCYQ6HQQWMV+pfXqo=";

beforeAll(async () => {
    recorded = await recordResources();
    fleet = await import("../../../components/fleet");
    harvesterProvider = new k8s.Provider("harvester", { kubeconfig: "{}" });
    rancherProvider = new k8s.Provider("rancher", { kubeconfig: "{}" });
    await settle();
});

beforeEach(() => {
    recorded.length = 0;
});

function base(): Record<string, unknown> {
    return {
        environment: "prod",
        namespace: "fleet-prod",
        harvesterProvider,
        imageRef: "images/ubuntu-2404",
        networkRef: "nets/vlan130",
        rke2: {
            version: "v1.33.5+rke2r1",
            registrationAddress: "10.130.0.10",
            controlPlane: { count: 3, cpu: 4, memory: "16Gi", diskSize: "80Gi" },
        },
        rancher: { rancherProvider, rancherKubeconfig: pulumi.secret("kc"), caChecksum: "cd".repeat(32) },
        flux: {
            gitUrl: "ssh://git@git.example.internal/platform/fleet.git",
            knownHosts: KNOWN_HOSTS,
            version: "v2.7.0",
            mode: "manifests",
            installManifest: INSTALL,
        },
    };
}

type Change = (a: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

const tamperedManifest = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-fleet-"));
    const file = path.join(dir, "install.yaml");
    fs.writeFileSync(file, "apiVersion: v1\nkind: Namespace\nmetadata: {name: flux-system}\n");
    return file;
};

// Each case changes one thing and gives the exact message users see.
const cases: Array<{ rule: string; name?: string; change: Change; message: string }> = [
    {
        rule: "a provider or a render directory is required",
        change: (a) => delete a.harvesterProvider,
        message:
            "harvesterProvider is required to deploy: pass the kubernetes provider of the Harvester cluster, or set renderDirectory to only render",
    },
    {
        rule: "render mode uses its own providers",
        change: (a) => {
            a.renderDirectory = "out/prod-a";
            a.rke2.controlPlane.storageClassName = "longhorn-ubuntu-2404";
            delete a.rancher.rancherProvider;
            delete a.rancher.rancherKubeconfig;
            a.flux.retainOnDelete = true;
        },
        message:
            "harvesterProvider cannot be combined with renderDirectory: a rendering FleetCluster writes through its own providers; remove one",
    },
    {
        rule: "the Harvester provider is a kubernetes provider",
        change: (a) => (a.harvesterProvider = "harvester"),
        message:
            'harvesterProvider is not a kubernetes provider; pass e.g. new k8s.Provider("harvester", { kubeconfig })',
    },
    {
        rule: "the environment is a DNS label",
        change: (a) => (a.environment = "Prod"),
        message:
            'environment "Prod" is not a DNS label (lower-case letters, digits and "-", at most 63 characters); use e.g. "prod"',
    },
    {
        rule: "the resource name is the cluster name when none is given",
        name: "Prod_A",
        change: () => undefined,
        message:
            'clusterName "Prod_A" is not a DNS label (lower-case letters, digits and "-", at most 63 characters); use e.g. "prod-a"',
    },
    {
        rule: "image and imageRef exclude each other",
        change: (a) => (a.image = { displayName: "ubuntu", url: "https://files.example.internal/noble.img" }),
        message: "imageRef cannot be combined with image; create the boot image or reference an existing one, not both",
    },
    {
        rule: "a network or a reference is required",
        change: (a) => delete a.networkRef,
        message:
            'network is required: give network to create the VM network, or networkRef ("namespace/name") to use an existing one',
    },
    {
        rule: "an unknown argument is refused",
        change: (a) => (a.rke3 = {}),
        message: "rke3 is not a known field; remove it or fix its spelling",
    },
    {
        rule: "a created network follows HarvesterNetwork's rules",
        change: (a) => {
            delete a.networkRef;
            a.network = { clusterNetwork: "prod-network-eu", vlanId: 130 };
        },
        message:
            'network.clusterNetwork "prod-network-eu" is too long: the bridge "<clusterNetwork>-br" must fit Linux\'s 15 characters; use at most 12',
    },
    {
        rule: "the RKE2 part is required",
        change: (a) => delete a.rke2,
        message: "rke2 is required: the RKE2 cluster's version, registration address and pools",
    },
    {
        rule: "the RKE2 part follows Rke2Cluster's rules",
        change: (a) => (a.rke2.controlPlane.count = 2),
        message:
            "rke2.controlPlane.count 2 must be odd (1, 3, 5, 7 or 9) so etcd keeps quorum when a server is down; use 3",
    },
    {
        rule: "the FleetCluster names the RKE2 cluster",
        change: (a) => (a.rke2.clusterName = "other"),
        message: "rke2.clusterName is set by the FleetCluster from clusterName; remove it",
    },
    {
        rule: "Rancher needs its provider to register",
        change: (a) => delete a.rancher.rancherProvider,
        message:
            'rancher.rancherProvider is required to register the cluster; pass the kubernetes provider of Rancher\'s local cluster, e.g. new k8s.Provider("rancher", { kubeconfig })',
    },
    {
        rule: "Rancher needs its kubeconfig to register",
        change: (a) => delete a.rancher.rancherKubeconfig,
        message:
            "rancher.rancherKubeconfig is required to register the cluster: the kubeconfig of Rancher's local cluster, as a secret",
    },
    {
        rule: "the FleetCluster decides whether Rancher runs live",
        change: (a) => (a.rancher.live = false),
        message: "rancher.live is set by the FleetCluster from the RKE2 cluster and renderDirectory; remove it",
    },
    {
        rule: "Rancher's name rules apply to the cluster name",
        name: "local",
        change: () => undefined,
        message: 'clusterName "local" is the name of Rancher\'s own cluster; use another name, e.g. "prod-a"',
    },
    {
        rule: "Rancher's certificate is verified",
        change: (a) => delete a.rancher.caChecksum,
        message:
            "rancher.caBundle is required to verify Rancher's certificate: give Rancher's CA (PEM) as caBundle or its SHA-256 as caChecksum, or set insecureSkipTlsVerify: true to skip verification (not recommended)",
    },
    {
        rule: "the FleetCluster passes Flux the kubeconfig",
        change: (a) => (a.flux.kubeconfig = pulumi.secret("kc")),
        message: "flux.kubeconfig is set by the FleetCluster from the RKE2 cluster's kubeconfig; remove it",
    },
    {
        rule: "Flux follows FluxBootstrap's rules",
        change: (a) => (a.flux.gitUrl = "git@git.example.internal:platform/fleet.git"),
        message:
            'flux.gitUrl "git@git.example.internal:platform/fleet.git" is an scp-like address, which Flux does not support; use "ssh://git@git.example.internal/platform/fleet.git"',
    },
    {
        rule: "a rendering cluster has no kubeconfig for Flux's clean-up in mode manifests",
        change: (a) => {
            delete a.harvesterProvider;
            a.renderDirectory = "out/prod-a";
            a.rke2.controlPlane.storageClassName = "longhorn-ubuntu-2404";
            delete a.rancher.rancherProvider;
            delete a.rancher.rancherKubeconfig;
        },
        message:
            'flux.mode "manifests" needs the cluster\'s kubeconfig to remove Flux on destroy, and a rendering FleetCluster has none; use mode "operator" or set retainOnDelete: true',
    },
    {
        rule: "a rendering cluster cannot read a referenced image's storage class from Harvester",
        change: (a) => {
            delete a.harvesterProvider;
            a.renderDirectory = "out/prod-a";
            delete a.rancher;
            delete a.flux;
            a.rke2.workerPools = [
                { name: "general", count: 1, cpu: 2, memory: "4Gi", diskSize: "40Gi", storageClassName: "longhorn-x" },
                { name: "gpu", count: 1, cpu: 2, memory: "4Gi", diskSize: "40Gi" },
            ];
        },
        message: [
            "2 problems:",
            '  - rke2.controlPlane.storageClassName is required with an image reference when rendering: the image\'s storage class cannot be read from Harvester; give it (e.g. "longhorn-ubuntu-2404") or create the image with image',
            '  - rke2.workerPools[1].storageClassName is required with an image reference when rendering: the image\'s storage class cannot be read from Harvester; give it (e.g. "longhorn-ubuntu-2404") or create the image with image',
        ].join("\n"),
    },
    {
        rule: "Rancher's connection is not used when rendering",
        change: (a) => {
            delete a.harvesterProvider;
            a.renderDirectory = "out/prod-a";
            a.rke2.controlPlane.storageClassName = "longhorn-ubuntu-2404";
            delete a.rancher.rancherKubeconfig;
            a.flux.retainOnDelete = true;
        },
        message:
            "rancher.rancherProvider is not used with renderDirectory (the cluster is rendered, not registered); remove it",
    },
];

/** The message of the DroverInputError `f` throws. */
function thrown(f: () => unknown): string | undefined {
    try {
        f();
    } catch (e) {
        expect((e as Error).name).toBe("DroverInputError");
        return (e as Error).message;
    }
    return undefined;
}

describe("FleetCluster refuses bad arguments before registering anything", () => {
    test.each(cases)("$rule", async ({ name, change, message }) => {
        const a = base();
        change(a);
        const n = name ?? "prod-a";
        expect(thrown(() => new fleet.FleetCluster(n, a as unknown as fleetModule.FleetClusterArgs))).toBe(
            `FleetCluster "${n}": ${message}`,
        );
        await settle();
        expect(recorded).toEqual([]);
    });

    test("a local install manifest that does not match its checksum is caught before FluxBootstrap reads it", async () => {
        const a = base();
        const file = tamperedManifest();
        Object.assign(a.flux as object, { installManifest: file, manifestSha256: "0".repeat(64) });
        expect(() => new fleet.FleetCluster("prod-a", a as unknown as fleetModule.FleetClusterArgs)).toThrow(
            new RegExp(
                `^FleetCluster "prod-a": flux\\.installManifest "${file}" has SHA-256 [0-9a-f]{64}, not the pinned manifestSha256 0{64}; check the file or update the checksum$`,
            ),
        );
        await settle();
        expect(recorded).toEqual([]);
    });

    test("reports every problem at once", async () => {
        const a = base();
        (a.rke2 as { version: string }).version = "latest";
        delete a.networkRef;
        a.environment = "";
        expect(thrown(() => new fleet.FleetCluster("prod-a", a as unknown as fleetModule.FleetClusterArgs))).toBe(
            [
                'FleetCluster "prod-a": 3 problems:',
                '  - environment "" is not a DNS label (lower-case letters, digits and "-", at most 63 characters); use e.g. "prod"',
                '  - network is required: give network to create the VM network, or networkRef ("namespace/name") to use an existing one',
                '  - rke2.version "latest" is not an RKE2 release version; use e.g. "v1.31.4+rke2r1"',
            ].join("\n"),
        );
        await settle();
        expect(recorded).toEqual([]);
    });
});
