/**
 * The document pre-check: before a paid provider verification, is this photo good enough? Image checks
 * first (cheap, sharp); OCR and the MRZ only for an image that passed them, since a retake is needed
 * anyway. Nothing is stored and nothing of the image or its text is logged.
 */
import type { DocumentCheckConfig } from '../config.ts';
import type { KycMetrics } from '../metrics.ts';
import { measure, normaliseForOcr } from './image.ts';
import { type MrzReading, readMrz } from './mrz.ts';
import type { OcrPool } from './ocr-pool.ts';
import { documentProblem, type DocumentProblem } from './problems.ts';

export const DOCUMENT_TYPES = ['passport', 'id_card', 'driving_licence'] as const;
export const DOCUMENT_SIDES = ['front', 'back'] as const;

export interface DocumentCheckInput {
  image: Uint8Array;
  documentType?: (typeof DOCUMENT_TYPES)[number];
  side?: (typeof DOCUMENT_SIDES)[number];
}

export interface DocumentCheckResult {
  accepted: boolean;
  checks: {
    resolution: { width: number; height: number; minWidth: number; minHeight: number; passed: boolean };
    sharpness: { value: number; minimum: number; passed: boolean };
    glare: { share: number; maximum: number; passed: boolean };
    /** Mean OCR word confidence 0–100; null when OCR did not run (the image already failed). */
    ocrConfidence: number | null;
    /** The MRZ as read; why it is invalid shows as a problem code, not here. */
    mrz: Omit<MrzReading, 'fault'>;
  };
  problems: DocumentProblem[];
}

export interface DocumentCheckDeps {
  config: DocumentCheckConfig;
  clock: () => Date;
  ocr: OcrPool;
  metrics: Pick<KycMetrics, 'documentChecks' | 'documentProblems'>;
}

/** A passport's data page and a TD1 card's back carry an MRZ; without a document type, absence is no fault. */
const expectsMrz = (i: DocumentCheckInput) =>
  i.documentType === 'passport' || (i.documentType === 'id_card' && i.side === 'back');

export async function checkDocument(deps: DocumentCheckDeps, input: DocumentCheckInput): Promise<DocumentCheckResult> {
  const c = deps.config;
  const m = await measure(input.image);
  // Landscape or portrait: the long side is held to the larger minimum.
  const [long, short] = m.width >= m.height ? [m.width, m.height] : [m.height, m.width];
  const resolutionOk = long >= Math.max(c.minWidth, c.minHeight) && short >= Math.min(c.minWidth, c.minHeight);
  const sharpOk = m.sharpness >= c.minSharpness;
  const glareOk = m.glare <= c.maxGlare;
  const problems: DocumentProblem[] = [];
  if (!resolutionOk) problems.push(documentProblem.tooSmall(m.width, m.height, c.minWidth, c.minHeight));
  if (!sharpOk) problems.push(documentProblem.blurred());
  if (!glareOk) problems.push(documentProblem.glare());

  let ocrConfidence: number | null = null;
  let mrz: DocumentCheckResult['checks']['mrz'] = { present: false, valid: false, checkDigits: [] };
  if (problems.length === 0) {
    const page = await normaliseForOcr(input.image);
    const ocr = await deps.ocr.recognize(page.image);
    ocrConfidence = Math.round(ocr.confidence * 10) / 10;
    let reading = readMrz(ocr.text, deps.clock());
    // Read the full page, filler runs often come out as brackets: read the band again with the MRZ alphabet.
    if (!reading.valid) {
      const band = readMrz((await deps.ocr.recognizeMrzBand(page.image, page)).text, deps.clock());
      if (band.valid || (band.present && !reading.present) || (band.fault === 'checksum' && reading.present))
        reading = band;
    }
    const { fault, ...shown } = reading;
    mrz = shown;
    if (ocrConfidence < c.minOcrConfidence) problems.push(documentProblem.lowOcrConfidence());
    if (fault === 'checksum') problems.push(documentProblem.mrzChecksum());
    else if (fault === 'unreadable' || (!reading.present && expectsMrz(input)))
      problems.push(documentProblem.mrzUnreadable());
    const today = deps.clock().toISOString().slice(0, 10);
    if (reading.valid && reading.expiryDate && reading.expiryDate < today)
      problems.push(documentProblem.expired(reading.expiryDate));
  }

  deps.metrics.documentChecks.inc({ outcome: problems.length === 0 ? 'accepted' : 'refused' });
  for (const p of problems) deps.metrics.documentProblems.inc({ code: p.code });
  return {
    accepted: problems.length === 0,
    checks: {
      resolution: {
        width: m.width,
        height: m.height,
        minWidth: c.minWidth,
        minHeight: c.minHeight,
        passed: resolutionOk,
      },
      sharpness: { value: m.sharpness, minimum: c.minSharpness, passed: sharpOk },
      glare: { share: m.glare, maximum: c.maxGlare, passed: glareOk },
      ocrConfidence,
      mrz,
    },
    problems,
  };
}
