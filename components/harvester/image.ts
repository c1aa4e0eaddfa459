import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { droverType } from "../common/names";
import { mapInput, mapInputs, outputOf } from "../common/outputs";
import { validateArgs } from "../common/validation";
import { buildVirtualMachineImage, imageArgsSchema } from "./imageManifest";

export interface HarvesterImageArgs {
    /** Namespace of the image on the Harvester cluster. */
    namespace: pulumi.Input<string>;
    /** Kubernetes name of the image. @default the resource name */
    imageName?: pulumi.Input<string>;
    /** Name shown in the Harvester UI. */
    displayName: pulumi.Input<string>;
    /** Where Harvester downloads the image from: an `http(s)://` URL, e.g. a Hauler file server when air-gapped. */
    url: pulumi.Input<string>;
    /** SHA-512 of the image; Harvester verifies the download. @default - no verification */
    checksum?: pulumi.Input<string>;
    /** Free text shown in the UI. @default - none */
    description?: pulumi.Input<string>;
    /** Longhorn parameters of the image's storage class. @default - Harvester's: 3 replicas, migratable */
    storageClassParameters?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** `backingimage` or `cdi`. @default "backingimage" */
    backend?: pulumi.Input<string>;
    /** Base storage class (annotation `harvesterhci.io/storageClassName`); required for `cdi`. @default - Harvester's default */
    baseStorageClassName?: pulumi.Input<string>;
    /** Download retries, 0 to 10. @default 3 (Harvester's default) */
    retry?: pulumi.Input<number>;
    /** Extra labels. @default {} */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Wait until Harvester reports the image `Imported`, and read the storage class it made for the image from its
     * status. With `false` nothing waits and the `storageClassName` output is empty, so VMs built on the image get no
     * storage class from it (give their disks `storageClassName`); that is what a stack that only renders to files
     * needs, where nothing ever imports the image. @default true
     */
    waitForImport?: boolean;
    /** How long the import may take before `pulumi up` fails. @default 30 */
    importTimeoutMinutes?: number;
}

/**
 * A Harvester VM image downloaded from a URL (`harvesterhci.io/v1beta1 VirtualMachineImage`).
 *
 * Pass the Harvester cluster's kubernetes provider through `opts.provider`. VMs take the image's storage class
 * from {@link storageClassName}, which Harvester publishes in the image status once the image is imported.
 */
export class HarvesterImage extends pulumi.ComponentResource {
    /** `namespace/name`, the form Harvester's `harvesterhci.io/imageId` annotation uses. */
    public readonly imageId!: pulumi.Output<string>;
    public readonly imageName!: pulumi.Output<string>;
    public readonly namespace!: pulumi.Output<string>;
    /** The storage class Harvester made for this image (`status.storageClassName`). */
    public readonly storageClassName!: pulumi.Output<string>;
    /** The underlying Kubernetes object. */
    public readonly image!: k8s.apiextensions.CustomResource;

    constructor(name: string, args: HarvesterImageArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included.
        if (!opts?.urn) {
            validateArgs("HarvesterImage", name, imageArgsSchema, args);
        }
        super(droverType("HarvesterImage"), name, {}, opts);
        if (opts?.urn) {
            return;
        }

        const waitForImport = args.waitForImport ?? true;
        // Built at once when every argument is plain (the usual case); through Outputs only when some are not.
        const manifest = mapInputs(
            {
                name: args.imageName ?? name,
                namespace: args.namespace,
                displayName: args.displayName,
                url: args.url,
                checksum: args.checksum,
                description: args.description,
                storageClassParameters: args.storageClassParameters,
                backend: args.backend,
                baseStorageClassName: args.baseStorageClassName,
                retry: args.retry,
                labels: args.labels ?? {},
            },
            (a) =>
                buildVirtualMachineImage({
                    ...a,
                    backend: a.backend as "backingimage" | "cdi" | undefined,
                    waitForImport,
                }),
        );
        const timeout = `${args.importTimeoutMinutes ?? 30}m`;
        this.image = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: "harvesterhci.io/v1beta1",
                kind: "VirtualMachineImage",
                metadata: mapInput(manifest, (m) => m.metadata),
                spec: mapInput(manifest, (m) => m.spec),
                // Declared so the status Harvester writes is readable as an output.
                status: undefined,
            },
            { parent: this, customTimeouts: { create: timeout, update: timeout } },
        );
        const status = (this.image as unknown as { status: pulumi.Output<{ storageClassName?: string } | undefined> })
            .status;
        this.imageName = outputOf(mapInput(manifest, (m) => m.metadata.name));
        this.namespace = outputOf(mapInput(manifest, (m) => m.metadata.namespace));
        this.imageId = outputOf(mapInput(manifest, (m) => `${m.metadata.namespace}/${m.metadata.name}`));
        // Not read without the wait: the class only exists once Harvester has imported the image, and a status that
        // is never written (render mode) would be unknown at every preview and show every VM as changed.
        this.storageClassName = waitForImport ? status.apply((s) => s?.storageClassName ?? "") : pulumi.output("");
        this.registerOutputs({
            imageId: this.imageId,
            imageName: this.imageName,
            namespace: this.namespace,
            storageClassName: this.storageClassName,
        });
    }
}
