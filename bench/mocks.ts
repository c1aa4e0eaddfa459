import * as pulumi from "@pulumi/pulumi";
import { performance } from "perf_hooks";
import { fleetStatus } from "../test/components/fleet/support";
import { RecordedResource } from "../test/support/mocks";

/** What the benchmark mocks saw: every registration, and when the last one arrived. */
export interface Tally {
    count: number;
    custom: number;
    lastAt: number;
    peakHeap: number;
    types: Map<string, number>;
    /** Filled only when recording is on. */
    recorded: RecordedResource[];
}

/** Installs Pulumi mocks that count every registration (components too), echoing inputs as state. */
export async function countingMocks(record: boolean): Promise<Tally> {
    const tally: Tally = { count: 0, custom: 0, lastAt: 0, peakHeap: 0, types: new Map(), recorded: [] };
    const status = fleetStatus();
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                tally.count++;
                tally.lastAt = performance.now();
                if (args.custom ?? true) {
                    tally.custom++;
                }
                tally.types.set(args.type, (tally.types.get(args.type) ?? 0) + 1);
                if (tally.count % 200 === 0) {
                    tally.peakHeap = Math.max(tally.peakHeap, process.memoryUsage().heapUsed);
                }
                const r: RecordedResource = {
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    provider: args.provider,
                    custom: args.custom ?? true,
                };
                if (record) {
                    tally.recorded.push(r);
                }
                return { id: `${args.name}-id`, state: { ...args.inputs, ...(status(r) ?? {}) } };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                return args.inputs;
            },
        },
        "drover",
        "bench",
        false,
    );
    return tally;
}

/** Resolves once no registration is pending and the count stayed the same for `quietMs`. */
export async function quiesce(tally: Tally, quietMs = 100): Promise<void> {
    // Internal to the SDK (what `pulumi up` awaits before disconnecting), as test/stacks/support/runStack.ts uses it.
    const settings = (await import("@pulumi/pulumi/runtime/settings")) as unknown as { waitForRPCs(): Promise<void> };
    let last = -1;
    while (last !== tally.count) {
        last = tally.count;
        await settings.waitForRPCs();
        await new Promise((r) => setTimeout(r, quietMs));
    }
    tally.peakHeap = Math.max(tally.peakHeap, process.memoryUsage().heapUsed);
}
