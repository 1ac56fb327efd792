/**
 * A strict RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF or LF, newlines inside quotes).
 * Strict on purpose: a row with the wrong number of columns or an unterminated quote means the file
 * is truncated or not the format we think, and the caller must reject the whole source.
 */
import { SourceParseError, head } from './errors.ts';
import { stripBom } from './text.ts';

export interface CsvOptions {
  source: string;
  file: string;
  /** Exact number of columns every row must have; 'first-row': as many as the first row (a header). */
  columns: number | 'first-row';
  /** An empty file is a valid, empty table (otherwise it is rejected as a failed download). */
  allowEmpty?: boolean;
}

/** Removes the BOM and the DOS end-of-file mark (Ctrl-Z) OFAC still appends to its legacy CSVs. */
function trimEnvelope(text: string): string {
  let s = stripBom(text);
  let end = s.length;
  while (end > 0) {
    const c = s.charCodeAt(end - 1);
    if (c === 0x1a || c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09) end--;
    else break;
  }
  if (end !== s.length) s = s.slice(0, end);
  return s;
}

export function parseCsv(text: string, opts: CsvOptions): string[][] {
  const fail = (msg: string): never => {
    throw new SourceParseError(opts.source, opts.file, msg);
  };
  const s = trimEnvelope(text);
  if (s.trim() === '') {
    if (opts.allowEmpty === true) return [];
    fail('file is empty');
  }
  if (/^\s*</.test(s)) fail(`expected CSV, got markup (an HTML error page?): ${head(s)}`);

  const rows: string[][] = [];
  let columns = opts.columns === 'first-row' ? undefined : opts.columns;
  const n = s.length;
  let i = 0;
  let line = 1;
  let row: string[] = [];
  while (i <= n) {
    // Read one field starting at i.
    let field: string;
    if (s.charCodeAt(i) === 0x22 /* " */) {
      let out = '';
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) fail(`unterminated quoted field starting on line ${line} (truncated file?)`);
        out += s.slice(j, q);
        if (s.charCodeAt(q + 1) === 0x22) {
          out += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      for (let k = out.indexOf('\n'); k >= 0; k = out.indexOf('\n', k + 1)) line++;
      // Tolerate spaces between the closing quote and the separator.
      while (s.charCodeAt(i) === 0x20) i++;
      field = out;
    } else {
      let j = i;
      while (j < n) {
        const c = s.charCodeAt(j);
        if (c === 0x2c || c === 0x0a || c === 0x0d) break;
        j++;
      }
      field = s.slice(i, j);
      i = j;
    }
    row.push(field);
    const c = i < n ? s.charCodeAt(i) : -1;
    if (c === 0x2c /* , */) {
      i++;
      continue;
    }
    if (c === 0x0d || c === 0x0a || c === -1) {
      if (c === 0x0d) i++;
      if (i < n && s.charCodeAt(i) === 0x0a) i++;
      const blank = row.length === 1 && row[0] === '';
      if (!blank) {
        columns ??= row.length;
        if (row.length !== columns) {
          fail(`line ${line}: ${row.length} columns, expected ${columns} (truncated or not this format?)`);
        }
        rows.push(row);
      }
      row = [];
      line++;
      if (c === -1) break;
      continue;
    }
    fail(`line ${line}: unexpected character after a quoted field`);
  }
  return rows;
}
