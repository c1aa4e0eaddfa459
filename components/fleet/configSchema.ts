import { z } from "zod";
import { InputProblem } from "../common/errors";
import { dnsLabel } from "../common/rules";
import { CONFIG_SECRET_NAMES } from "./configSecrets";

/** The project config namespace: keys are `drover:<name>`. */
export const CONFIG_NAMESPACE = "drover";

/** Keys whose values are structured (YAML maps and lists, passed to the program as JSON text). */
const STRUCTURED = ["rancher", "flux", "clusters"] as const;
const BOOLEAN = ["requireMandatoryPolicies"] as const;

/** A stack name as `pulumi stack select` takes it: `stack`, `project/stack` or `org/project/stack`. */
const STACK_REF = /^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;

const block = (example: string) =>
    z.record(z.string(), z.unknown(), {
        error: (iss) => (iss.input === undefined ? undefined : `must be a map of settings, e.g. ${example}`),
    });

/** The top-level keys of the environment's configuration (`drover:<key>`). Parts are checked by their own schemas. */
export const topLevelSchema = z.strictObject({
    environment: dnsLabel("prod"),
    policyConfig: z.string().optional(),
    requireMandatoryPolicies: z.boolean().optional(),
    renderDirectory: z.string().optional(),
    platformStack: z
        .string()
        .refine((s) => STACK_REF.test(s), {
            message: 'is not a stack name; use "<organization>/<project>/<stack>", e.g. "organization/platform/prod"',
        })
        .optional(),
    rancher: block("{ caChecksum: ... }").optional(),
    flux: block("{ gitUrl: ..., knownHosts: ..., version: ... }").optional(),
    clusters: z
        .array(z.unknown(), {
            error: (iss) =>
                iss.input === undefined
                    ? "is required: list the environment's clusters, e.g. [{ name: prod-a, namespace: fleet-prod, ... }]"
                    : "must be a list of clusters",
        })
        .min(1, { message: "must list at least one cluster" }),
    ...Object.fromEntries(CONFIG_SECRET_NAMES.map((k) => [k, z.string().optional()])),
});

/** The keys of one `clusters[i]` entry. */
export const CLUSTER_KEYS = [
    "name",
    "namespace",
    "image",
    "imageRef",
    "network",
    "networkRef",
    "secureBoot",
    "rke2",
    "rancher",
    "flux",
] as const;

/** The values of the `drover:` keys, decoded: JSON for structured keys, booleans, and "" (a default) as unset. */
export function decodeConfig(config: Record<string, unknown>): {
    values: Record<string, unknown>;
    problems: InputProblem[];
} {
    const values: Record<string, unknown> = {};
    const problems: InputProblem[] = [];
    const prefix = `${CONFIG_NAMESPACE}:`;
    for (const [key, raw] of Object.entries(config)) {
        if (!key.startsWith(prefix)) {
            continue;
        }
        const name = key.slice(prefix.length);
        if (raw === "" || raw === undefined) {
            continue;
        }
        if ((STRUCTURED as readonly string[]).includes(name) && typeof raw === "string") {
            try {
                values[name] = JSON.parse(raw);
            } catch (e) {
                problems.push({
                    path: name,
                    value: undefined,
                    reason: `is not valid structured configuration (${(e as Error).message})`,
                });
            }
        } else if ((BOOLEAN as readonly string[]).includes(name) && (raw === "true" || raw === "false")) {
            values[name] = raw === "true";
        } else {
            values[name] = raw;
        }
    }
    // The project defaults of the maps are empty maps: the same as not set.
    for (const k of ["rancher", "flux"]) {
        const v = values[k];
        if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) {
            delete values[k];
        }
    }
    return { values, problems };
}
