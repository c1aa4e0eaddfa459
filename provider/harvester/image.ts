import * as pulumi from "@pulumi/pulumi";
import * as harvester from "../../components/harvester";
import { droverType } from "../../components/common/names";
import { validateWrapperArgs } from "../plainArgs";

/**
 * A Harvester VM image downloaded from a URL, for programs in other Pulumi languages (type
 * `drover:index:HarvesterImage`). It creates the TypeScript HarvesterImage as its only child, with the same name and
 * arguments, and exposes its outputs; pass `imageId` to a HarvesterVirtualMachine disk's `image`.
 */
export class HarvesterImage extends pulumi.ComponentResource {
    /** `namespace/name` of the image, for a VM disk's `image`. */
    public readonly imageId!: pulumi.Output<string>;
    /** Kubernetes name of the image. */
    public readonly imageName!: pulumi.Output<string>;
    /** Namespace of the image. */
    public readonly namespace!: pulumi.Output<string>;
    /** The storage class Harvester made for this image (`status.storageClassName`). */
    public readonly storageClassName!: pulumi.Output<string>;

    constructor(name: string, args: harvester.HarvesterImageArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included.
        if (!opts?.urn) {
            validateWrapperArgs("HarvesterImage", name, args, args, harvester.imageArgsSchema);
        }
        super(droverType("HarvesterImage"), name, {}, opts);
        if (opts?.urn) {
            return;
        }
        const image = new harvester.HarvesterImage(name, args, { parent: this });
        this.imageId = image.imageId;
        this.imageName = image.imageName;
        this.namespace = image.namespace;
        this.storageClassName = image.storageClassName;
        this.registerOutputs({
            imageId: this.imageId,
            imageName: this.imageName,
            namespace: this.namespace,
            storageClassName: this.storageClassName,
        });
    }
}
