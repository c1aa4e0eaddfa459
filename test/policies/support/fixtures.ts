import { buildVirtualMachineImage } from "../../../components/harvester/imageManifest";
import { buildVirtualMachine, VmSpec } from "../../../components/harvester/vmManifest";
import { FluxSettings, RancherSettings, Rke2Settings } from "../../../policies/lib/settings";
import { vmSpecFixture } from "../../support/vmSpec";

/**
 * One valid fixture per resource kind, each passing every policy. Harvester objects come from drover's own pure
 * builders, so the policies are tested against exactly what drover registers (`{apiVersion, kind, metadata, spec}`
 * of the CustomResource).
 */

/** A production-grade VM spec: EFI with secure boot, a VLAN NIC, live-migratable RWX disks. */
export function vmSpec(): VmSpec {
    return vmSpecFixture({ efi: true, secureBoot: true });
}

/** The props drover registers for a VM built from `spec`. */
export function vmProps(spec: VmSpec = vmSpec()): Record<string, unknown> {
    const vm = buildVirtualMachine(spec);
    return { apiVersion: vm.apiVersion, kind: vm.kind, metadata: vm.metadata, spec: vm.spec };
}

export const SHA512 = "0123456789abcdef".repeat(8);

/** The props drover registers for a downloaded, checksummed image. */
export function imageProps(): Record<string, unknown> {
    const image = buildVirtualMachineImage({
        name: "ubuntu-2404",
        namespace: "default",
        displayName: "ubuntu-24.04",
        url: "https://files.example.internal/noble.img",
        checksum: SHA512,
        labels: {},
        waitForImport: true,
    });
    return { apiVersion: image.apiVersion, kind: image.kind, metadata: image.metadata, spec: image.spec };
}

export function rke2Settings(): Rke2Settings {
    return {
        version: "v1.33.5+rke2r1",
        cni: ["canal"],
        profile: "cis",
        protectKernelDefaults: true,
        secretsEncryptionProvider: "secretbox",
        serverCount: 3,
        etcdSnapshot: {
            scheduleCron: "0 */6 * * *",
            retention: 10,
            s3: { endpoint: "s3.example.internal", bucket: "etcd-snapshots", region: "site-1", folder: "prod-a" },
        },
        writeKubeconfigMode: "0600",
        systemDefaultRegistry: "registry.internal:5000",
        registryMirrors: ["docker.io", "ghcr.io"],
        airGapped: true,
        tokenSource: "generated",
        workerPools: [{ name: "workers", count: 3 }],
        registrationAddress: "10.10.0.10",
    };
}

/** A server Rke2NodePool: `role` and `count` instead of `serverCount`. */
export function rke2ServerPoolSettings(): Rke2Settings {
    const { serverCount: _serverCount, ...rest } = rke2Settings();
    return { ...rest, role: "server", count: 3 };
}

/** An agent Rke2NodePool. */
export function rke2AgentPoolSettings(): Rke2Settings {
    return { ...rke2ServerPoolSettings(), role: "agent", count: 4 };
}

export function fluxSettings(): FluxSettings {
    return {
        mode: "operator",
        version: "2.8.5",
        gitUrl: "ssh://git@git.example.internal/platform/fleet.git",
        auth: "ssh",
        knownHostsPinned: true,
        httpsCredentials: "none",
        interval: "1m0s",
        prune: true,
        path: "./clusters/prod",
        branch: "main",
        hardening: {
            noCrossNamespaceRefs: true,
            noRemoteBases: true,
            defaultServiceAccount: "default",
            networkPolicies: true,
        },
    };
}

/** Flux over HTTPS with credentials passed as secrets. */
export function fluxHttpsSettings(): FluxSettings {
    return {
        ...fluxSettings(),
        gitUrl: "https://git.example.internal/platform/fleet.git",
        auth: "https",
        knownHostsPinned: false,
        httpsCredentials: "secret",
    };
}

export function rancherSettings(): RancherSettings {
    return { clusterName: "prod-a", caTrust: "bundle", labels: { env: "prod" } };
}

/** A container that passes every workload policy. */
export function container(name = "app") {
    return {
        name,
        image: "registry.internal:5000/platform/app:1.4.2",
        securityContext: {
            allowPrivilegeEscalation: false,
            runAsNonRoot: true,
            runAsUser: 10001,
            capabilities: { drop: ["ALL"] },
        },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    };
}

/** A pod spec that passes every workload policy. */
export function podSpec() {
    return {
        securityContext: { runAsNonRoot: true },
        initContainers: [{ ...container("init"), image: "registry.internal:5000/platform/init:1.0.0" }],
        containers: [container("app")],
        volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }],
    };
}

/** Each workload kind: its type token, where its pod spec lives, and a valid object. */
export const WORKLOADS = {
    Pod: { type: "kubernetes:core/v1:Pod", path: ["spec"] },
    Deployment: { type: "kubernetes:apps/v1:Deployment", path: ["spec", "template", "spec"] },
    StatefulSet: { type: "kubernetes:apps/v1:StatefulSet", path: ["spec", "template", "spec"] },
    DaemonSet: { type: "kubernetes:apps/v1:DaemonSet", path: ["spec", "template", "spec"] },
    ReplicaSet: { type: "kubernetes:apps/v1:ReplicaSet", path: ["spec", "template", "spec"] },
    Job: { type: "kubernetes:batch/v1:Job", path: ["spec", "template", "spec"] },
    CronJob: { type: "kubernetes:batch/v1:CronJob", path: ["spec", "jobTemplate", "spec", "template", "spec"] },
} as const;

export type WorkloadKind = keyof typeof WORKLOADS;

/** A valid workload of `kind` with its pod spec at the kind's location. */
export function workload(kind: WorkloadKind): Record<string, unknown> {
    const metadata = { name: "app", namespace: "apps" };
    const labels = { app: "app" };
    const template = { metadata: { labels }, spec: podSpec() };
    switch (kind) {
        case "Pod":
            return { apiVersion: "v1", kind, metadata, spec: podSpec() };
        case "CronJob":
            return {
                apiVersion: "batch/v1",
                kind,
                metadata,
                spec: { schedule: "0 * * * *", jobTemplate: { spec: { template } } },
            };
        case "Job":
            return { apiVersion: "batch/v1", kind, metadata, spec: { template } };
        default:
            return { apiVersion: "apps/v1", kind, metadata, spec: { selector: { matchLabels: labels }, template } };
    }
}
