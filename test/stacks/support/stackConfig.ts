import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** The repository root: Pulumi.yaml lives here. */
export const ROOT = path.resolve(__dirname, "../../..");

interface ProjectConfigDecl {
    type?: string;
    default?: unknown;
    description?: string;
}

/** Pulumi.yaml as parsed. */
export function project(): {
    name: string;
    stackConfigDir: string;
    main: string;
    runtime: unknown;
    config: Record<string, ProjectConfigDecl>;
} {
    return YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
}

/** The `config:` map of stacks/Pulumi.<stack>.yaml, as written. */
export function stackFile(stack: string): Record<string, unknown> {
    const p = project();
    const file = path.join(ROOT, p.stackConfigDir, `Pulumi.${stack}.yaml`);
    return (YAML.parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config;
}

/** A config value as the language host hands it to the program: text, with maps and lists as JSON. */
export function asConfigText(v: unknown): string {
    return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
}

/**
 * What `pulumi up -s <stack>` hands the program, as the CLI builds it (pkg workspace `mergeConfig`): the stack's
 * values, plus the project's defaults for keys the stack does not set. A project key without a default that the stack
 * does not set is an error, as in the CLI ("Stack '<s>' is missing configuration value ...").
 */
export function programConfig(
    stack: string,
    values: Record<string, unknown> = stackFile(stack),
): Record<string, string> {
    const p = project();
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) {
        out[k] = asConfigText(v);
    }
    const missing: string[] = [];
    for (const [k, decl] of Object.entries(p.config)) {
        const key = k.includes(":") ? k : `${p.name}:${k}`;
        if (out[key] !== undefined) {
            continue;
        }
        if (decl.default === undefined) {
            missing.push(key);
        } else {
            out[key] = asConfigText(decl.default);
        }
    }
    if (missing.length > 0) {
        throw new Error(`Stack '${stack}' is missing configuration value(s) ${missing.join(", ")}`);
    }
    return out;
}
