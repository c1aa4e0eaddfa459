import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { droverType } from "../common/names";
import { mapInput, mapInputs, outputOf } from "../common/outputs";
import { validateArgs } from "../common/validation";
import { HARVESTER } from "./constants";
import { buildNetworkAttachmentDefinition, networkArgsSchema } from "./networkManifest";

export interface HarvesterNetworkArgs {
    /** Namespace of the network on the Harvester cluster. */
    namespace: pulumi.Input<string>;
    /** Kubernetes name of the NetworkAttachmentDefinition. @default the resource name */
    networkName?: pulumi.Input<string>;
    /** Harvester cluster network the VLAN rides on (its bridge is `<clusterNetwork>-br`). */
    clusterNetwork: pulumi.Input<string>;
    /** VLAN id, 1 to 4094, or 0 for an untagged network. */
    vlanId: pulumi.Input<number>;
    /** Route discovery for the network: `auto` (DHCP) or `manual`. @default - none */
    routeMode?: pulumi.Input<string>;
    /** Subnet for `manual` routes, e.g. `10.10.0.0/24`. @default - none */
    routeCidr?: pulumi.Input<string>;
    /** Gateway for `manual` routes, inside `routeCidr`. @default - none */
    routeGateway?: pulumi.Input<string>;
    /** Extra labels. @default {} */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** A Harvester VM network: a VLAN `NetworkAttachmentDefinition` with Harvester's bridge config and labels. */
export class HarvesterNetwork extends pulumi.ComponentResource {
    /** `namespace/name`, the form a VM NIC's `multus.networkName` uses. */
    public readonly networkId!: pulumi.Output<string>;
    public readonly networkName!: pulumi.Output<string>;
    public readonly namespace!: pulumi.Output<string>;
    public readonly networkAttachmentDefinition!: k8s.apiextensions.CustomResource;

    constructor(name: string, args: HarvesterNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included.
        if (!opts?.urn) {
            validateArgs("HarvesterNetwork", name, networkArgsSchema, args);
        }
        super(droverType("HarvesterNetwork"), name, {}, opts);
        if (opts?.urn) {
            return;
        }

        // Built at once when every argument is plain (the usual case); through Outputs only when some are not.
        const manifest = mapInputs(
            {
                name: args.networkName ?? name,
                namespace: args.namespace,
                clusterNetwork: args.clusterNetwork,
                vlanId: args.vlanId,
                routeMode: args.routeMode,
                routeCidr: args.routeCidr,
                routeGateway: args.routeGateway,
                labels: args.labels ?? {},
            },
            (a) => buildNetworkAttachmentDefinition({ ...a, routeMode: a.routeMode as "auto" | "manual" | undefined }),
        );

        this.networkAttachmentDefinition = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: "k8s.cni.cncf.io/v1",
                kind: "NetworkAttachmentDefinition",
                metadata: mapInput(manifest, (m) => m.metadata),
                spec: mapInput(manifest, (m) => m.spec),
            },
            {
                parent: this,
                // In auto mode Harvester's network controller writes the CIDR and gateway it discovered by DHCP
                // back into the route annotation. That value is the server's, not drover's: ignore it so a
                // refresh does not propose to undo the discovery.
                ignoreChanges: args.routeMode === "auto" ? [`metadata.annotations["${HARVESTER.route}"]`] : [],
            },
        );
        this.networkName = outputOf(mapInput(manifest, (m) => m.metadata.name));
        this.namespace = outputOf(mapInput(manifest, (m) => m.metadata.namespace));
        this.networkId = outputOf(mapInput(manifest, (m) => `${m.metadata.namespace}/${m.metadata.name}`));
        this.registerOutputs({ networkId: this.networkId, networkName: this.networkName, namespace: this.namespace });
    }
}
