import { z } from "zod";
import { sshPublicKeyOf } from "./sshKeys";

/** Building blocks for argument schemas, each with a message that says how to fix the value. */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Kubernetes quantity such as `4Gi`, `500Mi`, `1.5G` or `2`. */
export const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

const BINARY_SUFFIX: Record<string, number> = {
    "": 1,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
};

/** Parses a Kubernetes quantity into a number (bytes for memory and storage). Returns NaN when malformed. */
export function parseQuantity(q: string): number {
    const m = QUANTITY.exec(q);
    if (!m) {
        return NaN;
    }
    return Number(m[1]) * (BINARY_SUFFIX[m[3] ?? ""] ?? NaN);
}

/** A DNS-1123 label: the name of a VM, pool, disk or NIC. */
export function dnsLabel(example: string) {
    return z.string().refine((s) => s.length <= 63 && DNS_LABEL.test(s), {
        message: `is not a DNS label (lower-case letters, digits and "-", at most 63 characters); use e.g. "${example}"`,
    });
}

/** A DNS-1123 subdomain: the name of most Kubernetes objects. */
export function dnsSubdomain(example: string) {
    return z.string().refine((s) => s.length <= 253 && DNS_SUBDOMAIN.test(s), {
        message: `is not a valid Kubernetes object name (lower-case letters, digits, "-" and "."); use e.g. "${example}"`,
    });
}

/** A `namespace/name` reference to an existing object. */
export function namespacedRef(example: string) {
    return z.string().refine(
        (s) => {
            const parts = s.split("/");
            return (
                parts.length === 2 && DNS_LABEL.test(parts[0]) && parts[0].length <= 63 && DNS_SUBDOMAIN.test(parts[1])
            );
        },
        { message: `is not a "namespace/name" reference; use e.g. "${example}"` },
    );
}

/** A Kubernetes quantity; the message suggests the example. */
export function quantity(example: string) {
    return z.string().refine((s) => QUANTITY.test(s), {
        message: `is not a Kubernetes quantity; use e.g. "${example}"`,
    });
}

/** A whole number within bounds, with a message naming the bounds. */
export function intBetween(min: number, max: number, what = "a whole number") {
    return z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, {
        message: `must be ${what} from ${min} to ${max}`,
    });
}

const LABEL_NAME =
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** True for a valid Kubernetes label key (optional DNS prefix, name of at most 63 characters). */
export function isLabelKey(k: string): boolean {
    const name = k.includes("/") ? k.slice(k.indexOf("/") + 1) : k;
    return LABEL_NAME.test(k) && name.length <= 63;
}

/** True for a valid Kubernetes label value. */
export function isLabelValue(v: string): boolean {
    return LABEL_VALUE.test(v);
}

/** A map of Kubernetes labels; every bad key or value is reported at its own path. */
export function labelMap() {
    return z.record(z.string(), z.string()).superRefine((labels, ctx) => {
        for (const [k, v] of Object.entries(labels)) {
            if (!isLabelKey(k)) {
                ctx.addIssue({
                    code: "custom",
                    path: [k],
                    input: k,
                    message: `is not a valid label key; use e.g. "example.com/tier" or "tier"`,
                });
            } else if (typeof v === "string" && !isLabelValue(v)) {
                ctx.addIssue({
                    code: "custom",
                    path: [k],
                    input: v,
                    message: `is not a valid label value (at most 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric)`,
                });
            }
        }
    });
}

/** Reports duplicates of `key` within an array at `path[i].key`. */
export function noDuplicates<T>(
    items: ReadonlyArray<T> | undefined,
    key: (t: T) => unknown,
    field: string,
    ctx: z.RefinementCtx,
    basePath: PropertyKey[] = [],
): void {
    const seen = new Map<unknown, number>();
    (items ?? []).forEach((item, i) => {
        const k = item === undefined || item === null ? undefined : key(item);
        if (k === undefined) {
            return;
        }
        const first = seen.get(k);
        if (first !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: [...basePath, i, field],
                input: k,
                message: `is used twice (also at index ${first}); give each a unique ${field}`,
            });
        } else {
            seen.set(k, i);
        }
    });
}

/** A value that may hold a secret: checked without ever putting the value into a message. */
export function secretText(check: (s: string) => string | undefined) {
    return z
        .unknown()
        .superRefine((v, ctx) => {
            if (v === undefined) {
                return;
            }
            const reason = typeof v === "string" ? check(v) : "must be a string";
            if (reason !== undefined) {
                ctx.addIssue({ code: "custom", input: undefined, message: reason });
            }
        })
        .optional();
}

/**
 * Why a private SSH key cannot be used unattended (by `user`, e.g. "Flux"), or undefined. The key is never echoed.
 * The public half must be derivable locally (see sshPublicKeyOf).
 */
export function sshPrivateKeyProblem(k: string, user: string): string | undefined {
    const t = k.trim();
    const body = Buffer.from(t.replace(/-----[^-]+-----/g, ""), "base64").toString("latin1");
    if (/ENCRYPTED/.test(t) || (t.includes("OPENSSH PRIVATE KEY") && /aes\d+-(ctr|cbc)|aes\d+-gcm/.test(body))) {
        return `is protected by a passphrase, which ${user} cannot use here; remove it with \`ssh-keygen -p -N "" -f <key>\``;
    }
    if (
        !/^-----BEGIN ((OPENSSH|EC|RSA) )?PRIVATE KEY-----[\s\S]+-----END ((OPENSSH|EC|RSA) )?PRIVATE KEY-----$/.test(t)
    ) {
        return 'is not a PEM or OpenSSH private key; give the whole "-----BEGIN ... PRIVATE KEY-----" block';
    }
    const derived = sshPublicKeyOf(t);
    return "problem" in derived ? derived.problem : undefined;
}

/** A private SSH key given by the user: secret, checked locally, never echoed. */
export function sshPrivateKey(user: string) {
    return secretText((s) => sshPrivateKeyProblem(s, user));
}
