/** The document check's problem codes, each with a message the applicant can act on. */
export const DOCUMENT_PROBLEM_CODES = [
  'too_small',
  'blurred',
  'glare',
  'low_ocr_confidence',
  'mrz_unreadable',
  'mrz_checksum',
  'expired',
] as const;
export type DocumentProblemCode = (typeof DOCUMENT_PROBLEM_CODES)[number];

export interface DocumentProblem {
  code: DocumentProblemCode;
  message: string;
}

export const documentProblem = {
  tooSmall: (w: number, h: number, minW: number, minH: number): DocumentProblem => ({
    code: 'too_small',
    message: `The photo is too small (${w}×${h} pixels, at least ${minW}×${minH} needed): move closer so the document fills the frame, and upload the original photo rather than a screenshot or a thumbnail.`,
  }),
  blurred: (): DocumentProblem => ({
    code: 'blurred',
    message: 'The photo is blurred: hold the camera still, let it focus on the document, and retake it.',
  }),
  glare: (): DocumentProblem => ({
    code: 'glare',
    message:
      'Part of the document is washed out by glare or overexposure: move away from direct light, turn off the flash, tilt the document slightly, and retake the photo.',
  }),
  lowOcrConfidence: (): DocumentProblem => ({
    code: 'low_ocr_confidence',
    message:
      'The text on the document could not be read clearly: retake the photo in even light, with the whole document flat, in focus and filling the frame.',
  }),
  mrzUnreadable: (): DocumentProblem => ({
    code: 'mrz_unreadable',
    message:
      'The machine-readable zone (the lines with <<< at the bottom of the page) could not be read: make sure it is fully in the photo, not covered by fingers or glare, and retake it.',
  }),
  mrzChecksum: (): DocumentProblem => ({
    code: 'mrz_checksum',
    message:
      'The machine-readable zone did not pass its check digits: retake a sharper photo of it; if this happens again, the document may be damaged, so use another one.',
  }),
  expired: (on: string): DocumentProblem => ({
    code: 'expired',
    message: `This document expired on ${on}: use a document that is still valid.`,
  }),
};
