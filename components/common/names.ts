/** Type tokens of drover's components: `drover:index:<ClassName>`, usable from other Pulumi languages. */
export function droverType(className: string): string {
    return `drover:index:${className}`;
}

/** Encodes a UTF-8 string as base64, for Kubernetes Secret `data`. */
export function base64(s: string): string {
    return Buffer.from(s, "utf8").toString("base64");
}
