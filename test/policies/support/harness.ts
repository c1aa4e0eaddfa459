import {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";

/**
 * Runs policy objects the way @pulumi/policy's analyzer does (server.ts makeAnalyzeRpcFun / makeAnalyzeStackRpcFun):
 * props behind `unknownCheckingProxy`, a collecting `reportViolation`, `getConfig` returning the given config and
 * `notApplicable` throwing a marker. Pattern from pulumi/compliance-policies unit-test-helpers, with `stackTags` and
 * `notApplicable` added.
 */

/** Sentinels the engine sends for values unknown during preview (@pulumi/policy proxy.ts). */
export const UNKNOWN = {
    string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

class NotApplicable extends Error {
    constructor(readonly reason: string | undefined) {
        super(reason ?? "not applicable");
    }
}

/** What one run of a policy produced. */
export interface Outcome {
    violations: string[];
    /** The reason given to `notApplicable`, when the policy called it. */
    notApplicable?: string;
}

/** A resource as a resource policy sees it. */
export interface ResourceInput {
    type: string;
    props: Record<string, unknown>;
    config?: Record<string, unknown>;
    name?: string;
}

function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::drover::${type}::${name}`;
}

/** What a run produced, including an error a validation threw (e.g. UnknownValueError during preview). */
export interface SettledOutcome extends Outcome {
    error?: unknown;
}

/**
 * Runs every validation of a resource policy and keeps what was reported before any error, as the analyzer does:
 * violations reported before an UnknownValueError keep their level, and the error becomes an advisory note.
 */
export async function settleResourcePolicy(
    policy: ResourceValidationPolicy,
    input: ResourceInput,
): Promise<SettledOutcome> {
    const name = input.name ?? "fixture";
    const props = unknownCheckingProxy(input.props) as Record<string, unknown>;
    const args: ResourceValidationArgs = {
        type: input.type,
        props,
        urn: urnOf(input.type, name),
        name,
        opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: zero },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => (input.config ?? {}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    const violations: string[] = [];
    const validations = policy.validateResource;
    try {
        for (const validate of Array.isArray(validations) ? validations : validations ? [validations] : []) {
            await validate(args, (message) => violations.push(message));
        }
    } catch (e) {
        if (e instanceof NotApplicable) {
            return { violations, notApplicable: e.reason };
        }
        return { violations, error: e };
    }
    return { violations };
}

/** Runs every validation of a resource policy; an UnknownValueError or other error propagates. */
export async function runResourcePolicy(policy: ResourceValidationPolicy, input: ResourceInput): Promise<Outcome> {
    const { error, ...outcome } = await settleResourcePolicy(policy, input);
    if (error !== undefined) {
        throw error;
    }
    return outcome;
}

const zero = { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 };

/** A resource in a fake stack; `parent` names another resource of the same list. */
export interface StackResourceInput {
    type: string;
    name: string;
    props: Record<string, unknown>;
    parent?: string;
}

/** One violation a stack policy reported. */
export interface StackViolation {
    message: string;
    urn?: string;
}

/** Runs a stack policy over fake resources; an error a validation threw is returned, not thrown. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    inputs: StackResourceInput[],
    config: Record<string, unknown> = {},
): Promise<{ violations: StackViolation[]; notApplicable?: string; error?: unknown }> {
    const resources = new Map<string, PolicyResource>();
    for (const r of inputs) {
        resources.set(r.name, {
            type: r.type,
            name: r.name,
            urn: urnOf(r.type, r.name),
            props: unknownCheckingProxy(r.props) as Record<string, unknown>,
            opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: zero },
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        });
    }
    for (const r of inputs) {
        if (r.parent !== undefined) {
            resources.get(r.name)!.parent = resources.get(r.parent);
        }
    }
    const args: StackValidationArgs = {
        resources: [...resources.values()],
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    const violations: StackViolation[] = [];
    try {
        await policy.validateStack(args, (message, urn) => violations.push(urn ? { message, urn } : { message }));
    } catch (e) {
        if (e instanceof NotApplicable) {
            return { violations, notApplicable: e.reason };
        }
        return { violations, error: e };
    }
    return { violations };
}

/** The URN the harness gives a resource. */
export function testUrn(type: string, name: string): string {
    return urnOf(type, name);
}

/**
 * A deep copy of `obj` with one field changed: `path` is a list of keys and indexes; `undefined` deletes the field.
 * Missing objects along the path are created.
 */
export function changed<T>(obj: T, path: ReadonlyArray<string | number>, value: unknown): T {
    // A JSON copy, not structuredClone: under Jest, structuredClone builds objects of the host realm, which fail
    // the `instanceof Object` test of unknownCheckingProxy and would silently escape the proxy.
    const copy = JSON.parse(JSON.stringify(obj)) as Record<string | number, unknown>;
    let node: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) {
        if (node[key] === undefined || node[key] === null) {
            node[key] = {};
        }
        node = node[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1];
    if (value === undefined) {
        if (Array.isArray(node) && typeof last === "number") {
            node.splice(last, 1);
        } else {
            delete node[last];
        }
    } else {
        node[last] = value;
    }
    return copy as unknown as T;
}
