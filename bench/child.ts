// One measurement in a fresh process: `ts-node --transpile-only bench/child.ts <mode> <clusters> <outFile> [template]`.
// Modes: drover (FleetCluster x N), raw (the same objects as flat @pulumi/kubernetes resources, from a template),
// capture (drover x 1, writes the template), policy (drover x N, then every policy over what was registered).
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { performance } from "perf_hooks";
import { countingMocks, quiesce, Tally } from "./mocks";

type Mode = "drover" | "raw" | "capture" | "policy";

/** What a child reports to the runner. */
export interface ChildResult {
    mode: Mode;
    clusters: number;
    registrations: number;
    customResources: number;
    constructMs: number;
    /** CPU time (user + system, all threads) from the start to quiescence: less sensitive to a busy machine. */
    cpuMs: number;
    rssBeforeBytes: number;
    maxRssBytes: number;
    heapBeforeBytes: number;
    peakHeapBytes: number;
    types: Record<string, number>;
    policy?: { resources: number; resourceEvaluations: number; ms: number; violations: number; stackPolicies: number };
}

async function main(): Promise<void> {
    const [mode, n, outFile, template] = process.argv.slice(2) as [Mode, string, string, string | undefined];
    const clusters = Number(n);
    // Render mode warns once per cluster; keep the child's output clean (the warning is not what is measured).
    pulumi.log.warn = async () => undefined;
    const tally = await countingMocks(mode === "capture" || mode === "policy");
    const build = await loadBuilder(mode, template);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    const parents = new Map<string, string>();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    if (mode === "policy") {
        await pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((a) => {
                const p = a.opts.parent as unknown as { __pulumiType?: string; __name?: string } | undefined;
                if (p?.__pulumiType !== undefined) {
                    parents.set(`${a.type}::${a.name}`, `${p.__pulumiType}::${p.__name}`);
                }
                return undefined;
            });
            build(clusters);
            return {};
        });
    } else {
        build(clusters);
    }
    await quiesce(tally);
    const cpu = process.cpuUsage(cpuStart);
    const result: ChildResult = {
        mode,
        clusters,
        registrations: tally.count,
        customResources: tally.custom,
        constructMs: tally.lastAt - start,
        cpuMs: (cpu.user + cpu.system) / 1000,
        rssBeforeBytes: rssBefore,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        heapBeforeBytes: heapBefore,
        peakHeapBytes: tally.peakHeap,
        types: Object.fromEntries(tally.types),
    };
    if (mode === "capture") {
        const { toTemplate } = await import("./raw");
        fs.writeFileSync(template as string, JSON.stringify(toTemplate(tally.recorded)));
    }
    if (mode === "policy") {
        const { evaluatePolicies } = await import("./policy");
        result.policy = await evaluatePolicies(tally.recorded, parents);
    }
    fs.writeFileSync(outFile, JSON.stringify(result));
}

async function loadBuilder(mode: Mode, template: string | undefined): Promise<(clusters: number) => void> {
    if (mode === "raw") {
        const { buildRawFleet, readTemplate } = await import("./raw");
        const t = readTemplate(template as string);
        return (clusters) => buildRawFleet(t, clusters);
    }
    const { buildDroverFleet } = await import("./droverFleet");
    return buildDroverFleet;
}

export type { Tally };

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
