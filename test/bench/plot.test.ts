import { AXIS_TITLES, decades, machineLine, rasterise, scalingPlot, scalingSpec, Series } from "../../bench/plot";

const MACHINE = { nproc: 2, totalMemoryBytes: 24 * 2 ** 30, node: "v20.20.2" };
const SERIES: Series[] = [
    {
        name: "drover",
        points: [
            { clusters: 1, ms: 335 },
            { clusters: 10, ms: 1978 },
            { clusters: 100, ms: 22061 },
        ],
    },
    {
        name: "flat baseline",
        points: [
            { clusters: 1, ms: 93 },
            { clusters: 10, ms: 649 },
            { clusters: 100, ms: 7717 },
        ],
    },
];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** How many pixels are within `tolerance` of an RGB colour on every channel. */
function countColour(rgba: Buffer, [r, g, b]: [number, number, number], tolerance = 12): number {
    let n = 0;
    for (let o = 0; o < rgba.length; o += 4) {
        if (
            Math.abs(rgba[o] - r) <= tolerance &&
            Math.abs(rgba[o + 1] - g) <= tolerance &&
            Math.abs(rgba[o + 2] - b) <= tolerance
        ) {
            n++;
        }
    }
    return n;
}

describe("decades", () => {
    test("spans whole powers of ten around the values", () => {
        expect(decades([0.093, 22.061, 5])).toEqual([0.01, 0.1, 1, 10, 100]);
        expect(decades([1, 10])).toEqual([1, 10]);
        expect(decades([3])).toEqual([1, 10]);
    });
});

/** The parts of a vega-lite encoding channel the tests read. */
interface Channel {
    scale: { type?: string; domain?: unknown[] };
    axis: { values?: number[] };
}

describe("scalingSpec", () => {
    const spec = scalingSpec(SERIES, 5000, MACHINE) as unknown as {
        title: { text: string; subtitle: string };
        layer: Array<{ data: { values: Array<Record<string, unknown>> }; encoding: Record<string, Channel> }>;
    };

    test("plots seconds against clusters on log scales, one colour per series and one for the target", () => {
        const [lines, rule] = spec.layer;
        expect(lines.encoding.x.scale.type).toBe("log");
        expect(lines.encoding.y.scale.type).toBe("log");
        expect(lines.encoding.x.axis.values).toEqual([1, 10, 100]);
        expect(lines.encoding.color.scale.domain).toEqual(["drover", "flat baseline", "target 5 s"]);
        expect(lines.data.values).toContainEqual({ series: "drover", clusters: 100, s: 22.061 });
        expect(lines.data.values).toContainEqual({ series: "flat baseline", clusters: 1, s: 0.093 });
        expect(rule.data.values).toEqual([{ series: "target 5 s", s: 5 }]);
    });

    test("names the machine in the subtitle", () => {
        expect(machineLine(MACHINE)).toBe("2 cores, 24 GiB, Node v20.20.2, Pulumi mocks (no engine)");
        expect(machineLine({ ...MACHINE, loadAverage: { start: 3.13, end: 3.34 } })).toBe(
            "2 cores, 24 GiB, Node v20.20.2, Pulumi mocks (no engine), load 3.1-3.3",
        );
        expect(spec.title.subtitle).toBe(machineLine(MACHINE));
    });
});

describe("scalingPlot", () => {
    let plot: { svg: string; png: Buffer };
    beforeAll(async () => {
        plot = await scalingPlot(SERIES, 5000, MACHINE);
    }, 60_000);

    test("the SVG carries the axis titles, the legend, the title and the machine", () => {
        for (const text of [
            AXIS_TITLES.x,
            AXIS_TITLES.y,
            "drover",
            "flat baseline",
            "target 5 s",
            "drover fleet construction time against fleet size",
            machineLine(MACHINE),
        ]) {
            expect(plot.svg).toContain(`>${text}</text>`);
        }
    });

    test("the PNG is the SVG at twice its size, with both series and the target drawn in their colours", async () => {
        expect(plot.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
        expect(plot.png.subarray(12, 16).toString("ascii")).toBe("IHDR");
        const svgWidth = Number(/<svg[^>]* width="(\d+)"/.exec(plot.svg)![1]);
        const svgHeight = Number(/<svg[^>]* height="(\d+)"/.exec(plot.svg)![1]);
        expect(svgWidth).toBeGreaterThan(560);
        expect([plot.png.readUInt32BE(16), plot.png.readUInt32BE(20)]).toEqual([2 * svgWidth, 2 * svgHeight]);
        const r = await rasterise(plot.svg);
        expect(r.png.equals(plot.png)).toBe(true);
        expect(countColour(r.rgba, [0x1e, 0x5a, 0xc8])).toBeGreaterThan(1000);
        expect(countColour(r.rgba, [0xf0, 0x8c, 0x14])).toBeGreaterThan(1000);
        expect(countColour(r.rgba, [0xdc, 0x1e, 0x1e])).toBeGreaterThan(1000);
    });
});

describe("rasterise", () => {
    test("draws text with the bundled DejaVu fonts (no system fonts are loaded)", async () => {
        const text = (t: string) =>
            `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">` +
            `<text x="5" y="30" font-family="sans-serif" font-size="24" fill="#000">${t}</text></svg>`;
        const dark = (await rasterise(text("clusters"), 1)).rgba;
        const blank = (await rasterise(text(""), 1)).rgba;
        expect(countColour(blank, [0, 0, 0], 60)).toBe(0);
        expect(countColour(dark, [0, 0, 0], 60)).toBeGreaterThan(100);
    });
});
