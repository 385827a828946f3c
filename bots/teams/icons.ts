import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';

/**
 * The Teams app icons, drawn in code: two overlapping circles, two writers and the time they share.
 * Teams wants a full-colour 192x192 PNG and a 32x32 outline that is white on transparent.
 * https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons
 */
export type IconFile = 'color.png' | 'outline.png';

const COLOR_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192" viewBox="0 0 192 192">
  <defs><clipPath id="left"><circle cx="74" cy="96" r="46"/></clipPath></defs>
  <rect width="192" height="192" fill="#1d1c3b"/>
  <circle cx="74" cy="96" r="46" fill="#ff7a59"/>
  <circle cx="118" cy="96" r="46" fill="#3ecfb2"/>
  <circle cx="118" cy="96" r="46" fill="#ffd166" clip-path="url(#left)"/>
</svg>`;

// crispEdges keeps every pixel either white or transparent: no grey anti-aliasing halo.
const OUTLINE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32" shape-rendering="crispEdges">
  <defs><clipPath id="left"><circle cx="12" cy="16" r="8"/></clipPath></defs>
  <g fill="none" stroke="#ffffff" stroke-width="2">
    <circle cx="12" cy="16" r="8"/>
    <circle cx="20" cy="16" r="8"/>
  </g>
  <circle cx="20" cy="16" r="8" fill="#ffffff" clip-path="url(#left)"/>
</svg>`;

const SVG: Record<IconFile, string> = { 'color.png': COLOR_SVG, 'outline.png': OUTLINE_SVG };

/** Renders one icon to PNG bytes. Pure shapes, no fonts: the same bytes on every run. */
export function renderIcon(file: IconFile): Uint8Array {
  const rendered = new Resvg(SVG[file], { font: { loadSystemFonts: false }, logLevel: 'off' }).render();
  return new Uint8Array(rendered.asPng());
}

/** Both icons, by their file name in the app package. */
export function teamsIcons(): Record<IconFile, Uint8Array> {
  return { 'color.png': renderIcon('color.png'), 'outline.png': renderIcon('outline.png') };
}

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 6 is RGBA, 2 RGB, 3 palette, 0 grey, 4 grey + alpha. */
  colorType: number;
  interlace: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The IHDR of a PNG (the first chunk, by the spec), or undefined when the bytes are no PNG. */
export function pngHeader(bytes: Uint8Array): PngHeader | undefined {
  if (bytes.length < 33 || SIGNATURE.some((byte, i) => bytes[i] !== byte)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: bytes[24]!,
    colorType: bytes[25]!,
    interlace: bytes[28]!,
  };
}

/**
 * The RGBA pixels of an 8-bit, non-interlaced RGBA PNG (what resvg writes), row by row.
 * Other layouts are refused rather than guessed at.
 */
export function pngPixels(bytes: Uint8Array): { header: PngHeader; rgba: Uint8Array } {
  const header = pngHeader(bytes);
  if (!header) throw new Error('not a PNG: the signature or the IHDR chunk is missing');
  if (header.colorType !== 6 || header.bitDepth !== 8 || header.interlace !== 0) {
    throw new Error(`only 8-bit non-interlaced RGBA PNGs are read (got colour type ${header.colorType})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data: Uint8Array[] = [];
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === 'IDAT') data.push(bytes.subarray(offset + 8, offset + 8 + length));
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  return { header, rgba: unfilter(inflateSync(Buffer.concat(data)), header.width, header.height) };
}

/** Undoes the per-row PNG filters (https://www.w3.org/TR/png/#9Filters) for 4 bytes a pixel. */
function unfilter(raw: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width * 4;
  if (raw.length !== height * (stride + 1)) throw new Error('PNG image data has the wrong length');
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const at = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? out[at + x - 4]! : 0;
      const up = y > 0 ? out[at + x - stride]! : 0;
      const upLeft = x >= 4 && y > 0 ? out[at + x - stride - 4]! : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predicted === undefined) throw new Error(`unknown PNG filter type ${filter}`);
      out[at + x] = (row[x]! + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
