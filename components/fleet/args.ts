import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { FluxBootstrapArgs } from "../flux/args";
import { HarvesterImageArgs } from "../harvester/image";
import { HarvesterNetworkArgs } from "../harvester/network";
import { RancherRegistrationArgs } from "../rancher/registration";
import { Rke2ClusterArgs } from "../rke2/cluster";

/** A Harvester image the FleetCluster creates: {@link HarvesterImageArgs} with the namespace optional. */
export interface FleetImageArgs extends Omit<HarvesterImageArgs, "namespace"> {
    /** Namespace of the image. @default the cluster's `namespace` */
    namespace?: pulumi.Input<string>;
}

/** A Harvester VM network the FleetCluster creates: {@link HarvesterNetworkArgs} with the namespace optional. */
export interface FleetNetworkArgs extends Omit<HarvesterNetworkArgs, "namespace"> {
    /** Namespace of the network. @default the cluster's `namespace` */
    namespace?: pulumi.Input<string>;
}

/**
 * The RKE2 part: {@link Rke2ClusterArgs} without the fields the FleetCluster sets itself (namespace, network, image,
 * cluster name, and whether to read the kubeconfig, which follows render mode).
 */
export type FleetRke2Args = Omit<Rke2ClusterArgs, (typeof RKE2_OWNED)[number]>;

/** Fields of {@link Rke2ClusterArgs} the FleetCluster sets, and which argument they come from. */
export const RKE2_OWNED = ["namespace", "network", "image", "clusterName", "kubeconfig"] as const;
export const RKE2_OWNED_FROM: Record<(typeof RKE2_OWNED)[number], string> = {
    namespace: "the cluster's namespace",
    network: "network or networkRef",
    image: "image or imageRef",
    clusterName: "clusterName",
    kubeconfig: "renderDirectory (render mode reads no kubeconfig)",
};

/** The Rancher part: {@link RancherRegistrationArgs} without what the FleetCluster provides. */
export interface FleetRancherArgs extends Omit<
    RancherRegistrationArgs,
    "rancherProvider" | "clusterName" | "clusterKubeconfig" | "live"
> {
    /** Kubernetes provider of Rancher's local cluster. @default - none; required unless the FleetCluster renders */
    rancherProvider?: k8s.Provider;
    /** Name of the cluster in Rancher. @default the FleetCluster's `clusterName` */
    clusterName?: pulumi.Input<string>;
}

/** Fields of {@link RancherRegistrationArgs} the FleetCluster sets itself. */
export const RANCHER_OWNED = ["clusterKubeconfig", "live", "clusterProvider"] as const;

/** The Flux part: {@link FluxBootstrapArgs} without the kubeconfig, which comes from the RKE2 cluster. */
export interface FleetFluxArgs extends Omit<FluxBootstrapArgs, "path" | "kubeconfig"> {
    /** Path of this cluster's config in the repository. @default `clusters/<environment>/<clusterName>` */
    path?: pulumi.Input<string>;
}

/** Fields of {@link FluxBootstrapArgs} the FleetCluster sets itself. */
export const FLUX_OWNED = ["kubeconfig"] as const;

export interface FleetClusterArgs {
    /** The environment, a DNS label such as `dev` or `prod`: Flux's default path and a Rancher label. */
    environment: string;
    /** Name of the cluster: node names, the kubeconfig context, Rancher's cluster name. @default the resource name */
    clusterName?: string;
    /** Namespace of the VMs (and of a created image or network) on the Harvester cluster. */
    namespace: pulumi.Input<string>;
    /** Kubernetes provider of the Harvester cluster. @default - none; required unless `renderDirectory` is set */
    harvesterProvider?: k8s.Provider;
    /**
     * Render instead of deploy: every Kubernetes object is written under this directory (`harvester/`, `rancher/`,
     * `cluster/`) by `renderYamlToDirectory` providers the FleetCluster creates, and the steps that need live hosts
     * (the RKE2 kubeconfig over SSH, Rancher's agent, Flux's destroy clean-up) are skipped with a warning. Secrets
     * are written without their values (see {@link FleetCluster.renderedSecrets}).
     * @default - deploy to the clusters
     */
    renderDirectory?: string;
    /** An image to create: the boot image of every node. @default - none; give this or `imageRef` */
    image?: FleetImageArgs;
    /** `namespace/name` of an existing Harvester image. @default - none; give this or `image` */
    imageRef?: pulumi.Input<string>;
    /** A VM network to create for the nodes. @default - none; give this or `networkRef` */
    network?: FleetNetworkArgs;
    /** `namespace/name` of an existing VM network. @default - none; give this or `network` */
    networkRef?: pulumi.Input<string>;
    /** Boot every node VM with EFI firmware and secure boot (needs an image that boots with EFI). @default false */
    secureBoot?: boolean;
    /** The RKE2 cluster on Harvester VMs. */
    rke2: FleetRke2Args;
    /** Register the cluster in Rancher as an imported cluster. @default - not registered */
    rancher?: FleetRancherArgs;
    /** Bootstrap Flux at `flux.path`. @default - no Flux */
    flux?: FleetFluxArgs;
}

/** Flux's default path for a cluster: `clusters/<environment>/<cluster>`. */
export function defaultFluxPath(environment: string, clusterName: string): string {
    return `clusters/${environment}/${clusterName}`;
}

/** The sub-directories of `renderDirectory`, one per kubernetes provider. */
export const RENDER_DIRS = { harvester: "harvester", rancher: "rancher", cluster: "cluster" } as const;

/** The label the FleetCluster adds to the cluster in Rancher, for Fleet cluster groups per environment. */
export const ENVIRONMENT_LABEL = "drover.io/environment";
