import { z } from "zod";

/**
 * Why required fields are declared optional in drover's RKE2 schemas and checked here instead: zod skips an
 * object's refinements once a required field is missing, and `validateArgs` presents a value that is unknown
 * until deployment (an Output, or a resource such as a HarvesterImage) as missing. Declaring the field required
 * would therefore switch off every cross-field rule whenever, say, the image is a HarvesterImage. Checked here,
 * a truly missing field is still reported, and a missing-because-unknown one is dropped by `collectProblems`.
 */

/** Says why a required argument is needed, or just that it is. */
export const REQUIRED_MESSAGES = {
    version: 'is required; pin a release, e.g. "v1.31.4+rke2r1"',
    registrationAddress:
        'is required; give the fixed address every node joins through (a VIP, DNS name or load balancer address), e.g. "10.10.0.10"',
} as const;

/** Adds an "is required" issue for every listed field that is absent from `obj`. */
export function requireFields(
    obj: object | undefined,
    ctx: z.RefinementCtx,
    base: PropertyKey[],
    fields: readonly string[],
): void {
    const o = (obj ?? {}) as Record<string, unknown>;
    for (const f of fields) {
        if (o[f] === undefined) {
            const message = (REQUIRED_MESSAGES as Record<string, string>)[f] ?? "is required";
            ctx.addIssue({ code: "custom", path: [...base, f], input: undefined, message });
        }
    }
}
