// Re-renders bench/fleet-scaling.png from bench/results.json without re-running the benchmark:
// `node -r ./bench/register.js bench/replot.ts`.
import * as fs from "fs";
import * as path from "path";
import { fleetSeries, Machine, scalingPlot } from "./plot";
import { Row } from "./stats";

interface Results {
    machine: Machine;
    fleet: Row[];
    ratios: { time100ClustersMs: { target: number } };
}

async function main(): Promise<void> {
    const results = JSON.parse(fs.readFileSync(path.join(__dirname, "results.json"), "utf8")) as Results;
    const { png } = await scalingPlot(
        fleetSeries(results.fleet),
        results.ratios.time100ClustersMs.target,
        results.machine,
    );
    fs.writeFileSync(path.join(__dirname, "fleet-scaling.png"), png);
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
