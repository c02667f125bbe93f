/**
 * Geometry and encoding of a captured page: the crop rectangle the visitor
 * drags, and the JPEG sent to the device host. Crop rectangles are in
 * fractions of the picture (0–1), so they survive any on-screen scaling.
 */

export type Rect = { x: number; y: number; w: number; h: number };
export type Corner = 'tl' | 'tr' | 'bl' | 'br';
export const CORNERS: readonly Corner[] = ['tl', 'tr', 'bl', 'br'];

/** A little inside the frame: the document camera's view is usually a bit wider than the page. */
export const DEFAULT_CROP: Rect = { x: 0.04, y: 0.04, w: 0.92, h: 0.92 };

/** The smallest crop, a tenth of each side: a tap that collapses the box must not leave a one-pixel page. */
export const MIN_CROP = 0.1;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Moves one corner to (px, py), the opposite one staying put; kept inside the picture and at least `min` wide and high. */
export function dragCorner(rect: Rect, corner: Corner, px: number, py: number, min: number = MIN_CROP): Rect {
  let left = rect.x;
  let top = rect.y;
  let right = rect.x + rect.w;
  let bottom = rect.y + rect.h;
  const x = clamp(px, 0, 1);
  const y = clamp(py, 0, 1);
  if (corner === 'tl' || corner === 'bl') left = Math.min(x, right - min);
  else right = Math.max(x, left + min);
  if (corner === 'tl' || corner === 'tr') top = Math.min(y, bottom - min);
  else bottom = Math.max(y, top + min);
  left = clamp(left, 0, 1 - min);
  top = clamp(top, 0, 1 - min);
  right = clamp(right, min, 1);
  bottom = clamp(bottom, min, 1);
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/** The crop in whole source pixels. */
export function cropPixels(rect: Rect, width: number, height: number): { sx: number; sy: number; sw: number; sh: number } {
  const sx = Math.round(rect.x * width);
  const sy = Math.round(rect.y * height);
  const sw = Math.max(1, Math.min(width - sx, Math.round(rect.w * width)));
  const sh = Math.max(1, Math.min(height - sy, Math.round(rect.h * height)));
  return { sx, sy, sw, sh };
}

/**
 * Scaled so the long side is at most `max` (never enlarged). 2000 px on the
 * long side of an A4 page is about 240 dpi: print stays legible for the
 * clerk, and a JPEG of it is well under the hall's 5 MiB per page.
 */
export function fitLongSide(width: number, height: number, max = 2000): { width: number; height: number } {
  const k = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

export const JPEG_QUALITY = 0.85;

type Drawable = CanvasImageSource & { width: number; height: number };

/** The cropped page as a JPEG. `source` is the still the visitor cropped (a canvas of the camera frame). */
export function encodePage(
  source: Drawable,
  crop: Rect,
  options: { maxSide?: number; quality?: number; createCanvas?: () => HTMLCanvasElement } = {},
): Promise<Blob> {
  const { sx, sy, sw, sh } = cropPixels(crop, source.width, source.height);
  const size = fitLongSide(sw, sh, options.maxSide ?? 2000);
  const canvas = options.createCanvas?.() ?? document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('no 2d canvas'));
  ctx.drawImage(source, sx, sy, sw, sh, 0, 0, size.width, size.height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the page could not be encoded'))), 'image/jpeg', options.quality ?? JPEG_QUALITY);
  });
}

/** Base64 of a blob's bytes, in chunks (a 2 MB page would overflow the argument list of one fromCharCode call). */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
