/**
 * Image measurements with sharp (libvips runs them on its own thread pool, off the event loop):
 * resolution, sharpness as the variance of the Laplacian, glare as the share of blown-out pixels, and
 * the seed's normalisation (resize, sharpen, normalise) that prepares the image for OCR.
 */
import sharp, { type Metadata } from 'sharp';
import { InvalidInputError } from '../../errors.ts';

export const DOCUMENT_FORMATS = ['jpeg', 'png', 'webp'] as const;
/** A decompression bomb (a tiny file declaring a huge canvas) is refused before it is decoded. */
const MAX_INPUT_PIXELS = 50_000_000;
/** Measured at one working size, so the scores do not depend on the camera's resolution. */
const WORKING_WIDTH = 1000;
/** Luminance at or above this is blown out: no detail survives there. */
const BLOWN_OUT = 250;
/** OCR input size: large enough for the MRZ's small type, small enough to keep OCR time bounded. */
const OCR_WIDTH = 2000;

export interface ImageMeasures {
  width: number;
  height: number;
  sharpness: number;
  glare: number;
}

const opened = (bytes: Uint8Array) => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });

/** Decodes the header only: format and (EXIF-oriented) size. Anything but JPEG, PNG or WebP is refused. */
export async function probe(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  let meta: Metadata;
  try {
    meta = await opened(bytes).metadata();
  } catch {
    throw new InvalidInputError('The image could not be read.', [
      { path: 'image', message: 'not a readable JPEG, PNG or WebP image' },
    ]);
  }
  if (!(DOCUMENT_FORMATS as readonly string[]).includes(meta.format ?? '') || !meta.width || !meta.height)
    throw new InvalidInputError('The image must be a JPEG, PNG or WebP.', [
      { path: 'image', message: `expected JPEG, PNG or WebP, got ${meta.format ?? 'unknown'}` },
    ]);
  if (meta.width * meta.height > MAX_INPUT_PIXELS)
    throw new InvalidInputError('The image has too many pixels.', [
      { path: 'image', message: `at most ${MAX_INPUT_PIXELS} pixels` },
    ]);
  const rotated = (meta.orientation ?? 1) >= 5;
  return rotated ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
}

export async function measure(bytes: Uint8Array): Promise<ImageMeasures> {
  const { width, height } = await probe(bytes);
  // libvips decodes and scales on its thread pool; the two passes over ~0.7 MP below take a few ms.
  const { data, info } = await opened(bytes)
    .rotate()
    .greyscale()
    .resize({ width: WORKING_WIDTH })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width,
    height,
    sharpness: Math.round(laplacianVariance(data, info.width, info.height) * 10) / 10,
    glare: Math.round(blownOutShare(data) * 10_000) / 10_000,
  };
}

/** Variance of the 4-neighbour Laplacian: edges in focus give large second derivatives, blur flattens them. */
export function laplacianVariance(px: Uint8Array, w: number, h: number): number {
  let sum = 0;
  let squares = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = px[i - w]! + px[i + w]! + px[i - 1]! + px[i + 1]! - 4 * px[i]!;
      sum += l;
      squares += l * l;
      n += 1;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return squares / n - mean * mean;
}

export function blownOutShare(px: Uint8Array): number {
  let blown = 0;
  for (const v of px) if (v >= BLOWN_OUT) blown += 1;
  return px.length === 0 ? 0 : blown / px.length;
}

/** The seed's enhanceDocumentQuality: greyscale, resize to the OCR size, sharpen, stretch the contrast. */
export async function normaliseForOcr(bytes: Uint8Array): Promise<{ image: Buffer; width: number; height: number }> {
  const { data, info } = await opened(bytes)
    .rotate()
    .greyscale()
    .resize({ width: OCR_WIDTH, withoutEnlargement: false })
    .sharpen()
    .normalise()
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return { image: data, width: info.width, height: info.height };
}
