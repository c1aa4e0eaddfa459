import { DroverResourcePolicy, DroverStackPolicy } from "../../../policies/lib/types";
import { StackResourceInput, StackViolation } from "../support/harness";

/** One row of a resource-policy table: a fixture with one field changed and exactly what the policy reports. */
export interface ResourceCase {
    policy: DroverResourcePolicy;
    /** The behaviour, e.g. "flags an even server count". */
    name: string;
    type: string;
    props: Record<string, unknown>;
    config?: Record<string, unknown>;
    /** Every violation message, in order; empty for a passing fixture. */
    violations: string[];
    /** The exact reason when the policy must declare itself not applicable. */
    notApplicable?: string;
}

/** One row of a stack-policy table. */
export interface StackCase {
    policy: DroverStackPolicy;
    name: string;
    resources: StackResourceInput[];
    config?: Record<string, unknown>;
    violations: StackViolation[];
}
