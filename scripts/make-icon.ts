// Draws the extension icon, images/icon.png: a ship under sail on a shield, 128x128 RGBA. The PNG is written
// by hand (signature, IHDR, IDAT through zlib, IEND) so the icon needs no image library or design tool.
//   npx tsx scripts/make-icon.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

export const ICON_SIZE = 128;
const ICON_PATH = join(resolve(import.meta.dirname, '..'), 'images', 'icon.png');
/** Samples per pixel side; the average of SUPERSAMPLE² samples smooths the edges. */
const SUPERSAMPLE = 4;

type Rgba = readonly [number, number, number, number];

const NAVY: Rgba = [11, 45, 94, 255];
const SEA_TOP: Rgba = [32, 118, 196, 255];
const SEA_BOTTOM: Rgba = [14, 72, 142, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Half-width of a shield spanning `top`..`bottom` at height y (-1 outside it): straight sides, then a curve to a point. */
function shieldHalfWidth(y: number, top: number, bottom: number, halfWidth: number): number {
  if (y < top || y > bottom) return -1;
  const shoulder = top + (bottom - top) * 0.48;
  if (y <= shoulder) return halfWidth;
  const t = (y - shoulder) / (bottom - shoulder);
  return halfWidth * (1 - t * t);
}

function insideShield(x: number, y: number, inset: number): boolean {
  const half = shieldHalfWidth(y, 0.06 + inset, 0.96 - inset * 1.6, 0.4 - inset);
  return half >= 0 && Math.abs(x - 0.5) <= half;
}

function insideTriangle(x: number, y: number, a: readonly [number, number], b: readonly [number, number], c: readonly [number, number]): boolean {
  const side = (p: readonly [number, number], q: readonly [number, number]): number => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

function insideShip(x: number, y: number): boolean {
  const hull = y >= 0.6 && y <= 0.7 && Math.abs(x - 0.5) <= 0.23 - (y - 0.6) * 0.9;
  const mast = x >= 0.487 && x <= 0.513 && y >= 0.2 && y <= 0.6;
  const mainSail = insideTriangle(x, y, [0.53, 0.22], [0.53, 0.56], [0.73, 0.56]);
  const foreSail = insideTriangle(x, y, [0.47, 0.3], [0.47, 0.56], [0.31, 0.56]);
  const pennant = insideTriangle(x, y, [0.513, 0.2], [0.513, 0.26], [0.6, 0.23]);
  return hull || mast || mainSail || foreSail || pennant;
}

function colourAt(x: number, y: number): Rgba {
  if (!insideShield(x, y, 0)) return CLEAR;
  if (!insideShield(x, y, 0.045)) return NAVY;
  if (insideShip(x, y)) return WHITE;
  return mix(SEA_TOP, SEA_BOTTOM, y);
}

function mix(a: Rgba, b: Rgba, t: number): Rgba {
  return [0, 1, 2, 3].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as unknown as Rgba;
}

/** Raw RGBA rows, each prefixed with PNG filter type 0. */
export function renderIcon(size: number = ICON_SIZE): Buffer {
  const rows = Buffer.alloc(size * (1 + size * 4));
  for (let py = 0; py < size; py++) {
    const rowStart = py * (1 + size * 4);
    rows[rowStart] = 0;
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const colour = colourAt((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size);
          // Premultiply, so transparent samples do not darken the edges.
          for (let i = 0; i < 3; i++) sum[i]! += colour[i]! * colour[3];
          sum[3]! += colour[3];
        }
      }
      const alpha = sum[3]!;
      const offset = rowStart + 1 + px * 4;
      for (let i = 0; i < 3; i++) rows[offset + i] = alpha === 0 ? 0 : Math.round(sum[i]! / alpha);
      rows[offset + 3] = Math.round(alpha / (SUPERSAMPLE * SUPERSAMPLE));
    }
  }
  return rows;
}

export function encodePng(width: number, height: number, filteredRows: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // compression: deflate
  header[11] = 0; // filtering: adaptive, per row
  header[12] = 0; // no interlacing
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(filteredRows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(dirname(ICON_PATH), { recursive: true });
  writeFileSync(ICON_PATH, encodePng(ICON_SIZE, ICON_SIZE, renderIcon()));
  console.log(`Wrote ${ICON_PATH}`);
}
