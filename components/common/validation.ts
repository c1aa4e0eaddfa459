import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DroverInputError, InputProblem } from "./errors";

/**
 * True when a value is not known while the program is being built: an Output, a Promise, a resource, or any
 * other non-plain object. Such values are checked by the engine and the provider, not by drover's validators.
 */
export function isUnknownInput(v: unknown): boolean {
    if (v === null || typeof v !== "object") {
        return false;
    }
    if (pulumi.Output.isInstance(v) || pulumi.Resource.isInstance(v)) {
        return true;
    }
    if (typeof (v as { then?: unknown }).then === "function") {
        return true;
    }
    if (Array.isArray(v)) {
        return false;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    return proto !== Object.prototype && proto !== null;
}

/** Renders a path as users write it: `clusters[1].controlPlane.count`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
    let out = "";
    for (const seg of path) {
        if (typeof seg === "number") {
            out += `[${seg}]`;
        } else {
            out += out === "" ? String(seg) : `.${String(seg)}`;
        }
    }
    return out;
}

function pathKey(path: ReadonlyArray<PropertyKey>): string {
    return path.map(String).join("\u0000");
}

/** Copies plain data, replacing values that are unknown at construction time with `undefined`, and records where. */
function stripUnknowns(value: unknown, path: PropertyKey[], unknown: Set<string>): unknown {
    if (isUnknownInput(value)) {
        unknown.add(pathKey(path));
        return undefined;
    }
    if (Array.isArray(value)) {
        return value.map((v, i) => stripUnknowns(v, [...path, i], unknown));
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = stripUnknowns(v, [...path, k], unknown);
        }
        return out;
    }
    return value;
}

const DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;

function article(word: string): string {
    return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/** Turns one zod issue into drover problems (an unknown-keys issue gives one problem per key). */
export function issueToProblems(issue: z.core.$ZodIssue, prefix: ReadonlyArray<PropertyKey> = []): InputProblem[] {
    const fullPath = [...prefix, ...issue.path];
    const path = formatPath(fullPath);
    const value = (issue as { input?: unknown }).input;
    const custom = !DEFAULT_MESSAGE.test(issue.message);
    switch (issue.code) {
        case "unrecognized_keys":
            return issue.keys.map((k) => ({
                path: formatPath([...fullPath, k]),
                value: undefined,
                reason: "is not a known field; remove it or fix its spelling",
            }));
        case "invalid_type":
            if (custom) {
                return [{ path, value, reason: issue.message }];
            }
            if (value === undefined) {
                return [{ path, value, reason: "is required" }];
            }
            return [
                { path, value, reason: `must be ${article(issue.expected === "int" ? "integer" : issue.expected)}` },
            ];
        case "invalid_value":
            if (custom) {
                return [{ path, value, reason: issue.message }];
            }
            return [
                {
                    path,
                    value,
                    reason: `is not supported; use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
                },
            ];
        case "too_small":
        case "too_big": {
            if (custom) {
                return [{ path, value, reason: issue.message }];
            }
            const bound = issue.code === "too_small" ? "at least" : "at most";
            const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
            const reason =
                issue.origin === "array"
                    ? `must have ${bound} ${String(limit)} item(s)`
                    : issue.origin === "string"
                      ? `must be ${bound} ${String(limit)} character(s) long`
                      : `must be ${bound} ${String(limit)}`;
            return [{ path, value, reason }];
        }
        default:
            return [{ path, value, reason: custom ? issue.message : `is not valid (${issue.message})` }];
    }
}

/**
 * Validates a component's arguments against a zod schema, synchronously.
 *
 * Values that are unknown until deployment (Outputs, Promises, resources) are skipped; everything known is
 * checked and every problem is reported at once in a {@link DroverInputError}.
 */
export function validateArgs(component: string, resourceName: string, schema: z.ZodType, args: unknown): void {
    const problems = collectProblems(schema, args);
    if (problems.length > 0) {
        throw new DroverInputError(component, resourceName, problems);
    }
}

/** Like {@link validateArgs} but returns the problems instead of throwing. */
export function collectProblems(
    schema: z.ZodType,
    args: unknown,
    prefix: ReadonlyArray<PropertyKey> = [],
): InputProblem[] {
    const unknown = new Set<string>();
    const plain = stripUnknowns(args, [], unknown);
    const result = schema.safeParse(plain, { reportInput: true });
    if (result.success) {
        return [];
    }
    return result.error.issues
        .filter((issue) => !unknown.has(pathKey(issue.path)))
        .flatMap((issue) => issueToProblems(issue, prefix));
}

/** True when a plain value is present (not undefined and not a stripped unknown). */
export function present<T>(v: T | undefined | null): v is T {
    return v !== undefined && v !== null;
}
