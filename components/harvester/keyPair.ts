import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { droverType } from "../common/names";
import { mapInput, mapInputs, outputOf } from "../common/outputs";
import { validateArgs } from "../common/validation";
import { buildKeyPair, keyPairArgsSchema } from "./keyPairManifest";

export interface HarvesterKeyPairArgs {
    /** Namespace of the key pair on the Harvester cluster. */
    namespace: pulumi.Input<string>;
    /** Kubernetes name of the KeyPair. @default the resource name */
    keyPairName?: pulumi.Input<string>;
    /** One OpenSSH public key line, e.g. from `tls.PrivateKey.publicKeyOpenssh`. */
    publicKey: pulumi.Input<string>;
    /** Extra labels. @default {} */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** An SSH public key registered in Harvester (`harvesterhci.io/v1beta1 KeyPair`), for VMs' `sshKeys`. */
export class HarvesterKeyPair extends pulumi.ComponentResource {
    /** `namespace/name`, the form the VM annotation `harvesterhci.io/sshNames` uses. */
    public readonly keyPairId!: pulumi.Output<string>;
    public readonly keyPairName!: pulumi.Output<string>;
    public readonly namespace!: pulumi.Output<string>;
    /** The public key, trimmed. */
    public readonly publicKey!: pulumi.Output<string>;
    public readonly keyPair!: k8s.apiextensions.CustomResource;

    constructor(name: string, args: HarvesterKeyPairArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included.
        if (!opts?.urn) {
            validateArgs("HarvesterKeyPair", name, keyPairArgsSchema, args);
        }
        super(droverType("HarvesterKeyPair"), name, {}, opts);
        if (opts?.urn) {
            return;
        }

        // Built at once when every argument is plain; through Outputs when some are not (a generated key).
        const manifest = mapInputs(
            {
                name: args.keyPairName ?? name,
                namespace: args.namespace,
                publicKey: args.publicKey,
                labels: args.labels ?? {},
            },
            buildKeyPair,
        );
        this.keyPair = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: "harvesterhci.io/v1beta1",
                kind: "KeyPair",
                metadata: mapInput(manifest, (m) => m.metadata),
                spec: mapInput(manifest, (m) => m.spec),
            },
            { parent: this },
        );
        this.keyPairName = outputOf(mapInput(manifest, (m) => m.metadata.name));
        this.namespace = outputOf(mapInput(manifest, (m) => m.metadata.namespace));
        this.publicKey = outputOf(mapInput(manifest, (m) => m.spec.publicKey));
        this.keyPairId = outputOf(mapInput(manifest, (m) => `${m.metadata.namespace}/${m.metadata.name}`));
        this.registerOutputs({
            keyPairId: this.keyPairId,
            keyPairName: this.keyPairName,
            namespace: this.namespace,
            publicKey: this.publicKey,
        });
    }
}
