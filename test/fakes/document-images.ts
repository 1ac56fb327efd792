/**
 * Identity-document images built by the tests themselves with sharp: an SVG passport data page (TD3)
 * with a real-format MRZ in a monospace font, rendered large and high-contrast so OCR reads it reliably,
 * and the same page degraded (blurred, shrunk, overexposed) or with a wrong check digit.
 */
import sharp from 'sharp';

/** ICAO 9303 check digit: weights 7-3-1, A=10 … Z=35, `<` = 0. */
export function mrzCheckDigit(s: string): string {
  const value = (ch: string) => (ch === '<' ? 0 : /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55);
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += value(s[i]!) * [7, 3, 1][i % 3]!;
  return String(sum % 10);
}

export interface Td3Fields {
  issuingState: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  /** YYMMDD */
  birth: string;
  sex: 'M' | 'F';
  /** YYMMDD */
  expiry: string;
  /** Up to 14 characters; none: fillers, and a filler as its check digit (ICAO 9303 allows it). */
  personalNumber?: string;
}

export const SAMPLE_TD3: Td3Fields = {
  issuingState: 'GBR',
  surname: 'PLUMTREE',
  givenNames: 'HARRIET ANN',
  documentNumber: '533401372',
  nationality: 'GBR',
  birth: '880621',
  sex: 'F',
  expiry: '340915',
  personalNumber: 'K4729105836',
};

/** The two MRZ lines of a TD3 passport; `breakDigit` spoils the document number's check digit. */
export function td3Lines(f: Td3Fields, breakDigit = false): [string, string] {
  const name = `${f.surname.replaceAll(' ', '<')}<<${f.givenNames.replaceAll(' ', '<')}`;
  const line1 = `P<${f.issuingState}${name}`.padEnd(44, '<').slice(0, 44);
  const doc = f.documentNumber.padEnd(9, '<');
  let docCd = mrzCheckDigit(doc);
  if (breakDigit) docCd = String((Number(docCd) + 1) % 10);
  const personal = f.personalNumber
    ? f.personalNumber.padEnd(14, '<') + mrzCheckDigit(f.personalNumber.padEnd(14, '<'))
    : '<'.repeat(15);
  const part = `${doc}${docCd}${f.nationality}${f.birth}${mrzCheckDigit(f.birth)}${f.sex}${f.expiry}${mrzCheckDigit(f.expiry)}${personal}`;
  const composite = mrzCheckDigit(part.slice(0, 10) + part.slice(13, 20) + part.slice(21, 43));
  return [line1, part + composite];
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');

/** A passport data page: visual zone, a photo placeholder and the MRZ at the bottom, 1600×1100. */
export function passportSvg(lines: [string, string], f: Td3Fields = SAMPLE_TD3): string {
  const W = 1600;
  const H = 1100;
  const text = (x: number, y: number, size: number, s: string, family = 'DejaVu Sans') =>
    `<text x="${x}" y="${y}" font-family="${family}" font-size="${size}" fill="#1a1a1a">${esc(s)}</text>`;
  const mrz = (y: number, s: string) =>
    `<text x="40" y="${y}" font-family="DejaVu Sans Mono" font-size="56" fill="#111">${esc(s)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
<rect width="100%" height="100%" fill="#e9e4d6"/>
${text(60, 110, 56, 'PASSPORT')}
${text(60, 210, 40, `Surname ${f.surname}`)}
${text(60, 280, 40, `Given names ${f.givenNames}`)}
${text(60, 350, 40, `Nationality ${f.nationality}`)}
${text(60, 420, 40, `Document number ${f.documentNumber}`)}
<rect x="1150" y="160" width="340" height="420" fill="#b9b4a8"/>
${mrz(930, lines[0])}
${mrz(1030, lines[1])}
</svg>`;
}

export async function passportJpeg(opts: { fields?: Td3Fields; breakDigit?: boolean } = {}): Promise<Buffer> {
  const f = opts.fields ?? SAMPLE_TD3;
  return sharp(Buffer.from(passportSvg(td3Lines(f, opts.breakDigit), f)))
    .jpeg({ quality: 92 })
    .toBuffer();
}

export const blurred = (img: Buffer) => sharp(img).blur(8).jpeg({ quality: 92 }).toBuffer();
export const shrunk = (img: Buffer) => sharp(img).resize({ width: 480 }).jpeg({ quality: 92 }).toBuffer();
/** Exposure pushed until the pale page burns out to white, as under a flash. */
export const overexposed = (img: Buffer) => sharp(img).linear(1.6, 10).jpeg({ quality: 92 }).toBuffer();
