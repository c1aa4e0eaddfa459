import * as pulumi from "@pulumi/pulumi";
import { BootstrapRecordInputs, bootstrapRecordProvider } from "./bootstrapRecord";

/** Inputs of {@link FluxBootstrapRecord}, each possibly an Output. */
export type FluxBootstrapRecordArgs = { [K in keyof BootstrapRecordInputs]: pulumi.Input<BootstrapRecordInputs[K]> };

/**
 * The settings a FluxBootstrap cannot change after the first `up` (mode and path), kept in the state. Its provider's
 * check refuses a change at preview with drover's message; every Flux object drover registers depends on it, so a
 * refused change reaches no cluster.
 */
export class FluxBootstrapRecord extends pulumi.dynamic.Resource {
    declare public readonly mode: pulumi.Output<string>;
    declare public readonly path: pulumi.Output<string>;

    constructor(name: string, args: FluxBootstrapRecordArgs, opts?: pulumi.CustomResourceOptions) {
        super(bootstrapRecordProvider, name, args, opts, undefined, "FluxBootstrapRecord");
    }
}
