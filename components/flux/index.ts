export { type FluxBootstrapArgs, type FluxMode, FLUX_MODES, FLUX_SSH_KEY_ALGORITHMS } from "./args";
export { fluxBootstrapArgsSchema, validateFluxArgs } from "./argsSchema";
export { FluxBootstrap } from "./bootstrap";
export {
    API as FLUX_API,
    DEFAULT_FLUX_OPERATOR_VERSION,
    FLUX,
    fluxInstallUrl,
    fluxOperatorInstallUrl,
} from "./constants";
export { type GitUrl, parseGitUrl, redactGitUrl, scpToSshUrl } from "./gitUrl";
export { fluxInstanceHardening, type FluxHardening, hardenFluxInstall, type KustomizePatch } from "./hardening";
export {
    knownHostsFingerprint,
    knownHostsProblems,
    parseKnownHosts,
    SSH_HOST_KEY_TYPES,
    sshFingerprint,
} from "./knownHosts";
export { type FluxSettings } from "./settings";
export {
    buildFluxInstance,
    buildGitRepository,
    buildKustomization,
    type FluxInstanceSpec,
    type FluxSyncSpec,
} from "./syncManifest";
export { buildFluxUninstallScript } from "./uninstall";
export type { KubeObject } from "./manifest";
export type { KnownHostEntry, KnownHostsProblem } from "./knownHosts";
