import * as zlib from "zlib";
import { crc32, dot, encodePng, line, raster } from "../../bench/png";
import { logScale } from "../../bench/plot";

/** Splits a PNG into its chunks, checking each CRC. */
function chunks(png: Buffer): Array<{ type: string; data: Buffer }> {
    const out: Array<{ type: string; data: Buffer }> = [];
    let o = 8;
    while (o < png.length) {
        const len = png.readUInt32BE(o);
        const type = png.subarray(o + 4, o + 8).toString("ascii");
        const data = png.subarray(o + 8, o + 8 + len);
        expect(png.readUInt32BE(o + 8 + len)).toBe(crc32(png.subarray(o + 4, o + 8 + len)));
        out.push({ type, data });
        o += 12 + len;
    }
    return out;
}

describe("crc32", () => {
    test("matches the standard check value", () => {
        expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    });
});

describe("encodePng", () => {
    test("writes a valid RGB PNG whose rows decode back to the pixels", () => {
        const r = raster(5, 3);
        dot(r, 2, 1, 0, [10, 20, 30]);
        const png = encodePng(r);
        expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        const cs = chunks(png);
        expect(cs.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
        expect(cs[0].data.readUInt32BE(0)).toBe(5);
        expect(cs[0].data.readUInt32BE(4)).toBe(3);
        const rows = zlib.inflateSync(cs[1].data);
        expect(rows.length).toBe(3 * (5 * 3 + 1));
        const row1 = rows.subarray(16, 32);
        expect(row1[0]).toBe(0);
        expect([...row1.subarray(1 + 6, 1 + 9)]).toEqual([10, 20, 30]);
        expect([...row1.subarray(1, 4)]).toEqual([255, 255, 255]);
    });
});

describe("line", () => {
    test("colours both end points and the pixels between, and nothing off the line", () => {
        const r = raster(10, 10);
        line(r, 1, 1, 8, 1, [0, 0, 0]);
        const at = (x: number, y: number) => r.pixels[(y * 10 + x) * 3];
        expect([1, 4, 8].map((x) => at(x, 1))).toEqual([0, 0, 0]);
        expect([at(0, 1), at(9, 1), at(4, 2)]).toEqual([255, 255, 255]);
    });

    test("ignores points outside the raster", () => {
        const r = raster(4, 4);
        expect(() => line(r, -5, -5, 20, 20, [0, 0, 0])).not.toThrow();
        expect(r.pixels[(2 * 4 + 2) * 3]).toBe(0);
    });
});

describe("logScale", () => {
    test("places decades evenly between the ends", () => {
        expect(logScale(1, 1, 100, 0, 200)).toBe(0);
        expect(logScale(10, 1, 100, 0, 200)).toBeCloseTo(100);
        expect(logScale(100, 1, 100, 0, 200)).toBeCloseTo(200);
    });
});
