import { ResourceValidationArgs } from "@pulumi/policy";
import { TYPES } from "./kinds";

/**
 * The non-secret summaries drover's composite components register as their props (`{ settings }`), as fixed by
 * the policy contract. CrossGuard sees only registered props, so these are what the settings policies read.
 */

export interface EtcdSnapshotSettings {
    scheduleCron?: string;
    retention?: number;
    s3?: { endpoint: string; bucket: string; region?: string; folder?: string };
}

/** `drover:index:Rke2Cluster` settings; a `drover:index:Rke2NodePool` has `role` and `count` instead of `serverCount`. */
export interface Rke2Settings {
    version: string;
    cni: string[];
    profile?: "cis" | "etcd";
    protectKernelDefaults?: boolean;
    secretsEncryptionProvider?: "aescbc" | "secretbox";
    /** Rke2Cluster only. */
    serverCount?: number;
    /** Rke2NodePool only. */
    role?: "server" | "agent";
    /** Rke2NodePool only. */
    count?: number;
    etcdSnapshot: EtcdSnapshotSettings;
    writeKubeconfigMode: string;
    systemDefaultRegistry?: string;
    registryMirrors: string[];
    airGapped: boolean;
    tokenSource: "generated" | "secret-input" | "plaintext-input";
    workerPools: Array<{ name: string; count: number }>;
    registrationAddress: string;
}

/** `drover:index:FluxBootstrap` settings. */
export interface FluxSettings {
    mode: "operator" | "manifests";
    version: string;
    /** Never with credentials. */
    gitUrl: string;
    auth: "ssh" | "https";
    knownHostsPinned: boolean;
    httpsCredentials: "secret" | "plaintext" | "none";
    interval: string;
    prune: boolean;
    path: string;
    branch: string;
    hardening: {
        noCrossNamespaceRefs: boolean;
        noRemoteBases: boolean;
        defaultServiceAccount?: string;
        networkPolicies: boolean;
    };
}

/** `drover:index:RancherRegistration` settings. */
export interface RancherSettings {
    clusterName: string;
    caTrust: "bundle" | "checksum" | "insecure";
    labels: Record<string, string>;
}

/**
 * The settings of a resource of one of `types`, or undefined when the resource is another type or registered no
 * settings (a component from before the policy contract).
 */
export function settingsOf<T>(args: Pick<ResourceValidationArgs, "type" | "props">, types: readonly string[]) {
    if (!types.includes(args.type)) {
        return undefined;
    }
    return args.props.settings as T | undefined;
}

/** True for an RKE2 resource whose nodes run the server role (a cluster, or a pool with role "server"). */
export function runsServers(type: string, s: Pick<Rke2Settings, "role">): boolean {
    return type !== TYPES.rke2NodePool || s.role === "server";
}

/** For checks of server-only settings: marks the policy not applicable to an agent pool. */
export function requireServers(
    args: Pick<ResourceValidationArgs, "type" | "notApplicable">,
    s: Pick<Rke2Settings, "role">,
): void {
    if (!runsServers(args.type, s)) {
        args.notApplicable("agent pools run no etcd, API server or kubeconfig");
    }
}
