/**
 * Grey-level image grids as PNG data URIs (for showing VAE samples in a report; no DOM, no canvas).
 * A minimal PNG writer: 8-bit greyscale, one IDAT chunk compressed by Node's zlib.
 */
import { deflateSync } from "zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), Buffer.from(data)]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * Tiles `count` square images of side `side` (row-major grey levels in [0, 1]) into a grid of `cols` columns,
 * each pixel scaled up `scale` times, and returns a `data:image/png;base64,…` URI.
 */
export function imageGridPng(images: Float64Array, count: number, side: number, cols: number, scale = 3): string {
  if (images.length !== count * side * side) throw new RangeError(`imageGridPng: expected ${count}×${side}² values, got ${images.length}`);
  const rows = Math.ceil(count / cols), gap = 1;
  const W = (cols * (side + gap) + gap) * scale, H = (rows * (side + gap) + gap) * scale;
  const raw = new Uint8Array((W + 1) * H).fill(0);
  for (let y = 0; y < H; y++) raw[y * (W + 1)] = 0; // filter type 0 per scanline
  for (let k = 0; k < count; k++) {
    const gx = (k % cols) * (side + gap) + gap, gy = Math.floor(k / cols) * (side + gap) + gap;
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const v = Math.round(255 * Math.min(1, Math.max(0, images[k * side * side + r * side + c])));
        for (let dy = 0; dy < scale; dy++) {
          const y = (gy + r) * scale + dy;
          for (let dx = 0; dx < scale; dx++) raw[y * (W + 1) + 1 + (gx + c) * scale + dx] = v;
        }
      }
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0);
  ihdr.writeUInt32BE(H, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.from(raw))), chunk("IEND", new Uint8Array(0)),
  ]);
  return `data:image/png;base64,${png.toString("base64")}`;
}
