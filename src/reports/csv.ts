/**
 * CSV cells (RFC 4180) that are safe to open in a spreadsheet. A cell starting with = + - @ (or a tab or carriage
 * return, which some spreadsheets skip before evaluating) would run as a formula when an officer opens the export:
 * it gets a leading apostrophe, the OWASP "CSV injection" defence, so it shows as the text it is.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
