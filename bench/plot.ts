// The fleet-scaling plot: a vega-lite spec compiled with vega-lite, rendered headless to SVG by vega, then
// rasterised to PNG by resvg (WebAssembly) with the DejaVu fonts shipped in node_modules: no canvas, no system fonts.
import * as fs from "fs";
import * as path from "path";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import * as vega from "vega";
import { compile, TopLevelSpec } from "vega-lite";

/** One series of the plot: a name for the legend and its time per fleet size. */
export interface Series {
    name: string;
    points: Array<{ clusters: number; ms: number }>;
}

/** The machine the figures come from, named in the plot's subtitle. */
export interface Machine {
    nproc: number;
    totalMemoryBytes: number;
    node: string;
    /** The 1-minute load average when the run started and ended, if recorded. */
    loadAverage?: { start: number; end: number };
}

/** The axis titles, exported so tests can look for them in the SVG. */
export const AXIS_TITLES = { x: "clusters in the fleet (log scale)", y: "construction time, s (log scale)" } as const;

const FONT = "DejaVu Sans";
/** Legend colours, in series order (drover, flat), then the target rule. */
const COLORS = ["#1e5ac8", "#f08c14"];
const TARGET_COLOR = "#dc1e1e";

/** The subtitle naming the machine, e.g. `2 cores, 24 GiB, Node v20.20.2, Pulumi mocks (no engine), load 3.1-3.3`. */
export function machineLine(m: Machine): string {
    const gib = Math.round(m.totalMemoryBytes / 2 ** 30);
    const load = m.loadAverage ? `, load ${m.loadAverage.start.toFixed(1)}-${m.loadAverage.end.toFixed(1)}` : "";
    return `${m.nproc} cores, ${gib} GiB, Node ${m.node}, Pulumi mocks (no engine)${load}`;
}

/** The powers of ten from the one at or below the smallest value to the one at or above the largest. */
export function decades(values: number[]): number[] {
    const lo = Math.floor(Math.log10(Math.min(...values)));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...values))));
    return Array.from({ length: hi - lo + 1 }, (_, i) => Number((10 ** (lo + i)).toPrecision(1)));
}

/**
 * The vega-lite spec: log-log, x = clusters, y = seconds, one line with points per series, and a horizontal rule
 * at the target, all three in one colour legend.
 */
export function scalingSpec(series: Series[], targetMs: number, machine: Machine): TopLevelSpec {
    const target = `target ${targetMs / 1000} s`;
    const values = series.flatMap((s) =>
        s.points.map((p) => ({ series: s.name, clusters: p.clusters, s: p.ms / 1000 })),
    );
    const color = {
        field: "series",
        type: "nominal" as const,
        title: null,
        scale: { domain: [...series.map((s) => s.name), target], range: [...COLORS, TARGET_COLOR] },
        legend: { orient: "top-left" as const, labelFontSize: 12, symbolType: "stroke", symbolStrokeWidth: 3 },
    };
    const clusters = [...new Set(values.map((v) => v.clusters))].sort((a, b) => a - b);
    const seconds = decades([...values.map((v) => v.s), targetMs / 1000]);
    return {
        $schema: "https://vega.github.io/schema/vega-lite/v5.json",
        title: {
            text: "drover fleet construction time against fleet size",
            subtitle: machineLine(machine),
            fontSize: 15,
            subtitleFontSize: 12,
        },
        width: 560,
        height: 360,
        background: "white",
        config: { font: FONT, axis: { titleFontSize: 13, labelFontSize: 12, grid: true } },
        layer: [
            {
                data: { values },
                mark: { type: "line", point: { size: 60, filled: true }, strokeWidth: 2.5 },
                encoding: {
                    x: {
                        field: "clusters",
                        type: "quantitative",
                        title: AXIS_TITLES.x,
                        scale: { type: "log", domain: [Math.min(...clusters), Math.max(...clusters)] },
                        axis: { values: clusters, format: "d" },
                    },
                    y: {
                        field: "s",
                        type: "quantitative",
                        title: AXIS_TITLES.y,
                        scale: { type: "log", domain: [seconds[0], seconds[seconds.length - 1]] },
                        axis: { values: seconds, format: "~g" },
                    },
                    color,
                },
            },
            {
                data: { values: [{ series: target, s: targetMs / 1000 }] },
                mark: { type: "rule", strokeDash: [6, 4], strokeWidth: 2 },
                encoding: { y: { field: "s", type: "quantitative" }, color },
            },
        ],
    };
}

/** Compiles the vega-lite spec and renders it headless (no canvas) to an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
    try {
        return await view.toSVG();
    } finally {
        view.finalize();
    }
}

const RESVG_WASM = require.resolve("@resvg/resvg-wasm/index_bg.wasm");
const DEJAVU = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
let wasmReady: Promise<void> | undefined;

/** A rasterised SVG: its size in pixels, the raw RGBA pixels (row-major) and the PNG encoding. */
export interface Raster {
    width: number;
    height: number;
    rgba: Buffer;
    png: Buffer;
}

/** Rasterises an SVG at `zoom`, with only the DejaVu Sans fonts from node_modules (no system fonts). */
export async function rasterise(svg: string, zoom = 2): Promise<Raster> {
    // initWasm may run once per process; a second call throws.
    wasmReady ??= initWasm(fs.readFileSync(RESVG_WASM));
    await wasmReady;
    const fontBuffers = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) => fs.readFileSync(path.join(DEJAVU, f)));
    const resvg = new Resvg(svg, {
        fitTo: { mode: "zoom", value: zoom },
        background: "white",
        font: { fontBuffers, loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
    });
    try {
        const image = resvg.render();
        try {
            const png = Buffer.from(image.asPng());
            return { width: image.width, height: image.height, rgba: Buffer.from(image.pixels), png };
        } finally {
            image.free();
        }
    } finally {
        resvg.free();
    }
}

/** The two series of the benchmark (drover and the flat baseline) from its table rows. */
export function fleetSeries(rows: Array<{ clusters: number; droverMs: number; rawMs: number }>): Series[] {
    return [
        { name: "drover", points: rows.map((r) => ({ clusters: r.clusters, ms: r.droverMs })) },
        { name: "flat baseline", points: rows.map((r) => ({ clusters: r.clusters, ms: r.rawMs })) },
    ];
}

/** The whole plot: the SVG (for checks) and its PNG. */
export async function scalingPlot(
    series: Series[],
    targetMs: number,
    machine: Machine,
): Promise<{ svg: string; png: Buffer }> {
    const svg = await renderSvg(scalingSpec(series, targetMs, machine));
    return { svg, png: (await rasterise(svg)).png };
}
