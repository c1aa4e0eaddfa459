// `npm run bench`: every figure of issue 10 that runs without the real engine, each N in a fresh child process.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ChildResult } from "./child";
import { fleetSeries, scalingPlot } from "./plot";
import { ratio, Row, table, verdict } from "./stats";

const SIZES = [1, 10, 100];
const POLICY_SIZE = 100;
const TARGETS = { ms100: 5000, scaling: 11, overhead: 1.25, policyMsPerResource: 0.2 };
const OUT = __dirname;
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "drover-bench-"));
const TEMPLATE = path.join(WORK, "template.json");

function child(mode: string, clusters: number): ChildResult {
    const out = path.join(WORK, `${mode}-${clusters}.json`);
    const args = [
        "-r",
        path.join(OUT, "register.js"),
        path.join(OUT, "child.ts"),
        mode,
        String(clusters),
        out,
        TEMPLATE,
    ];
    const run = spawnSync(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
    if (run.status !== 0) {
        throw new Error(`bench child ${mode} ${clusters} failed with status ${run.status}`);
    }
    process.stderr.write(`  ${mode} x${clusters} done\n`);
    return JSON.parse(fs.readFileSync(out, "utf8")) as ChildResult;
}

function row(d: ChildResult, raw: ChildResult): Row {
    return {
        clusters: d.clusters,
        registrations: d.registrations,
        customResources: d.customResources,
        droverMs: Math.round(d.constructMs),
        rawMs: Math.round(raw.constructMs),
        msPerResource: ratio(d.constructMs, d.registrations),
        maxRssMiB: Math.round(d.maxRssBytes / 2 ** 20),
        kibPerResource: Math.round((d.maxRssBytes - d.rssBeforeBytes) / 1024 / d.registrations),
        overhead: ratio(d.constructMs, raw.constructMs),
        droverCpuMs: Math.round(d.cpuMs),
        rawCpuMs: Math.round(raw.cpuMs),
        cpuOverhead: ratio(d.cpuMs, raw.cpuMs),
    };
}

async function main(): Promise<void> {
    const loadBefore = os.loadavg()[0];
    child("capture", 1);
    const runs = SIZES.map((n) => ({ drover: child("drover", n), raw: child("raw", n) }));
    const policy = child("policy", POLICY_SIZE).policy!;
    const rows = runs.map((r) => row(r.drover, r.raw));
    const at = (n: number) => rows.find((r) => r.clusters === n)!;
    const scaling = ratio(at(100).droverMs, at(10).droverMs);
    const policyMsPerResource = ratio(policy.ms, policy.resources);
    const round2 = (v: number) => Math.round(v * 100) / 100;
    const loadAverage = { start: round2(loadBefore), end: round2(os.loadavg()[0]) };
    const results = {
        machine: {
            nproc: os.cpus().length,
            totalMemoryBytes: os.totalmem(),
            node: process.version,
            date: new Date().toISOString(),
            // The 1-minute load average when the run started and ended: above the core count, other work shared the
            // cores and the wall-clock figures are inflated (the CPU figures much less).
            loadAverage,
        },
        method:
            "Pulumi mocks (no engine), each run in a fresh node process (TypeScript transpiled by bench/register.js, " +
            "no source maps). FleetCluster in render mode, Rancher and Flux (operator mode) on, 3 servers + 2x3 workers. " +
            "Time: constructor start to the last registration the mocks saw (count stable for 100 ms after). " +
            "raw: the same custom resources with the same inputs, replayed from a recorded cluster (prebuilt objects: " +
            "no builders, no components, no validation, and none of drover's resource options such as dependsOn). " +
            "CPU: user + system time of the child over the same span (all threads, garbage collection included).",
        fleet: rows,
        ratios: {
            scaling100over10: { value: scaling, target: TARGETS.scaling, verdict: verdict(scaling, TARGETS.scaling) },
            time100ClustersMs: {
                value: at(100).droverMs,
                target: TARGETS.ms100,
                verdict: verdict(at(100).droverMs, TARGETS.ms100),
            },
            componentOverhead100: {
                value: at(100).overhead,
                target: TARGETS.overhead,
                verdict: verdict(at(100).overhead, TARGETS.overhead),
            },
            policyMsPerResource: {
                value: policyMsPerResource,
                target: TARGETS.policyMsPerResource,
                verdict: verdict(policyMsPerResource, TARGETS.policyMsPerResource),
            },
        },
        policy: { clusters: POLICY_SIZE, ...policy, ms: Math.round(policy.ms) },
        realEngine: {
            measured: false,
            reason: "random/tls/command provider plugins cannot be built offline on this machine",
        },
        plot: "fleet-scaling.png: vega-lite, log-log, construction time (s) against clusters; blue drover, orange flat baseline, red dashed 5 s target",
    };
    fs.writeFileSync(path.join(OUT, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    const { png } = await scalingPlot(fleetSeries(rows), TARGETS.ms100, results.machine);
    fs.writeFileSync(path.join(OUT, "fleet-scaling.png"), png);
    const header = [
        "clusters",
        "registered",
        "custom",
        "drover ms",
        "raw ms",
        "ms/res",
        "maxRSS MiB",
        "KiB/res",
        "drover/raw",
        "drover cpu",
        "raw cpu",
        "cpu ratio",
    ];
    console.log(
        table(
            header,
            rows.map((r) => Object.values(r)),
        ),
    );
    console.log("");
    for (const [name, f] of Object.entries(results.ratios)) {
        console.log(`${name}: ${f.value} (target <= ${f.target}) ${f.verdict}`);
    }
    console.log(
        `policy pack on ${policy.resources} resources (${POLICY_SIZE} clusters): ${Math.round(policy.ms)} ms, ` +
            `${policy.resourceEvaluations} resource-policy runs, ${policy.stackPolicies} stack policies, ${policy.violations} violations`,
    );
    console.log(`real engine: not measured (${results.realEngine.reason})`);
    fs.rmSync(WORK, { recursive: true, force: true });
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
