/** The packed rows the writer thread receives unpack to exactly the rows that were packed. */
import { describe, expect, it } from 'vitest';
import { packRows, type RowsForThread, UNPACK_SOURCE } from '../../../src/transactions/row-pack.ts';

const unpackRows = new Function(`${UNPACK_SOURCE}; return unpackRows;`)() as (m: unknown) => RowsForThread[];

describe('row packing', () => {
  it('round-trips every value kind exactly, seal positions included', () => {
    const groups: RowsForThread[] = [
      {
        sql: 'insert a',
        rows: [
          ['a\ud800b', '', 'Ämtler 李 🙂', -0, Number.NaN, 2 ** 53 + 2, 0.1 + 0.2, null],
          ['"q"\\\n', 'x'.repeat(5000), '{"k":1}', Number.POSITIVE_INFINITY, -1.5, 0, 1, null],
        ],
        seal: { at: [1, 2], aad: ['aad'] },
      },
      { sql: 'insert b', rows: [[10n ** 30n, -(2n ** 63n), true, false]] },
      { sql: 'insert c', rows: [] },
    ];
    const packed = packRows(groups);
    expect(packed).toBeDefined();
    const back = unpackRows(structuredClone(packed));
    expect(back.map((g) => ({ sql: g.sql, rows: g.rows, seal: g.seal }))).toEqual(
      groups.map((g) => ({ sql: g.sql, rows: g.rows, seal: g.seal })),
    );
    expect(Object.is(back[0]!.rows[0]![3], -0)).toBe(true);
  });

  it('leaves a batch with bytes, or rows of different widths, to the arrays route', () => {
    expect(packRows([{ sql: 's', rows: [[new Uint8Array([1])]] }])).toBeUndefined();
    expect(packRows([{ sql: 's', rows: [['a', 'b'], ['a']] }])).toBeUndefined();
  });
});
