export { FIELD_MANAGER, RANCHER } from "./constants";
export { RancherRegistration, type RancherRegistrationArgs } from "./registration";
export {
    buildProvisioningCluster,
    caTrustOf,
    managedAnnotations,
    presenceProblems,
    REGISTRATION_DEFAULTS,
    registrationArgsSchema,
    type ProvisioningClusterSpec,
} from "./registrationManifest";
export { RancherImport, type RancherImportArgs } from "./registrationResource";
export { type AgentObject } from "./live/agent";
export { type RegistrationInputs, type RegistrationState, type RegistrationTimeouts } from "./live/register";
export { caChecksumOf } from "./live/manifest";
export { type TokenSource } from "./live/rancherObjects";
export type { PresenceArgs } from "./registrationManifest";
