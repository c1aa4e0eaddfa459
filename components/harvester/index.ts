export { HARVESTER, CREATOR } from "./constants";
export { addSshKeysToUserData, cloudConfigYamlError } from "./cloudInit";
export { HarvesterImage, type HarvesterImageArgs } from "./image";
export { buildVirtualMachineImage, imageArgsSchema, type ImageSpec } from "./imageManifest";
export { HarvesterKeyPair, type HarvesterKeyPairArgs } from "./keyPair";
export { buildKeyPair, isOpenSshPublicKey, keyPairArgsSchema } from "./keyPairManifest";
export { HarvesterNetwork, type HarvesterNetworkArgs } from "./network";
export {
    buildBridgeConfig,
    buildNetworkAttachmentDefinition,
    buildRouteAnnotation,
    cidrContains,
    networkArgsSchema,
    type NetworkSpec,
    parseCidr,
    parseIPv4,
} from "./networkManifest";
export {
    HarvesterVirtualMachine,
    type HarvesterVirtualMachineArgs,
    type HarvesterVmCloudInit,
    type HarvesterVmDisk,
    type HarvesterVmNetwork,
} from "./virtualMachine";
export {
    buildAntiAffinity,
    buildCloudInitSecretData,
    buildVirtualMachine,
    buildVolumeClaimTemplates,
    pvcName,
    virtualMachineArgsSchema,
    type VmDiskSpec,
    type VmNicSpec,
    type VmSpec,
} from "./vmManifest";
