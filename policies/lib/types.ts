import { ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";

/**
 * Metadata every drover policy carries next to its code. All fields are standard @pulumi/policy fields, so the
 * engine and Pulumi Cloud show them; a unit test checks that each policy fills them in.
 */
export interface DroverPolicyMetadata {
    /** Short human name. */
    displayName: string;
    /** How bad a violation is: `low`, `medium`, `high` or `critical`. */
    severity: Severity;
    /** Topics, e.g. `["harvester", "availability"]`; the first is the area (`harvester`, `rke2`, `kubernetes`, ...). */
    tags: string[];
    /** Link to the upstream rule or documentation the policy enforces. */
    url: string;
    /** What to change when the policy fires. */
    remediationSteps: string;
}

/** A resource policy with drover's required metadata. */
export type DroverResourcePolicy = ResourceValidationPolicy & DroverPolicyMetadata;

/** A stack policy with drover's required metadata. */
export type DroverStackPolicy = StackValidationPolicy & DroverPolicyMetadata;

/** Any drover policy. */
export type DroverPolicy = DroverResourcePolicy | DroverStackPolicy;
