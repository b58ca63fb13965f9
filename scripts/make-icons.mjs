// Draws the extension's toolbar icons (a page with highlighted lines) as PNGs into extension/icons/.
// Run once: `node scripts/make-icons.mjs`. No dependencies (zlib + CRC by hand).
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x / size, y / size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const lines = [[0.22, '#fdd835', 0.78], [0.40, '#ffffff', 0.70], [0.58, '#e53935', 0.78], [0.76, '#ffffff', 0.60]];
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
function pixel(u, v) {
  const r = 0.18; // rounded corners
  const cx = Math.min(Math.max(u, r), 1 - r), cy = Math.min(Math.max(v, r), 1 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return [0, 0, 0, 0];
  for (const [y, color, end] of lines) if (v >= y - 0.055 && v <= y + 0.055 && u >= 0.2 && u <= end) return [...hex(color), 255];
  return [...hex('#3b5bdb'), 255];
}
mkdirSync(new URL('../extension/icons/', import.meta.url), { recursive: true });
for (const s of [16, 48, 128]) writeFileSync(new URL(`../extension/icons/icon-${s}.png`, import.meta.url), png(s, pixel));
