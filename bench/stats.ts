/** One fleet size's figures, drover against the flat program. */
export interface Row {
    clusters: number;
    registrations: number;
    customResources: number;
    droverMs: number;
    rawMs: number;
    msPerResource: number;
    maxRssMiB: number;
    kibPerResource: number;
    overhead: number;
    /** CPU time of the drover and the flat build: what a busy machine distorts least. */
    droverCpuMs: number;
    rawCpuMs: number;
    cpuOverhead: number;
}

/** a / b rounded to 3 decimals. */
export function ratio(a: number, b: number): number {
    return Math.round((a / b) * 1000) / 1000;
}

/** A fixed-width text table: a header row and the rows, columns padded to their widest cell. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
    const cells = [header, ...rows.map((r) => r.map(String))];
    const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
    const fmt = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join("  ");
    return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(fmt)].join("\n");
}

/** Whether a figure meets its target (at most `limit`). */
export function verdict(value: number, limit: number): "met" | "missed" {
    return value <= limit ? "met" : "missed";
}
