import { dot, encodePng, line, raster, Rgb } from "./png";

/** One series: fleet sizes and times. */
export interface Series {
    color: Rgb;
    points: Array<{ clusters: number; ms: number }>;
}

const W = 640;
const H = 420;
const M = 50;

/** Maps a value to a pixel on a log10 axis spanning [lo, hi]. */
export function logScale(v: number, lo: number, hi: number, p0: number, p1: number): number {
    return p0 + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (p1 - p0);
}

/**
 * A log-log plot of construction time against fleet size: one line per series, light grid lines at every decade
 * (1, 10, 100 clusters; 0.1, 1, 10, 100 s) and a red horizontal line at `targetMs`. No text: the legend is in the
 * benchmark's output.
 */
export function scalingPlot(series: Series[], targetMs: number): Buffer {
    const r = raster(W, H);
    const xs = series.flatMap((s) => s.points.map((p) => p.clusters));
    const ys = [...series.flatMap((s) => s.points.map((p) => p.ms)), targetMs];
    const xLo = 10 ** Math.floor(Math.log10(Math.min(...xs)));
    const xHi = 10 ** Math.ceil(Math.log10(Math.max(...xs)));
    const yLo = 10 ** Math.floor(Math.log10(Math.min(...ys)));
    const yHi = 10 ** Math.ceil(Math.log10(Math.max(...ys)));
    const px = (v: number) => logScale(v, xLo, xHi === xLo ? xLo * 10 : xHi, M, W - M);
    const py = (v: number) => logScale(v, yLo, yHi === yLo ? yLo * 10 : yHi, H - M, M);
    const grid: Rgb = [225, 225, 225];
    for (let x = xLo; x <= xHi; x *= 10) {
        line(r, px(x), M, px(x), H - M, grid);
    }
    for (let y = yLo; y <= yHi; y *= 10) {
        line(r, M, py(y), W - M, py(y), grid);
    }
    line(r, M, H - M, W - M, H - M, [0, 0, 0]);
    line(r, M, M, M, H - M, [0, 0, 0]);
    line(r, M, py(targetMs), W - M, py(targetMs), [220, 30, 30]);
    for (const s of series) {
        s.points.forEach((p, i) => {
            dot(r, px(p.clusters), py(p.ms), 3, s.color);
            const next = s.points[i + 1];
            if (next) {
                line(r, px(p.clusters), py(p.ms), px(next.clusters), py(next.ms), s.color, 2);
            }
        });
    }
    return encodePng(r);
}
