/**
 * A group commit's rows as the writer thread receives them, packed: every text value of the batch
 * concatenated into one string, and per value a type tag and a number (the value, or the text's length) in
 * two typed arrays handed over by transfer. The structured clone of an array per row and a value per cell
 * cost the event loop ~4 % of its time per screening (measured, bench/transactions-cpu.ts); this costs
 * about half of that. JSON was measured too and is slower than the clone: it escapes the JSON texts the
 * rows carry (the stored answer, the request).
 *
 * Exact by construction: a string is the same UTF-16 code units cut from the text by length, a number the
 * same float64 (−0 and NaN included), a bigint its decimal text parsed back. A batch holding anything else
 * (bytes) is not packed: it goes as arrays, as before.
 */
import type { InValue } from '@libsql/client';

/** One table's rows for the thread: its INSERT, the rows, and the values it is to seal (see row-writer.ts). */
export interface RowsForThread {
  sql: string;
  rows: InValue[][];
  seal?: { at: number[]; aad: string[] };
}

export interface PackedRows {
  groups: { sql: string; n: number; width: number; seal?: { at: number[]; aad: string[] } }[];
  tags: Uint8Array;
  nums: Float64Array;
  text: string;
}

const NULL = 0;
const TEXT = 1;
const NUMBER = 2;
const BIGINT = 3;
const TRUE = 4;
const FALSE = 5;

/** The packed form of `groups`, or undefined when a value has no place in it. */
export function packRows(groups: readonly RowsForThread[]): PackedRows | undefined {
  let count = 0;
  for (const g of groups) count += g.rows.length * (g.rows[0]?.length ?? 0);
  const tags = new Uint8Array(count);
  const nums = new Float64Array(count);
  let text = '';
  let k = 0;
  const out: PackedRows['groups'] = [];
  for (const g of groups) {
    const width = g.rows[0]?.length ?? 0;
    out.push({ sql: g.sql, n: g.rows.length, width, ...(g.seal ? { seal: g.seal } : {}) });
    for (const row of g.rows) {
      if (row.length !== width) return undefined;
      for (const v of row) {
        switch (typeof v) {
          case 'string':
            tags[k] = TEXT;
            nums[k] = v.length;
            text += v;
            break;
          case 'number':
            tags[k] = NUMBER;
            nums[k] = v;
            break;
          case 'bigint': {
            const s = v.toString();
            tags[k] = BIGINT;
            nums[k] = s.length;
            text += s;
            break;
          }
          case 'boolean':
            tags[k] = v ? TRUE : FALSE;
            break;
          default:
            if (v !== null) return undefined;
            tags[k] = NULL;
        }
        k++;
      }
    }
  }
  return { groups: out, tags, nums, text };
}

/** The writer thread's side (plain CommonJS, inside its source): `unpackRows(m)` gives back the groups with their rows. */
export const UNPACK_SOURCE = `
const unpackRows = (m) => {
  const { tags, nums, text } = m;
  let k = 0;
  let at = 0;
  return m.groups.map((g) => {
    const rows = new Array(g.n);
    for (let r = 0; r < g.n; r++) {
      const row = new Array(g.width);
      for (let c = 0; c < g.width; c++, k++) {
        const t = tags[k];
        if (t === ${TEXT} || t === ${BIGINT}) {
          const s = text.slice(at, at + nums[k]);
          at += nums[k];
          row[c] = t === ${TEXT} ? s : BigInt(s);
        } else if (t === ${NUMBER}) row[c] = nums[k];
        else row[c] = t === ${TRUE} ? true : t === ${FALSE} ? false : null;
      }
      rows[r] = row;
    }
    return { sql: g.sql, rows, seal: g.seal };
  });
};
`;
