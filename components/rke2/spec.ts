/** A registry mirror in registries.yaml (docs/install/private_registry.md). */
export interface RegistryMirrorSpec {
    /** The registry whose pulls are redirected, e.g. `docker.io`, or `*` for every registry. */
    registry: string;
    endpoints: string[];
    /** Regex rewrites of the image name, e.g. `{"^rancher/(.*)": "mirror/rancher/$1"}`. */
    rewrite?: Record<string, string>;
}

/** Credentials and TLS of one registry host in registries.yaml. */
export interface RegistryAuthSpec {
    /** `host[:port]` as it appears in the mirror endpoints. */
    host: string;
    username?: string;
    /** Secret: it only ever lands in the node's user data. */
    password?: string;
    /** PEM bundle of the CA that signed the registry's certificate. */
    caPem?: string;
    insecureSkipVerify?: boolean;
}

/** etcd snapshot upload to S3 (docs/reference/server_config.md, `etcd-s3-*`). */
export interface EtcdS3Spec {
    /** `host[:port]`, no scheme. */
    endpoint: string;
    bucket: string;
    region?: string;
    folder?: string;
    /** Secret. */
    accessKey?: string;
    /** Secret. */
    secretKey?: string;
    endpointCaPem?: string;
    skipSslVerify?: boolean;
    /** Plain HTTP instead of HTTPS. */
    insecure?: boolean;
}

/** Extra flags per component, each `flag=value` without the leading dashes. */
export interface ComponentArgsSpec {
    kubeApiserver: string[];
    kubeControllerManager: string[];
    kubeScheduler: string[];
    etcd: string[];
    kubelet: string[];
    kubeProxy: string[];
}

/**
 * Everything that is the same on every node of a cluster, with defaults applied. The values RKE2 requires to be
 * identical on all servers (cluster-cidr, service-cidr, cluster-dns, cluster-domain, cloud provider, ...) live
 * here only, so every server is rendered from the one object.
 */
export interface Rke2ClusterSpec {
    version: string;
    cni: string[];
    clusterCidr: string;
    serviceCidr: string;
    clusterDns: string;
    clusterDomain: string;
    profile?: "cis" | "etcd";
    protectKernelDefaults?: boolean;
    secretsEncryptionProvider?: "aescbc" | "secretbox";
    etcdSnapshotScheduleCron?: string;
    etcdSnapshotRetention?: number;
    etcdS3?: EtcdS3Spec;
    writeKubeconfigMode: string;
    disable: string[];
    componentArgs: ComponentArgsSpec;
    /** `harvester` (the only bundled provider drover supports). */
    cloudProviderName?: string;
    /** Secret: the kubeconfig the cloud provider uses to reach Harvester. */
    cloudProviderConfig?: string;
    systemDefaultRegistry?: string;
    registryMirrors: RegistryMirrorSpec[];
    registryAuths: RegistryAuthSpec[];
    disableDefaultRegistryEndpoint: boolean;
    airGapped: boolean;
    /** URL (`http(s)://`) or absolute path on the node of RKE2's install.sh. */
    installScript: string;
    /** Directory on the node with `rke2.linux-<arch>.tar.gz` and `sha256sum-<arch>.txt` (INSTALL_RKE2_ARTIFACT_PATH). */
    artifactPath?: string;
    /** URL prefix the artifacts are downloaded from into `artifactPath`, e.g. a Hauler file server. */
    artifactUrl?: string;
    arch: "amd64" | "arm64";
    /** Extra `tls-san` entries; the registration address is always added. */
    tlsSans: string[];
}

/** One node: its identity, role and how it joins. */
export interface Rke2NodeSpec {
    /** VM name, hostname and Kubernetes node name. */
    name: string;
    role: "server" | "agent";
    /** The server that may initialise the cluster: it joins only when another server already answers. */
    bootstrap: boolean;
    /** Fixed address (VIP, DNS name or load balancer) every node joins through. */
    registrationAddress: string;
    /** Secret join token. */
    token: string;
    labels: Record<string, string>;
    taints: string[];
    /** Static `address/prefix`; absent for DHCP. */
    address?: string;
    gateway?: string;
    nameservers: string[];
    /** Public keys allowed to log in as the automation user. */
    sshAuthorizedKeys: string[];
    sshUser: string;
}
