/**
 * Names Rancher uses for imported clusters (rancher/rancher v2.7 to v2.15: pkg/controllers/provisioningv2/cluster,
 * pkg/controllers/dashboard/clusterregistrationtoken, pkg/settings). Read at run time too, so keep it plain data.
 */
export const RANCHER = {
    /** Namespace of provisioning Clusters that Fleet's default workspace manages. */
    fleetNamespace: "fleet-default",
    provisioningApiVersion: "provisioning.cattle.io/v1",
    managementApiVersion: "management.cattle.io/v3",
    /** The ClusterRegistrationToken Rancher creates in the cluster's namespace (`c-m-...`). */
    registrationTokenName: "default-token",
    /** v2.13.8+, v2.14.4+ and v2.15 keep the token in Secret `crt-token-<token name>`, key `token`. */
    tokenSecretPrefix: "crt-token-",
    tokenSecretKey: "token",
    /** What those versions write into `status.manifestUrl` instead of the token. */
    tokenPlaceholder: "{token}",
    /** `"true"`, `"false"` or `"system-default"`; read from the management Cluster. */
    versionManagementAnnotation: "rancher.io/imported-cluster-version-management",
    /** Settings (management.cattle.io/v3 Setting, cluster-scoped, fields `value` and `default`). */
    serverUrlSetting: "server-url",
    caCertsSetting: "cacerts",
    /** Where the import manifest puts the agent. */
    agentNamespace: "cattle-system",
    agentDeployment: "cattle-cluster-agent",
} as const;

/** Field manager for drover's server-side applies. */
export const FIELD_MANAGER = "drover";

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
