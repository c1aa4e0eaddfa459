/** Small parsers for values the policies compare: Kubernetes quantities, Go durations, octal file modes. */

const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

/** True for a Kubernetes quantity such as `4Gi`, `500m` or `2` (a number is accepted too). */
export function isQuantity(v: unknown): boolean {
    return (typeof v === "number" && v > 0) || (typeof v === "string" && QUANTITY.test(v));
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };
const DURATION = /^((\d+(\.\d+)?)(ns|us|µs|ms|s|m|h))+$/;

/** Parses a Go duration (`1m0s`, `10m`, `1h30m`), the format Flux intervals use, into milliseconds; NaN if malformed. */
export function parseDuration(s: string): number {
    if (!DURATION.test(s)) {
        return NaN;
    }
    let ms = 0;
    for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
        ms += Number(m[1]) * DURATION_UNITS[m[2]];
    }
    return ms;
}

/** Parses an octal file mode such as `0600` or `600`; NaN if malformed. */
export function parseFileMode(s: string): number {
    return /^0?[0-7]{3}$/.test(s) ? parseInt(s, 8) : NaN;
}
