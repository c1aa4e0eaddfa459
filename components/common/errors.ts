import * as pulumi from "@pulumi/pulumi";

/** One problem found in a component's arguments or in a stack's configuration. */
export interface InputProblem {
    /** Path of the argument, e.g. `disks[0].size`; empty for the arguments object itself. */
    path: string;
    /** The value that was given (`undefined` when missing). */
    value: unknown;
    /** What is wrong and how to fix it, e.g. `is not a Kubernetes quantity; use e.g. "20Gi"`. */
    reason: string;
}

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
        const lines = problems.map(formatProblem);
        const head = `${component} "${resourceName}": `;
        const message =
            lines.length === 1
                ? head + lines[0]
                : `${head}${lines.length} problems:\n${lines.map((l) => `  - ${l}`).join("\n")}`;
        super({
            message,
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

/** Renders a value for an error message: strings quoted, objects as compact JSON, long values cut. */
export function formatValue(value: unknown): string {
    let s: string;
    if (typeof value === "string") {
        s = JSON.stringify(value);
    } else if (value === undefined) {
        s = "undefined";
    } else {
        try {
            s = JSON.stringify(value) ?? String(value);
        } catch {
            s = String(value);
        }
    }
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** `path value reason`, or `path reason` when the value is missing. */
export function formatProblem(p: InputProblem): string {
    const where = p.path === "" ? "" : `${p.path} `;
    if (p.value === undefined) {
        return `${where}${p.reason}`;
    }
    return `${where}${formatValue(p.value)} ${p.reason}`;
}
