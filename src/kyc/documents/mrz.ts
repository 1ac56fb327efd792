/**
 * The machine-readable zone (ICAO 9303 TD1, TD2, TD3) found in OCR text and parsed with the `mrz`
 * package, which validates every check digit. OCR of the MRZ's filler runs is imprecise, so a line whose
 * only fault is a few `<` too many or too few at its end is brought to the format's length.
 */
import { parse, type Details, type ParseResult } from 'mrz';

const FORMATS = [
  { format: 'TD1', lines: 3, length: 30 },
  { format: 'TD3', lines: 2, length: 44 },
  { format: 'TD2', lines: 2, length: 36 },
] as const;
/** How far a line's length may be off (in trailing fillers) and still be taken for a format's line. */
const FILLER_SLACK = 3;

export interface MrzCheckDigit {
  field: string;
  valid: boolean;
}

export interface MrzReading {
  present: boolean;
  valid: boolean;
  format?: 'TD1' | 'TD2' | 'TD3';
  documentNumber?: string;
  surname?: string;
  givenNames?: string;
  nationality?: string;
  dateOfBirth?: string;
  expiryDate?: string;
  checkDigits: MrzCheckDigit[];
  /** Why it is not valid: a check digit failed, or a field could not be read (a misread letter, a cut line). */
  fault?: 'checksum' | 'unreadable';
}

/** Lines that look like MRZ text: only A–Z, 0–9 and `<` once spaces are dropped, long enough, with fillers. */
export function mrzCandidateLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, '').replace(/«/g, '<<').toUpperCase())
    .filter((l) => l.length >= 26 && /^[A-Z0-9<]+$/.test(l) && l.includes('<'));
}

function fitLength(line: string, length: number): string | undefined {
  if (line.length === length) return line;
  if (Math.abs(line.length - length) > FILLER_SLACK) return undefined;
  if (line.length > length) return /^<+$/.test(line.slice(length)) ? line.slice(0, length) : undefined;
  return line.endsWith('<') ? line.padEnd(length, '<') : undefined;
}

/** The MRZ sits at the bottom of the page: the last lines that fit a format are taken. */
function pickLines(candidates: string[]): { format: (typeof FORMATS)[number]['format']; lines: string[] } | undefined {
  for (const f of FORMATS) {
    if (candidates.length < f.lines) continue;
    const lines = candidates.slice(-f.lines).map((l) => fitLength(l, f.length));
    if (lines.every((l) => l !== undefined)) return { format: f.format, lines: lines as string[] };
  }
  return undefined;
}

const CHECK_DIGIT_NAMES: Record<string, string> = {
  documentNumberCheckDigit: 'documentNumber',
  birthDateCheckDigit: 'dateOfBirth',
  expirationDateCheckDigit: 'expiryDate',
  personalNumberCheckDigit: 'personalNumber',
  compositeCheckDigit: 'composite',
};

/** YYMMDD → YYYY-MM-DD. Birth dates are never in the future; expiry dates are at most 50 years ahead. */
function isoDate(yymmdd: string | null | undefined, kind: 'birth' | 'expiry', now: Date): string | undefined {
  if (!yymmdd || !/^\d{6}$/.test(yymmdd)) return undefined;
  const yy = Number(yymmdd.slice(0, 2));
  const year = now.getUTCFullYear();
  let full = Math.floor(year / 100) * 100 + yy;
  if (kind === 'birth' && full > year) full -= 100;
  if (kind === 'expiry' && full > year + 50) full -= 100;
  if (kind === 'expiry' && full < year - 50) full += 100;
  return `${full}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

const field = (r: ParseResult, name: keyof ParseResult['fields']) => r.fields[name] ?? undefined;
const isCheckDigit = (d: Details) => d.field !== null && d.field in CHECK_DIGIT_NAMES;

export function readMrz(text: string, now: Date): MrzReading {
  const candidates = mrzCandidateLines(text);
  if (candidates.length === 0) return { present: false, valid: false, checkDigits: [] };
  const picked = pickLines(candidates);
  if (!picked) return { present: true, valid: false, checkDigits: [], fault: 'unreadable' };
  let r: ParseResult;
  try {
    r = parse(picked.lines, { autocorrect: true });
  } catch {
    return { present: true, valid: false, checkDigits: [], fault: 'unreadable' };
  }
  const checkDigits = r.details
    .filter(isCheckDigit)
    .map((d) => ({ field: CHECK_DIGIT_NAMES[d.field!]!, valid: d.valid }));
  const badDigit = checkDigits.some((d) => !d.valid);
  const dob = isoDate(field(r, 'birthDate'), 'birth', now);
  const expiry = isoDate(field(r, 'expirationDate'), 'expiry', now);
  const documentNumber = r.documentNumber ?? field(r, 'documentNumber');
  const surname = field(r, 'lastName');
  const givenNames = field(r, 'firstName');
  const nationality = field(r, 'nationality');
  return {
    present: true,
    valid: r.valid,
    format: picked.format,
    ...(documentNumber ? { documentNumber } : {}),
    ...(surname ? { surname } : {}),
    ...(givenNames ? { givenNames } : {}),
    ...(nationality ? { nationality } : {}),
    ...(dob ? { dateOfBirth: dob } : {}),
    ...(expiry ? { expiryDate: expiry } : {}),
    checkDigits,
    ...(r.valid ? {} : { fault: badDigit ? ('checksum' as const) : ('unreadable' as const) }),
  };
}
