import * as pulumi from "@pulumi/pulumi";

/**
 * Cheap Output plumbing for the hot paths (a fleet builds thousands of VMs).
 *
 * `pulumi.all(tree).apply(f)` wraps every Output it meets in a new Output and builds one more Output for every
 * object or array on the way that holds one; each of those costs the SDK a few dozen promises, and promises (with
 * the garbage they leave) are most of what building a fleet under Pulumi costs. {@link applyTree} gives the same
 * result (value, secretness, known-ness and the resources it depends on are those of the Outputs in the tree) from
 * one flat `pulumi.all` over just the Outputs and Promises found in the tree, a plain `apply` when there is one, and
 * `pulumi.output` of `f`'s result, computed at once, when there is none.
 */

/** Marks where an Output or Promise was taken out of a tree. */
class Hole {
    constructor(readonly index: number) {}
}

function isInputPromise(v: unknown): v is Promise<unknown> {
    return v instanceof Promise;
}

/**
 * Copies a tree as `pulumi.output` would walk it (arrays and objects are copied, resources are kept as they are),
 * replacing each Output and Promise with a {@link Hole} and collecting it in `leaves`.
 */
function carve(v: unknown, leaves: unknown[]): unknown {
    if (v === null || typeof v !== "object" || pulumi.Resource.isInstance(v)) {
        return v;
    }
    if (pulumi.Output.isInstance(v) || isInputPromise(v)) {
        leaves.push(v);
        return new Hole(leaves.length - 1);
    }
    if (Array.isArray(v)) {
        return v.map((x) => carve(x, leaves));
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
        out[k] = carve((v as Record<string, unknown>)[k], leaves);
    }
    return out;
}

/** The carved tree with every hole filled from `values`. */
function fill(v: unknown, values: readonly unknown[]): unknown {
    if (v instanceof Hole) {
        return values[v.index];
    }
    if (v === null || typeof v !== "object" || pulumi.Resource.isInstance(v)) {
        return v;
    }
    if (Array.isArray(v)) {
        return v.map((x) => fill(x, values));
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
        out[k] = fill((v as Record<string, unknown>)[k], values);
    }
    return out;
}

/** `f` of the carved tree: now when there is nothing to wait for, else once its Outputs and Promises resolve. */
function lift<T, U>(tree: T, f: (value: pulumi.Unwrap<T>) => U): { now: U } | { later: pulumi.Output<U> } {
    const leaves: unknown[] = [];
    const carved = carve(tree, leaves);
    const run = (values: readonly unknown[]) => f(fill(carved, values) as pulumi.Unwrap<T>);
    if (leaves.length === 0) {
        return { now: run([]) };
    }
    const only = leaves[0] as pulumi.Output<unknown>;
    if (leaves.length === 1 && pulumi.Output.isInstance(only)) {
        return { later: only.apply((v) => run([v])) as pulumi.Output<U> };
    }
    return { later: pulumi.all(leaves).apply((values) => run(values)) as pulumi.Output<U> };
}

/**
 * `pulumi.all(tree).apply(f)`, built from one flat `pulumi.all` over the tree's Outputs and Promises (a single
 * Output is applied directly). `f` must not return an Output that holds the tree's own values unresolved.
 */
export function applyTree<T, U>(tree: T, f: (value: pulumi.Unwrap<T>) => U): pulumi.Output<U> {
    const r = lift(tree, f);
    // With nothing to wait for, the value is known, not secret and depends on no resource, as `pulumi.all` gives.
    return "now" in r ? (pulumi.output(r.now) as pulumi.Output<U>) : r.later;
}

/** `pulumi.all(tree)` by {@link applyTree}. */
export function resolveTree<T>(tree: T): pulumi.Output<pulumi.Unwrap<T>> {
    return applyTree(tree, (v) => v);
}

/**
 * `f` of the tree, computed now and left plain when the tree holds no Output or Promise (a plain resource input
 * registers exactly as a known, non-secret Output of it would, and costs nothing to resolve); otherwise
 * {@link applyTree}.
 */
export function mapInputs<T, U>(tree: T, f: (value: pulumi.Unwrap<T>) => U): pulumi.Input<U> {
    const r = lift(tree, f);
    return "now" in r ? r.now : r.later;
}

/** `f` of a value that is plain or an Output: plain stays plain (see {@link mapInputs}). */
export function mapInput<T, U>(v: pulumi.Input<T>, f: (value: pulumi.Unwrap<T>) => U): pulumi.Input<U> {
    return mapInputs(v, f as (value: pulumi.Unwrap<pulumi.Input<T>>) => U);
}

/** An Input as an Output: an Output as it is (not wrapped again), anything else by `pulumi.output`. */
export function outputOf<T>(v: pulumi.Input<T>): pulumi.Output<pulumi.Unwrap<T>> {
    return pulumi.Output.isInstance(v) ? (v as pulumi.Output<pulumi.Unwrap<T>>) : pulumi.output(v);
}
