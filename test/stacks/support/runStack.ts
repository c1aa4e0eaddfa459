import * as pulumi from "@pulumi/pulumi";
import { RecordedResource } from "../../support/mocks";
import { fleetStatus } from "../../components/fleet/support";

export { RANCHER_CLUSTER_ID } from "../../components/fleet/support";
import type * as programModule from "../../../stacks/program";
import type { StackOutputs } from "../../../stacks/outputs";
import { asStackTransformation } from "../../../stacks/render";
import { programConfig } from "./stackConfig";

/** Fake values of the `drover:` secrets, as `pulumi config set --secret` would store them. */
export const FAKE_SECRETS = {
    "drover:harvesterKubeconfig":
        "apiVersion: v1\nkind: Config\nclusters: [{name: h, cluster: {server: https://harvester.example.internal:6443}}]\nusers: [{name: u, user: {token: harvester-t0ken}}]\n",
    "drover:rancherKubeconfig":
        "apiVersion: v1\nkind: Config\nclusters: [{name: r, cluster: {server: https://rancher.example.internal:6443}}]\nusers: [{name: u, user: {token: rancher-t0ken}}]\n",
    "drover:etcdS3AccessKey": "etcd-access-key-1234",
    "drover:etcdS3SecretKey": "etcd-s3-secret-5678",
    "drover:registryPassword": "registry-pa55word",
} as const;

/** The secrets each shipped stack needs (see the comment block at the top of its file). */
export const STACK_SECRETS: Record<string, Array<keyof typeof FAKE_SECRETS>> = {
    dev: ["drover:harvesterKubeconfig", "drover:rancherKubeconfig"],
    staging: [
        "drover:harvesterKubeconfig",
        "drover:rancherKubeconfig",
        "drover:etcdS3AccessKey",
        "drover:etcdS3SecretKey",
        "drover:registryPassword",
    ],
    prod: [
        "drover:harvesterKubeconfig",
        "drover:rancherKubeconfig",
        "drover:etcdS3AccessKey",
        "drover:etcdS3SecretKey",
        "drover:registryPassword",
    ],
    local: [],
};

/** A resource's place in the tree: its parent's type and name. */
export interface Parentage {
    type: string;
    name: string;
    parentType?: string;
    parentName?: string;
}

export interface StackRun {
    recorded: RecordedResource[];
    /** The stack outputs as the program returned them (Outputs, so their secretness can be checked). */
    outputs: StackOutputs;
    parents: Parentage[];
    /** Transforms the program registered stack-wide (applied here through an SDK-side stack transformation). */
    transforms: pulumi.ResourceTransform[];
    /** What the program threw, if it threw. */
    error?: unknown;
}

export interface RunOptions {
    /** Config values (`drover:key` → value) replacing the stack file's, before project defaults are applied. */
    config?: Record<string, unknown>;
    /** Secret keys and their values; default: the stack's STACK_SECRETS with FAKE_SECRETS. */
    secrets?: Record<string, string>;
    /** Keys and values set in plain text (`pulumi config set` without --secret). */
    plain?: Record<string, string>;
    /** Keys of `config` that are secret too (e.g. a structured key set with --secret). */
    extraSecretKeys?: string[];
    /** Outputs of the platform stack a StackReference reads. */
    platformOutputs?: Record<string, string>;
    preview?: boolean;
}

/** The values of a stack file, with config overrides applied (undefined deletes a key). */
export function withOverrides(
    base: Record<string, unknown>,
    overrides: Record<string, unknown> = {},
): Record<string, unknown> {
    const out = { ...base };
    for (const [k, v] of Object.entries(overrides)) {
        if (v === undefined) {
            delete out[k];
        } else {
            out[k] = v;
        }
    }
    return out;
}

async function quiesce(recorded: RecordedResource[]): Promise<void> {
    // Internal to the SDK (it is what `pulumi up` awaits before disconnecting): resolves once no registration is pending.
    const settings = (await import("@pulumi/pulumi/runtime/settings")) as unknown as { waitForRPCs(): Promise<void> };
    const waitForRPCs = () => settings.waitForRPCs();
    let last = -1;
    while (last !== recorded.length) {
        last = recorded.length;
        await waitForRPCs();
        await new Promise((r) => setTimeout(r, 20));
    }
}

/** Runs the stack program and fails the test with the program's error, if it threw one. */
export async function runStackOk(
    stack: string,
    base: Record<string, unknown>,
    opts: RunOptions = {},
): Promise<StackRun> {
    const run = await runStack(stack, base, opts);
    if (run.error !== undefined) {
        throw run.error;
    }
    return run;
}

/**
 * Runs the stack program as `pulumi up -s <stack>` would, under mocks: the stack file plus project defaults as
 * config, the secrets as secret keys, inside a root Stack resource. Every registration is recorded with its parent.
 */
export async function runStack(stack: string, base: Record<string, unknown>, opts: RunOptions = {}): Promise<StackRun> {
    const recorded: RecordedResource[] = [];
    const status = fleetStatus(opts.platformOutputs ?? {});
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const r: RecordedResource = {
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    provider: args.provider,
                    id: args.id,
                    custom: args.custom ?? true,
                };
                recorded.push(r);
                return { id: args.id ?? `${args.name}-id`, state: { ...args.inputs, ...(status(r) ?? {}) } };
            },
            call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
        },
        "drover",
        stack,
        opts.preview ?? false,
    );
    const secrets = opts.secrets ?? Object.fromEntries((STACK_SECRETS[stack] ?? []).map((k) => [k, FAKE_SECRETS[k]]));
    const config = { ...programConfig(stack, withOverrides(base, opts.config)), ...secrets, ...(opts.plain ?? {}) };
    pulumi.runtime.setAllConfig(config, [...Object.keys(secrets), ...(opts.extraSecretKeys ?? [])]);

    const program: typeof programModule = await import("../../../stacks/program");
    const parents: Parentage[] = [];
    const transforms: pulumi.ResourceTransform[] = [];
    let outputs: StackOutputs | undefined;
    let failure: unknown;
    await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation((a) => {
            const parent = a.opts.parent as unknown as { __pulumiType?: string; __name?: string } | undefined;
            parents.push({ type: a.type, name: a.name, parentType: parent?.__pulumiType, parentName: parent?.__name });
            return undefined;
        });
        try {
            outputs = program.runStack({
                registerTransform: (t) => {
                    transforms.push(t);
                    // Mocks do not run engine-side transforms; apply it in the SDK, as the program does on old hosts.
                    pulumi.runtime.registerStackTransformation(asStackTransformation(t));
                },
            });
        } catch (e) {
            // The root Stack resource would turn this into an unhandled rejection; rethrown below.
            failure = e;
        }
        return (outputs ?? {}) as unknown as Record<string, unknown>;
    });
    await quiesce(recorded);
    return {
        recorded,
        outputs: outputs as StackOutputs,
        parents,
        transforms,
        ...(failure !== undefined ? { error: failure } : {}),
    };
}
