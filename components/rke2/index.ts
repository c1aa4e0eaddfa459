export {
    Rke2Cluster,
    type Rke2ClusterArgs,
    type Rke2LoadBalancerArgs,
    type Rke2PoolMachineArgs,
    type Rke2WorkerPoolArgs,
} from "./cluster";
export { clusterArgsSchema, CONTROL_PLANE_POOL } from "./clusterSchema";
export { Rke2NodePool, type Rke2NodePoolArgs } from "./nodePool";
export { nodePoolArgsSchema } from "./nodePoolSchema";
export {
    type Rke2ClusterSettingsArgs,
    type Rke2EtcdS3,
    type Rke2RegistryAuth,
    type Rke2RegistryMirror,
} from "./settingsArgs";
export { type Rke2PolicySettings } from "./policySettings";
export { buildRke2ConfigFiles, mergeRke2Config, supervisorUrl, type Rke2ConfigFile } from "./config";
export { buildNetworkData, buildNodeUserData, buildRunCmd, buildWriteFiles, type WriteFile } from "./cloudInit";
export { buildRegistriesYaml } from "./registries";
export { buildIPPool, buildLoadBalancer, type RegistrationLoadBalancerSpec } from "./loadBalancerManifest";
export { rewriteKubeconfig } from "./kubeconfig";
export { buildJoinOrInitScript, buildKubeconfigScript, buildNodeDrainScript, buildNodeReadyScript } from "./scripts";
export { resolveClusterSpec, type ResolvedSettings } from "./resolve";
export { nodeGeneration, replaceNodeVmOnChange } from "./nodeBuild";
export { parseRke2Version, RKE2_VERSION } from "./version";
export { RKE2_DEFAULTS, RKE2_LABELS, RKE2_PATHS, RKE2_PORTS } from "./constants";
export type { Rke2ClusterSpec, Rke2NodeSpec, RegistryAuthSpec, RegistryMirrorSpec, EtcdS3Spec } from "./spec";
export type { RegistrationLoadBalancer } from "./clusterParts";
export type { ComponentArgsSpec } from "./spec";
export type { Rke2Version } from "./version";
export type { NodeMachine } from "./nodeBuild";
