// Message formatting for DroverInputError, free of @pulumi/pulumi so that dynamic providers, whose code Pulumi
// serializes into the state, can build the very same messages (see components/rancher/live/http.ts).

/** One problem found in a component's arguments or in a stack's configuration. */
export interface InputProblem {
    /** Path of the argument, e.g. `disks[0].size`; empty for the arguments object itself. */
    path: string;
    /** The value that was given (`undefined` when missing). */
    value: unknown;
    /** What is wrong and how to fix it, e.g. `is not a Kubernetes quantity; use e.g. "20Gi"`. */
    reason: string;
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

/** The whole message: `<component> "<name>": <problem>`, or a list when there are several. */
export function formatMessage(component: string, resourceName: string, problems: InputProblem[]): string {
    const lines = problems.map(formatProblem);
    const head = `${component} "${resourceName}": `;
    return lines.length === 1
        ? head + lines[0]
        : `${head}${lines.length} problems:\n${lines.map((l) => `  - ${l}`).join("\n")}`;
}
