import { RKE2_DEFAULTS } from "./constants";
import { parseCidr } from "./net";
import { EtcdS3Spec, RegistryAuthSpec, RegistryMirrorSpec, Rke2ClusterSpec } from "./spec";

/** {@link Rke2ClusterSettingsArgs} with every Input resolved. */
export interface ResolvedSettings {
    version: string;
    cni?: string[];
    clusterCidr?: string;
    serviceCidr?: string;
    clusterDns?: string;
    clusterDomain?: string;
    profile?: string;
    protectKernelDefaults?: boolean;
    secretsEncryptionProvider?: string;
    etcdSnapshotScheduleCron?: string;
    etcdSnapshotRetention?: number;
    etcdSnapshotS3?: EtcdS3Spec;
    writeKubeconfigMode?: string;
    disable?: string[];
    kubeApiserverArgs?: string[];
    kubeControllerManagerArgs?: string[];
    kubeSchedulerArgs?: string[];
    etcdArgs?: string[];
    kubeletArgs?: string[];
    kubeProxyArgs?: string[];
    cloudProviderName?: string;
    cloudProviderConfig?: string;
    systemDefaultRegistry?: string;
    registryMirrors?: RegistryMirrorSpec[];
    registryAuths?: RegistryAuthSpec[];
    disableDefaultRegistryEndpoint?: boolean;
    airGapped?: boolean;
    installScript?: string;
    artifactPath?: string;
    artifactUrl?: string;
    arch?: string;
    tlsSans?: string[];
}

/** The DNS service address RKE2 derives from the service network: its tenth address (10.43.0.0/16 gives 10.43.0.10). */
export function defaultClusterDns(serviceCidr: string): string {
    const c = parseCidr(serviceCidr);
    if (c === undefined) {
        return RKE2_DEFAULTS.clusterDns;
    }
    const ip = c.base + 10;
    return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join(".");
}

/** Applies drover's defaults, so every value that must match across servers is explicit and computed once. */
export function resolveClusterSpec(s: ResolvedSettings): Rke2ClusterSpec {
    const serviceCidr = s.serviceCidr ?? RKE2_DEFAULTS.serviceCidr;
    return {
        version: s.version,
        cni: s.cni && s.cni.length > 0 ? [...s.cni] : [...RKE2_DEFAULTS.cni],
        clusterCidr: s.clusterCidr ?? RKE2_DEFAULTS.clusterCidr,
        serviceCidr,
        clusterDns: s.clusterDns ?? defaultClusterDns(serviceCidr),
        clusterDomain: s.clusterDomain ?? RKE2_DEFAULTS.clusterDomain,
        profile: s.profile as Rke2ClusterSpec["profile"],
        protectKernelDefaults: s.protectKernelDefaults,
        secretsEncryptionProvider: s.secretsEncryptionProvider as Rke2ClusterSpec["secretsEncryptionProvider"],
        etcdSnapshotScheduleCron: s.etcdSnapshotScheduleCron,
        etcdSnapshotRetention: s.etcdSnapshotRetention,
        etcdS3: s.etcdSnapshotS3,
        writeKubeconfigMode: s.writeKubeconfigMode ?? RKE2_DEFAULTS.writeKubeconfigMode,
        disable: [...(s.disable ?? [])],
        componentArgs: {
            kubeApiserver: [...(s.kubeApiserverArgs ?? [])],
            kubeControllerManager: [...(s.kubeControllerManagerArgs ?? [])],
            kubeScheduler: [...(s.kubeSchedulerArgs ?? [])],
            etcd: [...(s.etcdArgs ?? [])],
            kubelet: [...(s.kubeletArgs ?? [])],
            kubeProxy: [...(s.kubeProxyArgs ?? [])],
        },
        cloudProviderName: s.cloudProviderName,
        cloudProviderConfig: s.cloudProviderConfig,
        systemDefaultRegistry: s.systemDefaultRegistry,
        registryMirrors: s.registryMirrors ?? [],
        registryAuths: s.registryAuths ?? [],
        disableDefaultRegistryEndpoint: s.disableDefaultRegistryEndpoint ?? false,
        airGapped: s.airGapped ?? false,
        installScript: s.installScript ?? RKE2_DEFAULTS.installScript,
        artifactPath: s.artifactPath,
        artifactUrl: s.artifactUrl,
        arch: (s.arch ?? RKE2_DEFAULTS.arch) as Rke2ClusterSpec["arch"],
        tlsSans: [...(s.tlsSans ?? [])],
    };
}
