import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../../policies/policies";
import { runStackPolicy, settleResourcePolicy, StackResourceInput } from "../../policies/support/harness";
import { unwrapSecrets } from "../../support/mocks";
import { StackRun } from "./runStack";
import { ROOT } from "./stackConfig";

/** One violation a policy reported on a stack's resources. */
export interface Finding {
    policy: string;
    level: string;
    resource: string;
    message: string;
}

type PolicyConfigFile = Record<string, { enforcementLevel?: string } & Record<string, unknown>>;

/** policies/config/<file>.json. */
export function policyConfigFile(file: string): PolicyConfigFile {
    return JSON.parse(fs.readFileSync(path.join(ROOT, "policies/config", file), "utf8")) as PolicyConfigFile;
}

function key(type: string, name: string): string {
    return `${type}::${name}`;
}

/**
 * Runs every policy of the pack over what a stack registered, the way the analyzer would during `pulumi up` (values
 * known): resource policies on each resource's inputs (components included, secrets unwrapped as the analyzer sees
 * them), stack policies once over all of them with their parents. Each policy gets its settings from the config file.
 */
export async function findings(run: StackRun, config: PolicyConfigFile): Promise<Finding[]> {
    const out: Finding[] = [];
    const resources = run.recorded.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const parentOf = new Map(run.parents.map((p) => [key(p.type, p.name), p]));
    for (const policy of policies) {
        const { enforcementLevel, ...settings } = config[policy.name] ?? {};
        const level = enforcementLevel ?? config.all?.enforcementLevel ?? "mandatory";
        if ("validateResource" in policy) {
            for (const r of resources) {
                const o = await settleResourcePolicy(policy as ResourceValidationPolicy, {
                    type: r.type,
                    name: r.name,
                    props: unwrapSecrets(r.inputs) as Record<string, unknown>,
                    config: settings,
                });
                if (o.error !== undefined) {
                    throw new Error(`${policy.name} failed on ${r.type} ${r.name}: ${String(o.error)}`);
                }
                out.push(
                    ...o.violations.map((message) => ({
                        policy: policy.name,
                        level,
                        resource: `${r.type} ${r.name}`,
                        message,
                    })),
                );
            }
        } else {
            const inputs: StackResourceInput[] = resources.map((r) => {
                const p = parentOf.get(key(r.type, r.name));
                return {
                    type: r.type,
                    name: key(r.type, r.name),
                    props: unwrapSecrets(r.inputs) as Record<string, unknown>,
                    ...(p?.parentType !== undefined ? { parent: key(p.parentType, p.parentName as string) } : {}),
                };
            });
            const o = await runStackPolicy(policy as StackValidationPolicy, inputs, settings);
            if (o.error !== undefined) {
                throw new Error(`${policy.name} failed: ${String(o.error)}`);
            }
            out.push(
                ...o.violations.map((v) => ({
                    policy: policy.name,
                    level,
                    resource: v.urn ?? "stack",
                    message: v.message,
                })),
            );
        }
    }
    return out;
}
