import { JsonNode } from "./schemaFields";

/** One configuration key as the reference lists it. Text fields are Markdown. */
export interface Row {
    /** `clusters[].rke2.controlPlane.count` */
    key: string;
    type: string;
    required: boolean;
    /** Markdown, or undefined when there is no default. */
    default?: string;
    description: string;
    /** What a valid value is: allowed values, and the messages drover gives for a wrong one. */
    checks: string[];
}

/** A key of a component's arguments that is not configuration, and why. */
export interface Excluded {
    key: string;
    reason: string;
}

/** A part of the reference: a heading, some prose, the keys, and the keys that are deliberately not configuration. */
export interface Section {
    title: string;
    intro: string[];
    rows: Row[];
    excluded: Excluded[];
}

/** `"cis"` as Markdown code. */
export function code(value: unknown): string {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return `\`${text}\``;
}

function scalarType(n: JsonNode): string {
    if (n.enum !== undefined) {
        return "string";
    }
    if (n.anyOf !== undefined) {
        return n.anyOf.map(typeText).join(" or ");
    }
    const t = Array.isArray(n.type) ? n.type.join(" or ") : n.type;
    return t ?? "any";
}

/** A JSON Schema node's type as a reader of YAML thinks of it: `string`, `list of strings`, `map of strings`. */
export function typeText(n: JsonNode): string {
    if (n.type === "array") {
        const item = n.items === undefined ? "any" : typeText(n.items);
        if (item === "any") {
            return "list";
        }
        return `list of ${item.startsWith("map") ? "maps" : `${item}s`}`;
    }
    if (n.type === "object") {
        const values = n.additionalProperties;
        if (n.properties === undefined && typeof values === "object" && typeof values.type === "string") {
            return `map of ${values.type}s`;
        }
        return "map";
    }
    return scalarType(n);
}

/** What a valid value is, from the node's enum, bounds and check messages. */
export function checksText(n: JsonNode): string[] {
    const out: string[] = [];
    const messages = n["x-checks"] ?? [];
    if (n.enum !== undefined) {
        out.push(`one of ${n.enum.map((v) => code(JSON.stringify(v))).join(", ")}`);
    }
    out.push(...messages);
    if (messages.length === 0) {
        if (n.minLength !== undefined && n.minLength > 0) {
            out.push(n.minLength === 1 ? "not empty" : `at least ${n.minLength} characters`);
        }
        if (n.minItems !== undefined && n.minItems > 0) {
            out.push(`at least ${n.minItems} item(s)`);
        }
    }
    const items = n.items;
    if (items !== undefined && items.properties === undefined) {
        out.push(...checksText(items).map((c) => `each item: ${c}`));
    }
    return out;
}

/**
 * A `@default` tag as Markdown: a value (`"main"`, `900`, `[]`) as code, a behaviour (`- the image's storage class`)
 * as prose.
 */
export function defaultText(tag: string | undefined): string | undefined {
    if (tag === undefined || tag === "") {
        return undefined;
    }
    if (tag.startsWith("- ")) {
        return tag.slice(2);
    }
    try {
        JSON.parse(tag);
        return code(tag);
    } catch {
        return tag;
    }
}
