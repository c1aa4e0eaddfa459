import * as pulumi from "@pulumi/pulumi";
import * as path from "path";

/**
 * The same transform as a legacy SDK-side stack transformation: it runs in the program, before the resource is
 * sent, and sees Outputs where the engine would send plain values (drover's redaction handles both). Only
 * synchronous transforms can be adapted.
 */
export function asStackTransformation(t: pulumi.ResourceTransform): pulumi.ResourceTransformation {
    return (a) => {
        const r = t({
            type: a.type,
            name: a.name,
            custom: a.resource instanceof pulumi.CustomResource,
            props: a.props,
            opts: a.opts,
        });
        if (r instanceof Promise) {
            throw new Error(
                `drover: the stack transform for ${a.type} "${a.name}" is asynchronous and cannot run in the SDK`,
            );
        }
        return r === undefined ? undefined : { props: r.props, opts: r.opts };
    };
}

/**
 * True when the language host can serve engine-side transforms. Hosts that predate them (such as a v3.68 Node.js
 * host used as a stand-in) put their own ResourceMonitor proxy between program and engine, which answers
 * RegisterStackTransform with UNIMPLEMENTED and crashes the program; the same hosts pass no project root, so the
 * SDK's root directory is not a real path.
 */
export function engineTransformsAvailable(rootDirectory: string = pulumi.runtime.getRootDirectory()): boolean {
    return rootDirectory !== "" && path.isAbsolute(rootDirectory);
}

/**
 * Registers a stack-wide transform: in the engine (`pulumi.runtime.registerResourceTransform`, which also reaches the
 * children of multi-language components) when the host supports it, else in the SDK
 * (`registerStackTransformation`), with a warning.
 */
export function registerStackTransform(t: pulumi.ResourceTransform): void {
    if (engineTransformsAvailable()) {
        pulumi.runtime.registerResourceTransform(t);
        return;
    }
    pulumi.log.warn(
        "drover: this Node.js language host cannot run engine-side transforms; the stack-wide Secret redaction runs " +
            "in the program instead (it does not reach children of multi-language components).",
    );
    pulumi.runtime.registerStackTransformation(asStackTransformation(t));
}
