import * as pulumi from "@pulumi/pulumi";

/** A registry mirror written to `/etc/rancher/rke2/registries.yaml`. */
export interface Rke2RegistryMirror {
    /** The registry whose pulls are redirected, e.g. `docker.io`, or `*` for every registry. */
    registry: pulumi.Input<string>;
    /** Mirror endpoints, e.g. `["https://hauler.example.internal:5000"]`. */
    endpoints: pulumi.Input<pulumi.Input<string>[]>;
    /** Regex rewrites of image names, e.g. `{"^rancher/(.*)": "mirror/rancher/$1"}`. @default {} */
    rewrite?: pulumi.Input<{ [pattern: string]: pulumi.Input<string> }>;
}

/** Credentials and TLS trust for one registry host. */
export interface Rke2RegistryAuth {
    /** `host[:port]` as it appears in the mirror endpoints, e.g. `hauler.example.internal:5000`. */
    host: pulumi.Input<string>;
    /** Registry user. @default - no auth */
    username?: pulumi.Input<string>;
    /** Registry password; kept secret, it only lands in the node's secret user data. @default - no auth */
    password?: pulumi.Input<string>;
    /** PEM bundle of the CA that signed the registry's certificate. @default - the node's system trust */
    caPem?: pulumi.Input<string>;
    /** Skip TLS verification (only for tests). @default false */
    insecureSkipVerify?: pulumi.Input<boolean>;
}

/** etcd snapshot upload to S3 (or any S3-compatible store such as MinIO). */
export interface Rke2EtcdS3 {
    /** `host[:port]` of the S3 endpoint, without scheme, e.g. `minio.example.internal:9000`. */
    endpoint: pulumi.Input<string>;
    /** Bucket name. */
    bucket: pulumi.Input<string>;
    /** Region. @default - RKE2's (`us-east-1`) */
    region?: pulumi.Input<string>;
    /** Folder inside the bucket. @default - the bucket root */
    folder?: pulumi.Input<string>;
    /** Access key; kept secret. @default - none (IAM or anonymous) */
    accessKey?: pulumi.Input<string>;
    /** Secret key; kept secret. @default - none */
    secretKey?: pulumi.Input<string>;
    /** PEM bundle of the endpoint's CA. @default - the node's system trust */
    endpointCaPem?: pulumi.Input<string>;
    /** Skip TLS verification. @default false */
    skipSslVerify?: pulumi.Input<boolean>;
    /** Use plain HTTP. @default false */
    insecure?: pulumi.Input<boolean>;
}

/**
 * Settings every node of a cluster shares. {@link Rke2Cluster} takes them once and hands the same values to every
 * pool, so values RKE2 needs to be identical on every server cannot drift apart.
 */
export interface Rke2ClusterSettingsArgs {
    /** RKE2 release, pinned, e.g. `v1.31.4+rke2r1` (INSTALL_RKE2_VERSION). */
    version: pulumi.Input<string>;
    /** CNI plugins: one of `canal`, `calico`, `cilium`, `flannel`, `none`; `multus` first adds Multus. @default ["canal"] */
    cni?: pulumi.Input<pulumi.Input<string>[]>;
    /** Pod network. @default "10.42.0.0/16" */
    clusterCidr?: pulumi.Input<string>;
    /** Service network. @default "10.43.0.0/16" */
    serviceCidr?: pulumi.Input<string>;
    /** Cluster DNS service address, inside `serviceCidr`. @default "10.43.0.10" */
    clusterDns?: pulumi.Input<string>;
    /** Cluster domain. @default "cluster.local" */
    clusterDomain?: pulumi.Input<string>;
    /** Hardening profile: `cis` or `etcd`. `cis` also writes the sysctl file and creates the etcd user on each host. @default - none */
    profile?: pulumi.Input<string>;
    /** `protect-kernel-defaults`; the CIS profile forces it on. @default - RKE2's (off, on with `cis`) */
    protectKernelDefaults?: pulumi.Input<boolean>;
    /** `aescbc` or `secretbox` (v1.30.12, v1.31.8, v1.32.4, v1.33.0 and later). @default - RKE2's (`aescbc`) */
    secretsEncryptionProvider?: pulumi.Input<string>;
    /** Cron schedule of etcd snapshots. @default - RKE2's (`0 *\/12 * * *`) */
    etcdSnapshotScheduleCron?: pulumi.Input<string>;
    /** Number of etcd snapshots kept. @default - RKE2's (5) */
    etcdSnapshotRetention?: pulumi.Input<number>;
    /** Upload etcd snapshots to S3. @default - snapshots stay on the servers */
    etcdSnapshotS3?: Rke2EtcdS3;
    /** Octal mode of `/etc/rancher/rke2/rke2.yaml`. @default "0600" */
    writeKubeconfigMode?: pulumi.Input<string>;
    /** Bundled charts not to deploy, e.g. `["rke2-ingress-nginx"]`. @default [] */
    disable?: pulumi.Input<pulumi.Input<string>[]>;
    /** Extra kube-apiserver flags, `flag=value`. @default [] */
    kubeApiserverArgs?: pulumi.Input<pulumi.Input<string>[]>;
    /** Extra kube-controller-manager flags, `flag=value`. @default [] */
    kubeControllerManagerArgs?: pulumi.Input<pulumi.Input<string>[]>;
    /** Extra kube-scheduler flags, `flag=value`. @default [] */
    kubeSchedulerArgs?: pulumi.Input<pulumi.Input<string>[]>;
    /** Extra etcd flags, `flag=value`. @default [] */
    etcdArgs?: pulumi.Input<pulumi.Input<string>[]>;
    /** Extra kubelet flags on every node, `flag=value`. @default [] */
    kubeletArgs?: pulumi.Input<pulumi.Input<string>[]>;
    /** Extra kube-proxy flags on every node, `flag=value`. @default [] */
    kubeProxyArgs?: pulumi.Input<pulumi.Input<string>[]>;
    /** Bundled cloud provider: only `harvester` is supported. @default - none */
    cloudProviderName?: pulumi.Input<string>;
    /** Kubeconfig the Harvester cloud provider uses (scoped to the VMs' namespace); kept secret. Required with `cloudProviderName`. @default - none */
    cloudProviderConfig?: pulumi.Input<string>;
    /** `host[:port]` of a private registry prefixed to every system image, e.g. a Hauler registry. @default - none */
    systemDefaultRegistry?: pulumi.Input<string>;
    /** Registry mirrors (registries.yaml `mirrors`). @default [] */
    registryMirrors?: Rke2RegistryMirror[];
    /** Registry credentials and CAs (registries.yaml `configs`). @default [] */
    registryAuths?: Rke2RegistryAuth[];
    /** Stop containerd from falling back to upstream registries when a mirror is configured. @default false */
    disableDefaultRegistryEndpoint?: pulumi.Input<boolean>;
    /** No node may reach the internet: install from `artifactPath`, with `installScript` from your own server. @default false */
    airGapped?: pulumi.Input<boolean>;
    /** RKE2's install.sh: an `http(s)://` URL or an absolute path on the node. Required when air-gapped. @default "https://get.rke2.io" */
    installScript?: pulumi.Input<string>;
    /** Directory on the node holding the release artifacts (INSTALL_RKE2_ARTIFACT_PATH). Required when air-gapped. @default - download from GitHub releases */
    artifactPath?: pulumi.Input<string>;
    /** URL prefix the artifacts are downloaded from into `artifactPath`, e.g. a Hauler file server. @default - the artifacts are already on the image */
    artifactUrl?: pulumi.Input<string>;
    /** CPU architecture of the nodes: `amd64` or `arm64`. @default "amd64" */
    arch?: pulumi.Input<string>;
    /** Extra names and addresses in the API certificate; the registration address is always included. @default [] */
    tlsSans?: pulumi.Input<pulumi.Input<string>[]>;
    /** Default gateway of nodes with static addresses. Required with static addresses. @default - none */
    gateway?: pulumi.Input<string>;
    /** DNS servers of nodes with static addresses. @default [] */
    nameservers?: pulumi.Input<pulumi.Input<string>[]>;
}

/** The names of {@link Rke2ClusterSettingsArgs}, in declaration order. */
export const SETTINGS_KEYS = [
    "version",
    "cni",
    "clusterCidr",
    "serviceCidr",
    "clusterDns",
    "clusterDomain",
    "profile",
    "protectKernelDefaults",
    "secretsEncryptionProvider",
    "etcdSnapshotScheduleCron",
    "etcdSnapshotRetention",
    "etcdSnapshotS3",
    "writeKubeconfigMode",
    "disable",
    "kubeApiserverArgs",
    "kubeControllerManagerArgs",
    "kubeSchedulerArgs",
    "etcdArgs",
    "kubeletArgs",
    "kubeProxyArgs",
    "cloudProviderName",
    "cloudProviderConfig",
    "systemDefaultRegistry",
    "registryMirrors",
    "registryAuths",
    "disableDefaultRegistryEndpoint",
    "airGapped",
    "installScript",
    "artifactPath",
    "artifactUrl",
    "arch",
    "tlsSans",
    "gateway",
    "nameservers",
] as const satisfies ReadonlyArray<keyof Rke2ClusterSettingsArgs>;

/** Copies the shared settings out of a larger args object, leaving everything else behind. */
export function pickSettings(args: Rke2ClusterSettingsArgs): Rke2ClusterSettingsArgs {
    const out: Record<string, unknown> = {};
    for (const k of SETTINGS_KEYS) {
        if (args[k] !== undefined) {
            out[k] = args[k];
        }
    }
    return out as unknown as Rke2ClusterSettingsArgs;
}

// Fails to compile when a settings field is added to the interface but not to SETTINGS_KEYS.
type MissingSettingsKey = Exclude<keyof Rke2ClusterSettingsArgs, (typeof SETTINGS_KEYS)[number]>;
export const SETTINGS_KEYS_COMPLETE: [MissingSettingsKey] extends [never] ? true : never = true;
