import { UnknownValueError } from "@pulumi/policy";

/**
 * Reads a value that may be unknown during preview and returns `fallback` instead of failing. Use it only for
 * values that label a message (a container's name), never for values a check decides on.
 */
export function readOr<T>(read: () => T, fallback: T): T {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return fallback;
        }
        throw e;
    }
}

/**
 * Runs several independent checks so that a value unknown during preview in one of them does not hide
 * violations the others can already see. `finish()` rethrows the first UnknownValueError, which the analyzer
 * turns into its advisory "can't run policy ... during preview" note (server.ts); the violations reported
 * before it keep their enforcement level.
 */
export class UnknownTracker {
    private first: UnknownValueError | undefined;

    /** Runs one check; an UnknownValueError is remembered and the check is skipped. */
    run(check: () => void): void {
        try {
            check();
        } catch (e) {
            if (e instanceof UnknownValueError) {
                this.first ??= e;
                return;
            }
            throw e;
        }
    }

    /** Rethrows the first unknown value seen, if any. */
    finish(): void {
        if (this.first) {
            throw this.first;
        }
    }
}
