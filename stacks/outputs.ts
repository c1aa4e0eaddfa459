import * as pulumi from "@pulumi/pulumi";
import { FleetCluster, FleetConfig, FleetNode } from "../components/fleet";

/** The non-secret summary of one cluster. */
export interface ClusterSummary {
    /** Harvester namespace of the VMs. */
    namespace: string;
    /** `https://<registrationAddress>:6443`. */
    apiServerUrl: pulumi.Output<string>;
    /** The address every node joins through. */
    registrationAddress: pulumi.Output<string>;
    /** Every node, control plane first. */
    nodes: pulumi.Output<FleetNode[]>;
    /** `created <namespace>/<name>` or `existing <namespace>/<name>`. */
    image: string;
    /** `created <namespace>/<name>` or `existing <namespace>/<name>`. */
    network: string;
    /** The node VMs boot with EFI secure boot. */
    secureBoot: boolean;
    /** The cluster is registered in Rancher. */
    rancher: boolean;
    /** Flux's path in the repository; "" without Flux. */
    fluxPath: pulumi.Output<string>;
}

/** The stack outputs: per-cluster kubeconfigs (secret), Rancher ids, deploy keys, and a summary. */
export interface StackOutputs {
    /** Cluster name → admin kubeconfig (undefined in render mode). Secret. */
    kubeconfigs: pulumi.Output<Record<string, string | undefined>>;
    /** Cluster name → Rancher's cluster id ("" without Rancher or in render mode). */
    rancherClusterIds: Record<string, pulumi.Output<string>>;
    /** Cluster name → Flux's public deploy key, to add to the Git host ("" without Flux or with https). */
    deployKeys: Record<string, pulumi.Output<string>>;
    /** What was built, in plain: the environment, its mode and policy config, and each cluster. */
    summary: {
        stack: string;
        environment: string;
        mode: "deploy" | "render";
        renderDirectory?: string;
        policyConfig?: string;
        requireMandatoryPolicies: boolean;
        platformStack?: string;
        clusters: Record<string, ClusterSummary>;
    };
    /** Render mode only: the values of the Secrets written without them, per cluster. Secret. */
    renderedSecrets?: pulumi.Output<Record<string, Record<string, Record<string, string>>>>;
}

function perCluster<T>(fleets: FleetCluster[], names: string[], f: (c: FleetCluster) => T): Record<string, T> {
    return Object.fromEntries(fleets.map((c, i) => [names[i], f(c)]));
}

function described(
    created: Record<string, unknown> | undefined,
    ref: string | undefined,
    ns: string,
    part: string,
    name: string,
) {
    if (ref !== undefined) {
        return `existing ${ref}`;
    }
    const key = part === "image" ? "imageName" : "networkName";
    return `created ${String(created?.namespace ?? ns)}/${String(created?.[key] ?? `${name}-${part}`)}`;
}

/** Builds the stack outputs from the configuration and its FleetClusters (same order). */
export function stackOutputs(cfg: FleetConfig, fleets: FleetCluster[]): StackOutputs {
    const names = cfg.clusters.map((c) => c.name);
    const clusters = Object.fromEntries(
        cfg.clusters.map((c, i): [string, ClusterSummary] => [
            c.name,
            {
                namespace: c.namespace,
                apiServerUrl: fleets[i].apiServerUrl,
                registrationAddress: fleets[i].rke2.registrationAddress,
                nodes: fleets[i].nodes,
                image: described(c.image, c.imageRef, c.namespace, "image", c.name),
                network: described(c.network, c.networkRef, c.namespace, "network", c.name),
                secureBoot: c.secureBoot === true,
                rancher: c.rancher !== undefined,
                fluxPath: fleets[i].fluxPath,
            },
        ]),
    );
    const render = cfg.renderDirectory !== undefined;
    return {
        kubeconfigs: pulumi.secret(pulumi.all(perCluster(fleets, names, (f) => f.kubeconfig))),
        rancherClusterIds: perCluster(fleets, names, (f) => f.rancherClusterId),
        deployKeys: perCluster(fleets, names, (f) => f.deployKey),
        summary: {
            stack: cfg.stack,
            environment: cfg.environment,
            mode: render ? "render" : "deploy",
            ...(render ? { renderDirectory: cfg.renderDirectory } : {}),
            ...(cfg.policyConfig !== undefined ? { policyConfig: cfg.policyConfig } : {}),
            requireMandatoryPolicies: cfg.requireMandatoryPolicies,
            ...(cfg.platformStack !== undefined ? { platformStack: cfg.platformStack } : {}),
            clusters,
        },
        ...(render
            ? { renderedSecrets: pulumi.secret(pulumi.all(perCluster(fleets, names, (f) => f.renderedSecrets))) }
            : {}),
    };
}
