import * as pulumi from "@pulumi/pulumi";
import * as harvester from "../../components/harvester";
import { droverType } from "../../components/common/names";
import { validateWrapperArgs } from "../plainArgs";

/**
 * An SSH public key registered in Harvester, for programs in other Pulumi languages (type
 * `drover:index:HarvesterKeyPair`). It creates the TypeScript HarvesterKeyPair as its only child, with the same name
 * and arguments, and exposes its outputs; pass `keyPairId` in a HarvesterVirtualMachine's `sshKeys`.
 */
export class HarvesterKeyPair extends pulumi.ComponentResource {
    /** `namespace/name` of the key pair, for a VM's `sshKeys`. */
    public readonly keyPairId!: pulumi.Output<string>;
    /** Kubernetes name of the KeyPair. */
    public readonly keyPairName!: pulumi.Output<string>;
    /** Namespace of the key pair. */
    public readonly namespace!: pulumi.Output<string>;
    /** The public key, trimmed. */
    public readonly publicKey!: pulumi.Output<string>;

    constructor(name: string, args: harvester.HarvesterKeyPairArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included.
        if (!opts?.urn) {
            validateWrapperArgs("HarvesterKeyPair", name, args, args, harvester.keyPairArgsSchema);
        }
        super(droverType("HarvesterKeyPair"), name, {}, opts);
        if (opts?.urn) {
            return;
        }
        const keyPair = new harvester.HarvesterKeyPair(name, args, { parent: this });
        this.keyPairId = keyPair.keyPairId;
        this.keyPairName = keyPair.keyPairName;
        this.namespace = keyPair.namespace;
        this.publicKey = keyPair.publicKey;
        this.registerOutputs({
            keyPairId: this.keyPairId,
            keyPairName: this.keyPairName,
            namespace: this.namespace,
            publicKey: this.publicKey,
        });
    }
}
