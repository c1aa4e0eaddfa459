/**
 * Type tokens of the resources the policies check. A Kubernetes custom resource registers as
 * `kubernetes:<apiVersion>:<kind>` (pulumi/pulumi-kubernetes sdk/nodejs/apiextensions/customResource.ts);
 * drover's components register as `drover:index:<ClassName>`.
 */
export const TYPES = {
    virtualMachine: "kubernetes:kubevirt.io/v1:VirtualMachine",
    virtualMachineImage: "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage",
    rke2Cluster: "drover:index:Rke2Cluster",
    rke2NodePool: "drover:index:Rke2NodePool",
    fluxBootstrap: "drover:index:FluxBootstrap",
    rancherRegistration: "drover:index:RancherRegistration",
    configMap: "kubernetes:core/v1:ConfigMap",
    namespace: "kubernetes:core/v1:Namespace",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
} as const;

/** The prefix of every drover component's type token. */
export const DROVER_TYPE_PREFIX = "drover:index:";

/** Both RKE2 component types; they register the same settings shape (a pool has `role`/`count`). */
export const RKE2_TYPES: readonly string[] = [TYPES.rke2Cluster, TYPES.rke2NodePool];
