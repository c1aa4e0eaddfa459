import * as pulumi from "@pulumi/pulumi";
import * as harvester from "../../components/harvester";
import { droverType } from "../../components/common/names";
import { validateWrapperArgs } from "../plainArgs";

/**
 * A Harvester VLAN VM network, for programs in other Pulumi languages (type `drover:index:HarvesterNetwork`). It
 * creates the TypeScript HarvesterNetwork as its only child, with the same name and arguments, and exposes its
 * outputs; pass `networkId` to a HarvesterVirtualMachine NIC's `network`.
 */
export class HarvesterNetwork extends pulumi.ComponentResource {
    /** `namespace/name` of the network, for a VM NIC's `network`. */
    public readonly networkId!: pulumi.Output<string>;
    /** Kubernetes name of the NetworkAttachmentDefinition. */
    public readonly networkName!: pulumi.Output<string>;
    /** Namespace of the network. */
    public readonly namespace!: pulumi.Output<string>;

    constructor(name: string, args: harvester.HarvesterNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included.
        if (!opts?.urn) {
            validateWrapperArgs("HarvesterNetwork", name, args, args, harvester.networkArgsSchema);
        }
        super(droverType("HarvesterNetwork"), name, {}, opts);
        if (opts?.urn) {
            return;
        }
        const network = new harvester.HarvesterNetwork(name, args, { parent: this });
        this.networkId = network.networkId;
        this.networkName = network.networkName;
        this.namespace = network.namespace;
        this.registerOutputs({
            networkId: this.networkId,
            networkName: this.networkName,
            namespace: this.namespace,
        });
    }
}
