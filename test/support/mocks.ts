import * as pulumi from "@pulumi/pulumi";

/** One resource the program registered, as the mocks saw it. */
export interface RecordedResource {
    type: string;
    name: string;
    inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    provider?: string;
    id?: string;
    custom: boolean;
}

/** What Harvester would write into an object's status, keyed by the mock's resource type. */
export type StatusFaker = (r: RecordedResource) => Record<string, unknown> | undefined;

/** Harvester's behaviour for the objects drover reads back: the image's storage class. */
export const harvesterStatus: StatusFaker = (r) => {
    if (r.type === "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage") {
        const name = (r.inputs.metadata?.name as string | undefined) ?? r.id?.split("/")[1] ?? r.name;
        return { status: { storageClassName: `longhorn-${name}` } };
    }
    return undefined;
};

/**
 * Installs Pulumi mocks that record every registered resource (components too) in order, and returns the list.
 * Call before importing the module under test.
 */
export async function recordResources(
    options: { status?: StatusFaker; preview?: boolean; stack?: string } = {},
): Promise<RecordedResource[]> {
    const recorded: RecordedResource[] = [];
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
                const extra = options.status?.(r) ?? {};
                return { id: args.id ?? `${args.name}-id`, state: { ...args.inputs, ...extra } };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                return args.inputs;
            },
        },
        "drover",
        options.stack ?? "test",
        options.preview ?? false,
    );
    return recorded;
}

/** Resolves an Output's value in a mock test (undefined while unknown). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** True when the Output is marked secret. */
export function isSecret<T>(o: pulumi.Output<T>): Promise<boolean> {
    return pulumi.isSecret(o);
}

/** Waits until every pending registration has reached the mocks. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
        await new Promise((r) => setImmediate(r));
    }
}

/** The recorded resources of one type. */
export function ofType(recorded: RecordedResource[], type: string): RecordedResource[] {
    return recorded.filter((r) => r.type === type);
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** True when a mock input value arrived wrapped as a secret. */
export function isSecretValue(v: unknown): boolean {
    return typeof v === "object" && v !== null && SECRET_SIG in v;
}

/** Unwraps secret-wrapped mock inputs, deeply, to read their plain values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function unwrapSecrets(v: unknown): any {
    if (isSecretValue(v)) {
        return unwrapSecrets((v as { value: unknown }).value);
    }
    if (Array.isArray(v)) {
        return v.map(unwrapSecrets);
    }
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    }
    return v;
}
