// Serialized into state with the dynamic provider: see the note at the top of http.ts.
import { isApiError } from "./kubeClient";

/** Time, injectable so tests run the waits without real delays. */
export interface Clock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** One look at the world: either done with a value, or not yet, with a description of what was seen. */
export type ProbeResult<T> = { done: true; value: T } | { done: false; seen: string };

export interface WaitOptions {
    /** What is awaited, completing "timed out after 5m waiting for ...". */
    what: string;
    timeoutMs: number;
    intervalMs: number;
    clock: Clock;
    /** What to check, appended to the timeout error. */
    hint?: string;
}

/** `5m`, `1m30s`, `45s`, `0.5s`. */
export function formatDuration(ms: number): string {
    if (ms < 1000) {
        return `${ms / 1000}s`;
    }
    const total = Math.round(ms / 1000);
    const m = Math.floor(total / 60);
    const s = total % 60;
    if (m === 0) {
        return `${s}s`;
    }
    return s === 0 ? `${m}m` : `${m}m${s}s`;
}

/** Errors a retry can cure: the network, throttling and server-side failures. */
function isTransient(e: unknown): boolean {
    if ((e as { network?: unknown } | undefined)?.network === true) {
        return true;
    }
    return isApiError(e, 429, 500, 502, 503, 504);
}

/**
 * Polls `probe` until it is done or the timeout passes. Transient API errors count as "seen" and the polling goes
 * on; any other error ends the wait at once. The timeout error says what was seen last.
 */
export async function waitUntil<T>(opts: WaitOptions, probe: () => Promise<ProbeResult<T>>): Promise<T> {
    const deadline = opts.clock.now() + opts.timeoutMs;
    let seen = "nothing yet";
    for (;;) {
        try {
            const r = await probe();
            if (r.done) {
                return r.value;
            }
            seen = r.seen;
        } catch (e) {
            if (!isTransient(e)) {
                throw e;
            }
            seen = (e as Error).message;
        }
        const left = deadline - opts.clock.now();
        if (left <= 0) {
            const hint = opts.hint ? `. ${opts.hint}` : "";
            throw new Error(
                `timed out after ${formatDuration(opts.timeoutMs)} waiting for ${opts.what}; last seen: ${seen}${hint}`,
            );
        }
        await opts.clock.sleep(Math.min(opts.intervalMs, left));
    }
}

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
