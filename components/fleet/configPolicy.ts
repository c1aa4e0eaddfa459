import * as fs from "fs";
import { InputProblem } from "../common/errors";

/**
 * Checks of `drover:policyConfig`: the CrossGuard config file the environment is previewed and deployed with
 * (`pulumi up --policy-pack policies --policy-pack-config <file>`). The program cannot make the CLI load a policy
 * pack, but it can refuse a file meant for another environment, or a relaxed one where enforcement is required.
 */
export function policyConfigProblems(
    file: string | undefined,
    shownAs: string | undefined,
    environment: string | undefined,
    requireMandatory: boolean,
): InputProblem[] {
    if (file === undefined) {
        return requireMandatory
            ? [
                  {
                      path: "policyConfig",
                      value: undefined,
                      reason: 'is required when requireMandatoryPolicies is true; give the policy pack\'s config file, e.g. "policies/config/prod.json"',
                  },
              ]
            : [];
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
        return [
            {
                path: "policyConfig",
                value: shownAs,
                reason: missing
                    ? `does not exist (looked for "${file}"); give a file of policies/config/`
                    : `is not a JSON policy config (${(e as Error).message})`,
            },
        ];
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        return [{ path: "policyConfig", value: shownAs, reason: "is not a JSON object of policy settings" }];
    }
    const problems: InputProblem[] = [];
    for (const [policy, settings] of Object.entries(parsed as Record<string, unknown>)) {
        const s = (settings ?? {}) as { environment?: unknown; enforcementLevel?: unknown };
        if (s.environment !== undefined && environment !== undefined && s.environment !== environment) {
            problems.push({
                path: "policyConfig",
                value: shownAs,
                reason: `sets environment ${JSON.stringify(s.environment)} for ${policy}, but this stack's environment is ${JSON.stringify(environment)}; use the file of this environment`,
            });
            break;
        }
    }
    if (requireMandatory) {
        const relaxed = Object.entries(parsed as Record<string, { enforcementLevel?: unknown }>)
            .filter(([, s]) => s?.enforcementLevel !== undefined && s.enforcementLevel !== "mandatory")
            .map(([name]) => name);
        if (relaxed.length > 0) {
            problems.push({
                path: "policyConfig",
                value: shownAs,
                reason: `does not make every policy mandatory (${relaxed.join(", ")}), but requireMandatoryPolicies is true; use a file with every policy mandatory`,
            });
        }
    }
    return problems;
}
