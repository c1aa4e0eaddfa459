export {
    defaultFluxPath,
    ENVIRONMENT_LABEL,
    type FleetClusterArgs,
    type FleetFluxArgs,
    type FleetImageArgs,
    type FleetNetworkArgs,
    type FleetRancherArgs,
    type FleetRke2Args,
    RENDER_DIRS,
} from "./args";
export { FleetCluster, type FleetNode } from "./cluster";
export { buildDefaultDenyPolicy, DEFAULT_DENY_NAME, needsFluxDefaultDeny } from "./networkPolicy";
export {
    captureAndRedactSecrets,
    clusterSecretNote,
    genericSecretNote,
    REDACTED_ANNOTATION,
    redactRenderedSecrets,
    redactSecretProps,
    RENDERED_SECRETS_OUTPUT,
    SECRET_TYPE,
    secretKey,
    secretValues,
} from "./render";
export { secureBootTransformation, withSecureBoot } from "./secureBoot";
export { fleetClusterProblems, validateFleetCluster } from "./validate";
export { type FleetClusterConfig, type FleetConfig, parseFleetConfig, type ParseFleetConfigOptions } from "./config";
export {
    CONFIG_SECRET_NAMES,
    CONFIG_SECRETS,
    type ConfigSecretName,
    isSecretLookingKey,
    type SecretsPresent,
} from "./configSecrets";
