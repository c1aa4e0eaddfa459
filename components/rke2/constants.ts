/** Paths on the node (rancher/rke2-docs docs/install/configuration.md, docs/cluster_access.md, docs/security/hardening_guide.md). */
export const RKE2_PATHS = {
    configDir: "/etc/rancher/rke2",
    config: "/etc/rancher/rke2/config.yaml",
    /** Merged after config.yaml in alphabetical order; `key+:` appends to a list. */
    dropInDir: "/etc/rancher/rke2/config.yaml.d",
    registries: "/etc/rancher/rke2/registries.yaml",
    registryCaDir: "/etc/rancher/rke2/registry-ca",
    cloudProviderConfig: "/etc/rancher/rke2/cloud-provider-config.yaml",
    etcdS3Ca: "/etc/rancher/rke2/etcd-s3-ca.pem",
    kubeconfig: "/etc/rancher/rke2/rke2.yaml",
    kubectl: "/var/lib/rancher/rke2/bin/kubectl",
    kubeletKubeconfig: "/var/lib/rancher/rke2/agent/kubelet.kubeconfig",
    /** Present once this server holds etcd data; `server:` is then ignored (docs/install/ha.md). */
    etcdData: "/var/lib/rancher/rke2/server/db/etcd",
    /** The CIS sysctl file shipped by the tarball install, then by the RPM install. */
    cisSysctlSources: ["/usr/local/share/rke2/rke2-cis-sysctl.conf", "/usr/share/rke2/rke2-cis-sysctl.conf"],
    cisSysctlTarget: "/etc/sysctl.d/60-rke2-cis.conf",
    /** drover's own scripts on the node. */
    droverDir: "/usr/local/lib/drover",
} as const;

/** Ports (docs/install/requirements.md). */
export const RKE2_PORTS = { supervisor: 9345, apiserver: 6443 } as const;

/** `cni` values (docs/reference/server_config.md); `multus` goes first and adds Multus to another CNI. */
export const CNIS = ["canal", "calico", "cilium", "flannel", "none", "multus"] as const;

/**
 * Charts `disable` accepts: the list in rancher/rke2 pkg/cli/types.go, plus `rke2-ingress-nginx`, which every
 * release that bundles ingress-nginx accepts.
 */
export const DISABLEABLE = [
    "rke2-coredns",
    "rke2-ingress-nginx",
    "rke2-metrics-server",
    "rke2-snapshot-controller",
    "rke2-snapshot-controller-crd",
    "rke2-snapshot-validation-webhook",
    "rke2-security-responder",
] as const;

export const PROFILES = ["cis", "etcd"] as const;
export const SECRETS_ENCRYPTION_PROVIDERS = ["aescbc", "secretbox"] as const;
export const ARCHES = ["amd64", "arm64"] as const;
export const ROLES = ["server", "agent"] as const;
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/** Values RKE2 would pick itself; drover writes them on every server so they can never differ between servers. */
export const RKE2_DEFAULTS = {
    cni: ["canal"],
    clusterCidr: "10.42.0.0/16",
    serviceCidr: "10.43.0.0/16",
    clusterDns: "10.43.0.10",
    clusterDomain: "cluster.local",
    writeKubeconfigMode: "0600",
    installScript: "https://get.rke2.io",
    arch: "amd64",
    sshUser: "drover",
} as const;

/** Labels drover puts on node VMs (and so on their VMIs, which the Harvester load balancer selects). */
export const RKE2_LABELS = {
    cluster: "rke2.drover.io/cluster",
    pool: "rke2.drover.io/pool",
    role: "rke2.drover.io/role",
    /** A hash of everything a node is built from; a new value replaces the node. */
    generation: "rke2.drover.io/generation",
} as const;
