import { FluxBootstrap } from "../components/flux";
import { HarvesterImage } from "./harvester/image";
import { HarvesterKeyPair } from "./harvester/keyPair";
import { HarvesterNetwork } from "./harvester/network";
import { HarvesterVirtualMachine } from "./harvester/virtualMachine";

export { FluxBootstrap, HarvesterImage, HarvesterKeyPair, HarvesterNetwork, HarvesterVirtualMachine };

/** The provider's package name: types are `drover:index:<ClassName>`, the same tokens the TypeScript classes use. */
export const PROVIDER_NAME = "drover";

/**
 * The components other Pulumi languages can use. The Harvester ones are union-free wrappers (see README.md) that
 * create the TypeScript component of the same name as their child; FluxBootstrap's arguments and outputs are
 * already union-free, so it is exposed as it is.
 */
export const PROVIDER_COMPONENTS = [
    HarvesterImage,
    HarvesterNetwork,
    HarvesterKeyPair,
    HarvesterVirtualMachine,
    FluxBootstrap,
] as const;
