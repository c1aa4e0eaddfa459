import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../policies/policies";
import { runStackPolicy, settleResourcePolicy, StackResourceInput } from "../test/policies/support/harness";
import { RecordedResource, unwrapSecrets } from "../test/support/mocks";

type PolicyConfig = Record<string, Record<string, unknown>>;

/** What evaluating the pack over a fleet cost. */
export interface PolicyCost {
    resources: number;
    resourceEvaluations: number;
    ms: number;
    violations: number;
    stackPolicies: number;
}

/**
 * Runs every policy over the recorded resources as test/stacks/support/policyRun.ts does (prod config): each resource
 * policy's validateResource on every resource, each stack policy once over all of them with their parents. Only the
 * evaluation is timed; unwrapping the mocks' secrets and building the inputs is done before.
 */
export async function evaluatePolicies(
    recorded: RecordedResource[],
    parents: Map<string, string>,
): Promise<PolicyCost> {
    const config = JSON.parse(
        fs.readFileSync(path.join(__dirname, "../policies/config/prod.json"), "utf8"),
    ) as PolicyConfig;
    const resources = recorded.map((r) => ({
        type: r.type,
        name: `${r.type}::${r.name}`,
        props: unwrapSecrets(r.inputs) as Record<string, unknown>,
    }));
    const stackInputs: StackResourceInput[] = resources.map((r) => {
        const parent = parents.get(r.name);
        return parent !== undefined ? { ...r, parent } : r;
    });
    let violations = 0;
    let evaluations = 0;
    let stackPolicies = 0;
    const start = performance.now();
    for (const policy of policies) {
        const { enforcementLevel: _level, ...settings } = config[policy.name] ?? {};
        if ("validateResource" in policy) {
            for (const r of resources) {
                const o = await settleResourcePolicy(policy as ResourceValidationPolicy, { ...r, config: settings });
                if (o.error !== undefined) {
                    throw new Error(`${policy.name} failed on ${r.name}: ${String(o.error)}`);
                }
                violations += o.violations.length;
                evaluations++;
            }
        } else {
            const o = await runStackPolicy(policy as StackValidationPolicy, stackInputs, settings);
            if (o.error !== undefined) {
                throw new Error(`${policy.name} failed: ${String(o.error)}`);
            }
            violations += o.violations.length;
            stackPolicies++;
        }
    }
    const ms = performance.now() - start;
    return { resources: resources.length, resourceEvaluations: evaluations, ms, violations, stackPolicies };
}
