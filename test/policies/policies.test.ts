import { policies } from "../../policies/policies";
import { DroverResourcePolicy, DroverStackPolicy } from "../../policies/lib/types";
import { fluxRancherCases } from "./cases/fluxRancher";
import { harvesterCases } from "./cases/harvester";
import { rbacConfigMapCases } from "./cases/rbacConfigMap";
import { rke2Cases } from "./cases/rke2";
import { settingsCases, stackCases as namespaceCases } from "./cases/stack";
import { workloadCases, workloadEdgeCases } from "./cases/workloads";
import { ResourceCase, StackCase } from "./cases/types";
import { runResourcePolicy, runStackPolicy } from "./support/harness";

const resourceCases: ResourceCase[] = [
    ...harvesterCases,
    ...rke2Cases,
    ...fluxRancherCases,
    ...workloadCases,
    ...workloadEdgeCases,
    ...rbacConfigMapCases,
    ...settingsCases,
];
const stackCases: StackCase[] = [...namespaceCases];

describe.each(policies.map((p) => [p.name, p] as const))("%s", (name, policy) => {
    const own = resourceCases.filter((c) => c.policy === policy);
    const ownStack = stackCases.filter((c) => c.policy === policy);

    it("has a passing and a failing fixture", () => {
        const outcomes = [
            ...own.map((c) => ({ fails: c.violations.length > 0, applies: c.notApplicable === undefined })),
            ...ownStack.map((c) => ({ fails: c.violations.length > 0, applies: true })),
        ];
        expect(outcomes.some((o) => o.fails)).toBe(true);
        expect(outcomes.some((o) => !o.fails && o.applies)).toBe(true);
    });

    if (own.length > 0) {
        it.each(own.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
            const outcome = await runResourcePolicy(policy as DroverResourcePolicy, c);
            expect(outcome).toEqual(
                c.notApplicable === undefined
                    ? { violations: c.violations }
                    : { violations: c.violations, notApplicable: c.notApplicable },
            );
        });
    }
    if (ownStack.length > 0) {
        it.each(ownStack.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
            const outcome = await runStackPolicy(policy as DroverStackPolicy, c.resources, c.config);
            expect(outcome).toEqual({ violations: c.violations });
        });
    }
    void name;
});
