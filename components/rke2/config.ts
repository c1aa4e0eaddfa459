import { RKE2_PATHS, RKE2_PORTS } from "./constants";
import { addressOf } from "./net";
import { Rke2ClusterSpec, Rke2NodeSpec } from "./spec";
import { cisNeedsTokenExpirationArg, parseRke2Version } from "./version";

/** One RKE2 config file: its path on the node and its keys (each key is a CLI flag, lists are repeatable flags). */
export interface Rke2ConfigFile {
    path: string;
    body: Record<string, unknown>;
}

const dropIn = (file: string) => `${RKE2_PATHS.dropInDir}/${file}`;

/** `https://<address>:9345`, the URL every joining node registers through. */
export function supervisorUrl(registrationAddress: string): string {
    return `https://${registrationAddress}:${RKE2_PORTS.supervisor}`;
}

function nonEmpty(body: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(body).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
    );
}

/** `/etc/rancher/rke2/config.yaml`: who this node is. */
function nodeConfig(c: Rke2ClusterSpec, n: Rke2NodeSpec): Rke2ConfigFile {
    return {
        path: RKE2_PATHS.config,
        body: nonEmpty({
            "node-name": n.name,
            "node-ip": n.address ? addressOf(n.address) : undefined,
            "node-label": Object.entries(n.labels).map(([k, v]) => `${k}=${v}`),
            "node-taint": [...n.taints],
            "write-kubeconfig-mode": n.role === "server" ? c.writeKubeconfigMode : undefined,
        }),
    };
}

/**
 * `config.yaml.d/10-cluster.yaml`: settings shared by the whole cluster. Servers get every value that must be
 * identical on all servers (docs/reference/server_config.md "Critical Configuration Values"); agents get the
 * subset agents accept (docs/reference/linux_agent_config.md).
 */
function clusterConfig(c: Rke2ClusterSpec, n: Rke2NodeSpec): Rke2ConfigFile {
    const shared = {
        "cloud-provider-name": c.cloudProviderName,
        "cloud-provider-config": c.cloudProviderConfig !== undefined ? RKE2_PATHS.cloudProviderConfig : undefined,
        "protect-kernel-defaults": c.protectKernelDefaults,
        "disable-default-registry-endpoint": c.disableDefaultRegistryEndpoint ? true : undefined,
        "kubelet-arg": c.componentArgs.kubelet,
        "kube-proxy-arg": c.componentArgs.kubeProxy,
    };
    if (n.role === "agent") {
        return { path: dropIn("10-cluster.yaml"), body: nonEmpty(shared) };
    }
    const tlsSan = [n.registrationAddress, ...c.tlsSans.filter((s) => s !== n.registrationAddress)];
    return {
        path: dropIn("10-cluster.yaml"),
        body: nonEmpty({
            cni: c.cni.length === 1 ? c.cni[0] : [...c.cni],
            "cluster-cidr": c.clusterCidr,
            "service-cidr": c.serviceCidr,
            "cluster-dns": c.clusterDns,
            "cluster-domain": c.clusterDomain,
            "tls-san": tlsSan,
            disable: [...c.disable],
            "secrets-encryption-provider": c.secretsEncryptionProvider,
            "etcd-snapshot-schedule-cron": c.etcdSnapshotScheduleCron,
            "etcd-snapshot-retention": c.etcdSnapshotRetention,
            "system-default-registry": c.systemDefaultRegistry,
            ...shared,
            "kube-apiserver-arg": c.componentArgs.kubeApiserver,
            "kube-controller-manager-arg": c.componentArgs.kubeControllerManager,
            "kube-scheduler-arg": c.componentArgs.kubeScheduler,
            "etcd-arg": c.componentArgs.etcd,
        }),
    };
}

/**
 * `config.yaml.d/20-join.yaml`: the token, and `server:` for every node except the bootstrap server. The
 * bootstrap server decides at boot (see {@link buildJoinOrInitScript}) and writes `21-join-server.yaml` itself
 * when a cluster already answers.
 */
function joinConfig(n: Rke2NodeSpec): Rke2ConfigFile {
    return {
        path: dropIn("20-join.yaml"),
        body: n.bootstrap ? { token: n.token } : { server: supervisorUrl(n.registrationAddress), token: n.token },
    };
}

/** `config.yaml.d/30-profile.yaml`: the CIS (or etcd) profile, with the extra apiserver flag CIS 1.11 needs. */
function profileConfig(c: Rke2ClusterSpec, n: Rke2NodeSpec): Rke2ConfigFile | undefined {
    if (c.profile === undefined || (n.role === "agent" && c.profile !== "cis")) {
        return undefined;
    }
    const body: Record<string, unknown> = { profile: c.profile };
    if (c.profile === "cis") {
        body["protect-kernel-defaults"] = true;
        const v = parseRke2Version(c.version);
        if (n.role === "server" && v !== undefined && cisNeedsTokenExpirationArg(v)) {
            // `+` appends to the kube-apiserver-arg list of 10-cluster.yaml instead of replacing it.
            body["kube-apiserver-arg+"] = ["service-account-extend-token-expiration=false"];
        }
    }
    return { path: dropIn("30-profile.yaml"), body };
}

/** `config.yaml.d/40-etcd-s3.yaml`: snapshot upload, with credentials. Servers only. */
function etcdS3Config(c: Rke2ClusterSpec, n: Rke2NodeSpec): Rke2ConfigFile | undefined {
    const s3 = c.etcdS3;
    if (n.role !== "server" || s3 === undefined) {
        return undefined;
    }
    return {
        path: dropIn("40-etcd-s3.yaml"),
        body: nonEmpty({
            "etcd-s3": true,
            "etcd-s3-endpoint": s3.endpoint,
            "etcd-s3-bucket": s3.bucket,
            "etcd-s3-region": s3.region,
            "etcd-s3-folder": s3.folder,
            "etcd-s3-access-key": s3.accessKey,
            "etcd-s3-secret-key": s3.secretKey,
            "etcd-s3-endpoint-ca": s3.endpointCaPem !== undefined ? RKE2_PATHS.etcdS3Ca : undefined,
            "etcd-s3-skip-ssl-verify": s3.skipSslVerify,
            "etcd-s3-insecure": s3.insecure,
        }),
    };
}

/** Every RKE2 config file of one node, one per concern, in the order RKE2 merges them. */
export function buildRke2ConfigFiles(c: Rke2ClusterSpec, n: Rke2NodeSpec): Rke2ConfigFile[] {
    return [nodeConfig(c, n), clusterConfig(c, n), joinConfig(n), profileConfig(c, n), etcdS3Config(c, n)].filter(
        (f): f is Rke2ConfigFile => f !== undefined && Object.keys(f.body).length > 0,
    );
}

/** The merged view of a node's config files, as RKE2 sees it after reading every drop-in (for tests and docs). */
export function mergeRke2Config(files: Rke2ConfigFile[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of files) {
        for (const [k, v] of Object.entries(f.body)) {
            if (k.endsWith("+")) {
                const key = k.slice(0, -1);
                const prev = out[key];
                out[key] = [...(Array.isArray(prev) ? prev : prev === undefined ? [] : [prev]), ...(v as unknown[])];
            } else {
                out[k] = v;
            }
        }
    }
    return out;
}
