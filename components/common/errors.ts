import * as pulumi from "@pulumi/pulumi";
import { formatMessage, InputProblem } from "./format";

export { formatMessage, formatProblem, formatValue, type InputProblem } from "./format";

/**
 * The one error type drover raises for bad input, from every component and from the stack configuration.
 *
 * It is raised synchronously, in the constructor, before any child resource is registered. The message names the
 * component, the argument path, the bad value and the fix:
 * `HarvesterVirtualMachine "web-0": disks[0].size "20GB" is not a Kubernetes quantity; use e.g. "20Gi"`.
 *
 * It extends Pulumi's `InputPropertiesError`, so the engine prints it as an input error and multi-language
 * consumers see the property paths.
 */
export class DroverInputError extends pulumi.InputPropertiesError {
    /** The component type (e.g. `HarvesterVirtualMachine`) or `config` for stack configuration. */
    readonly component: string;
    /** The Pulumi resource name of the component, or the stack name for configuration. */
    readonly resourceName: string;
    /** Every problem found, in the order they were found. */
    readonly problems: InputProblem[];

    constructor(component: string, resourceName: string, problems: InputProblem[]) {
        super({
            message: formatMessage(component, resourceName, problems),
            // The engine prints the path and value itself; give it only the reason.
            errors: problems.map((p) => ({ propertyPath: p.path, reason: p.reason })),
        });
        this.name = "DroverInputError";
        this.component = component;
        this.resourceName = resourceName;
        this.problems = problems;
    }

    /** True for a DroverInputError, also across copies of the library loaded twice. */
    static isDroverInputError(e: unknown): e is DroverInputError {
        return e instanceof Error && e.name === "DroverInputError" && Array.isArray((e as DroverInputError).problems);
    }
}
