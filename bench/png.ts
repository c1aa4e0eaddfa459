import * as zlib from "zlib";

/** An RGB raster, row-major, 3 bytes a pixel. */
export interface Raster {
    width: number;
    height: number;
    pixels: Buffer;
}

export type Rgb = readonly [number, number, number];

/** A white raster. */
export function raster(width: number, height: number): Raster {
    return { width, height, pixels: Buffer.alloc(width * height * 3, 255) };
}

/** Sets one pixel; outside the raster it is ignored. */
export function plot(r: Raster, x: number, y: number, c: Rgb): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= r.width || yi >= r.height) {
        return;
    }
    const o = (yi * r.width + xi) * 3;
    r.pixels[o] = c[0];
    r.pixels[o + 1] = c[1];
    r.pixels[o + 2] = c[2];
}

/** A straight line `thickness` pixels wide. */
export function line(r: Raster, x0: number, y0: number, x1: number, y1: number, c: Rgb, thickness = 1): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const h = Math.floor(thickness / 2);
    for (let i = 0; i <= steps; i++) {
        const x = x0 + ((x1 - x0) * i) / steps;
        const y = y0 + ((y1 - y0) * i) / steps;
        for (let dx = -h; dx <= h; dx++) {
            for (let dy = -h; dy <= h; dy++) {
                plot(r, x + dx, y + dy, c);
            }
        }
    }
}

/** A filled square of side 2*radius+1 centred on (x, y). */
export function dot(r: Raster, x: number, y: number, radius: number, c: Rgb): void {
    for (let dx = -radius; dx <= radius; dx++) {
        for (let dy = -radius; dy <= radius; dy++) {
            plot(r, x + dx, y + dy, c);
        }
    }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
});

/** CRC-32 as PNG chunks use it (ISO 3309). */
export function crc32(buf: Buffer): number {
    let c = 0xffffffff;
    for (const b of buf) {
        c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
}

/** Encodes the raster as an 8-bit RGB PNG (filter 0 on every row, zlib-compressed). */
export function encodePng(r: Raster): Buffer {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(r.width, 0);
    header.writeUInt32BE(r.height, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const rows = Buffer.alloc((r.width * 3 + 1) * r.height);
    for (let y = 0; y < r.height; y++) {
        r.pixels.copy(rows, y * (r.width * 3 + 1) + 1, y * r.width * 3, (y + 1) * r.width * 3);
    }
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk("IHDR", header),
        chunk("IDAT", zlib.deflateSync(rows)),
        chunk("IEND", Buffer.alloc(0)),
    ]);
}
