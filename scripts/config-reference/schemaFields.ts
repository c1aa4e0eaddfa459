import { z } from "zod";

/**
 * The fields of a zod argument schema, read from the schema itself so the reference cannot drift from it: the JSON
 * Schema zod 4 derives (`z.toJSONSchema`) gives keys, types, enums and bounds; the messages of the schema's own
 * checks (`refine`, `min`) say what a valid value is; and a probe parse says which fields are required, because
 * drover's schemas declare some required fields optional and check them in a refinement (components/rke2/required.ts).
 */

/** A path below a schema's root: property names, and `[]` for "every item of a list". */
export type FieldPath = string[];

/** The JSON Schema node of one field, with the check messages drover attaches as `x-checks`. */
export interface JsonNode {
    type?: string | string[];
    enum?: unknown[];
    properties?: Record<string, JsonNode>;
    required?: string[];
    items?: JsonNode;
    additionalProperties?: JsonNode | boolean;
    anyOf?: JsonNode[];
    minLength?: number;
    minItems?: number;
    maxItems?: number;
    minimum?: number;
    maximum?: number;
    description?: string;
    default?: unknown;
    "x-checks"?: string[];
}

/** One field of a schema. */
export interface SchemaField {
    path: FieldPath;
    node: JsonNode;
    /** Required by the schema (by its shape, or by an "is required" refinement). */
    required: boolean;
}

const ITEM = "[]";

/** The messages a zod schema's own checks give, e.g. `is not a Kubernetes quantity; use e.g. "8Gi"`. */
function checkMessages(schema: unknown): string[] {
    const checks = ((schema as { _zod?: { def?: { checks?: unknown[] } } })._zod?.def?.checks ?? []) as Array<{
        _zod?: { def?: { error?: unknown } };
    }>;
    const out: string[] = [];
    for (const c of checks) {
        const error = c._zod?.def?.error;
        const message = typeof error === "function" ? (error as (i: unknown) => unknown)({ code: "custom" }) : error;
        if (typeof message === "string" && message !== "") {
            out.push(message);
        }
    }
    return out;
}

/** The JSON Schema of a zod schema's input, each node carrying the messages of its checks. */
export function jsonSchemaOf(schema: z.ZodType): JsonNode {
    return z.toJSONSchema(schema, {
        io: "input",
        // Providers and other resources have no JSON Schema; they are listed as "any".
        unrepresentable: "any",
        override: (ctx) => {
            const messages = checkMessages(ctx.zodSchema);
            if (messages.length > 0) {
                (ctx.jsonSchema as JsonNode)["x-checks"] = messages;
            }
        },
    }) as JsonNode;
}

/** An object node's properties, looking through a union with one object member. */
function objectOf(node: JsonNode | undefined): JsonNode | undefined {
    if (node?.properties !== undefined) {
        return node;
    }
    return node?.anyOf?.find((n) => n.properties !== undefined);
}

/** The item node of a list node. */
function itemsOf(node: JsonNode | undefined): JsonNode | undefined {
    return node?.items ?? node?.anyOf?.find((n) => n.items !== undefined)?.items;
}

/** A minimal document with `value` at `path` (one item in each list on the way). */
export function documentWith(path: FieldPath, value: unknown): unknown {
    let doc: unknown = value;
    for (let i = path.length - 1; i >= 0; i--) {
        doc = path[i] === ITEM ? [doc] : { [path[i]]: doc };
    }
    return doc;
}

/** Fields directly below `path` that a parse of an otherwise empty document reports as required. */
function probedRequired(schema: z.ZodType, path: FieldPath): Set<string> {
    const result = schema.safeParse(documentWith(path, {}), { reportInput: true });
    const out = new Set<string>();
    if (result.success) {
        return out;
    }
    for (const issue of result.error.issues) {
        const at = issue.path.map((p) => (typeof p === "number" ? ITEM : String(p)));
        const direct = at.length === path.length + 1 && path.every((p, i) => at[i] === p);
        const input = (issue as { input?: unknown }).input;
        if (direct && input === undefined && /^is required\b/.test(issue.message)) {
            out.add(at[at.length - 1]);
        }
    }
    return out;
}

/**
 * Every field of a schema, depth first in declaration order: maps and lists of maps are followed into their
 * fields (`controlPlane.count`, `workerPools[].name`).
 */
export function schemaFields(schema: z.ZodType): SchemaField[] {
    const fields: SchemaField[] = [];
    const visit = (node: JsonNode, path: FieldPath): void => {
        const obj = objectOf(node);
        if (obj?.properties === undefined) {
            return;
        }
        const required = new Set([...(obj.required ?? []), ...probedRequired(schema, path)]);
        for (const [key, child] of Object.entries(obj.properties)) {
            const at = [...path, key];
            fields.push({ path: at, node: child, required: required.has(key) });
            visit(child, at);
            const items = itemsOf(child);
            if (items !== undefined) {
                visit(items, [...at, ITEM]);
            }
        }
    };
    visit(jsonSchemaOf(schema), []);
    return fields;
}

/** `controlPlane.count`, `workerPools[].name`. */
export function formatFieldPath(path: FieldPath): string {
    return path.reduce((out, seg) => (seg === ITEM ? `${out}[]` : out === "" ? seg : `${out}.${seg}`), "");
}

/** True when `path` is `prefix` or lies below it. */
export function isUnder(path: FieldPath, prefix: FieldPath): boolean {
    return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

export { ITEM };
