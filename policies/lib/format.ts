/** Renders a value for a violation message: strings quoted, everything else as compact JSON. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "undefined";
    }
    const s = JSON.stringify(value) ?? String(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Joins a list for a message: `"a", "b" and "c"`. */
export function listOf(items: readonly string[]): string {
    if (items.length <= 1) {
        return items.join("");
    }
    return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** `is not set` or `is <value>`, for messages about a field that has the wrong value or none. */
export function isOrUnset(value: unknown): string {
    return value === undefined ? "is not set" : `is ${JSON.stringify(value)}`;
}
