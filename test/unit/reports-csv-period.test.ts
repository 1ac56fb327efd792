/** CSV cells safe for spreadsheets, and reporting periods over UTC epoch milliseconds. */
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../src/reports/csv.ts';
import { periodBounds, periodKey, periodKeys } from '../../src/reports/period.ts';
import { reportRange } from '../../src/reports/range.ts';
import { InvalidInputError } from '../../src/errors.ts';

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    // Numbers are values, not text a user typed: a negative number stays a number.
    expect(csvCell(-2)).toBe('-2');
  });

  it('quotes commas, quotes, line breaks and edge spaces (RFC 4180), and leaves plain cells alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1, true, null])).toBe('a,1,true,\r\n');
  });
});

describe('periods', () => {
  const at = (s: string) => Date.parse(s);
  it('keys days, ISO weeks (starting Monday) and months in UTC', () => {
    expect(periodKey(at('2026-04-05T23:59:59Z'), 'day')).toBe('2026-04-05');
    // 2026-04-05 is a Sunday: its week started Monday 2026-03-30.
    expect(periodKey(at('2026-04-05T23:59:59Z'), 'week')).toBe('2026-03-30');
    expect(periodKey(at('2026-04-06T00:00:00Z'), 'week')).toBe('2026-04-06');
    expect(periodKey(at('2026-04-30T12:00:00Z'), 'month')).toBe('2026-04');
    expect(periodKey(at('1969-12-31T12:00:00Z'), 'week')).toBe('1969-12-29');
  });

  it('lists every period of a range, empty ones too, with clipped bounds', () => {
    const from = at('2026-04-01T00:00:00Z');
    const to = at('2026-07-01T00:00:00Z');
    expect(periodKeys(from, to, 'month')).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(periodKeys(from, to, 'day')).toHaveLength(91);
    const weeks = periodBounds(from, to, 'week');
    expect(weeks[0]).toEqual({ period: '2026-03-30', from, to: at('2026-04-06T00:00:00Z') });
    expect(weeks.at(-1)).toEqual({ period: '2026-06-29', from: at('2026-06-29T00:00:00Z'), to });
  });

  it('a date-only `to` includes that day; more than 366 days, or a reversed range, is invalid input', () => {
    expect(reportRange('2026-04-01', '2026-06-30')).toEqual({
      from: at('2026-04-01T00:00:00Z'),
      to: at('2026-07-01T00:00:00Z'),
    });
    expect(() => reportRange('2025-01-01', '2026-01-02')).toThrow(InvalidInputError);
    expect(() => reportRange('2026-05-01', '2026-04-01')).toThrow(InvalidInputError);
    expect(reportRange('2025-01-01', '2025-12-31').to - reportRange('2025-01-01', '2025-12-31').from).toBe(
      365 * 86_400_000,
    );
  });
});
