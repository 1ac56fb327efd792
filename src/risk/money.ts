/**
 * Exact money. Amounts travel as decimal strings and are held as bigints scaled by 10^18
 * ("Fixed"), so 0.1 + 0.2 is 0.3 and a 15-digit balance never loses a cent. No float ever
 * touches an amount: a float would make limits and structuring bands off by rounding.
 */

/** Fractional digits of a Fixed value: enough for ETH's 18 decimals, so any on-chain amount is exact. */
export const SCALE = 18;
const ONE = 10n ** BigInt(SCALE);

/** A decimal number times 10^18. */
export type Fixed = bigint;

export interface DecimalLimits {
  maxIntegerDigits: number;
  maxFractionDigits: number;
}

/** 15 integer digits (a quadrillion) is far above any real transfer and keeps sums far from overflow concerns. */
export const AMOUNT_LIMITS: DecimalLimits = { maxIntegerDigits: 15, maxFractionDigits: SCALE };

/** Plain decimal: no sign, no exponent, no leading zeros, no bare dot. */
const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

/** Why `text` is not an acceptable decimal amount, or undefined when it is. */
export function decimalProblem(text: string, limits: DecimalLimits = AMOUNT_LIMITS): string | undefined {
  if (text.length > 64) return 'too long for an amount';
  const m = DECIMAL.exec(text);
  if (!m) return 'expected a plain decimal string such as "1234.56" (no sign, exponent, or leading zeros)';
  if (m[1]!.length > limits.maxIntegerDigits) return `too large: at most ${limits.maxIntegerDigits} integer digits`;
  if ((m[2]?.length ?? 0) > limits.maxFractionDigits) return `too many decimals: at most ${limits.maxFractionDigits}`;
  return undefined;
}

/** Parses a decimal string exactly; throws on anything decimalProblem rejects (validate first at the edge). */
export function parseDecimal(text: string, limits: DecimalLimits = AMOUNT_LIMITS): Fixed {
  const problem = decimalProblem(text, limits);
  if (problem) throw new RangeError(`invalid decimal "${text.slice(0, 40)}": ${problem}`);
  const [int, frac = ''] = text.split('.');
  return BigInt(int!) * ONE + BigInt(frac.padEnd(SCALE, '0'));
}

/** Shortest exact decimal string: trailing fractional zeros dropped ("1000", "0.5"). */
export function formatDecimal(value: Fixed): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const int = abs / ONE;
  const rest = abs % ONE;
  const sign = negative ? '-' : '';
  // Whole amounts are the common case (limits, thresholds, round transfers): no fraction to trim.
  if (rest === 0n) return `${sign}${int}`;
  const digits = rest.toString().padStart(SCALE, '0');
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48 /* "0" */) end--;
  return `${sign}${int}.${digits.slice(0, end)}`;
}

/** Whole units (e.g. a configured threshold of 10000) as Fixed. */
export function units(n: number | bigint): Fixed {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`units() takes an integer, got ${n}`);
  return BigInt(n) * ONE;
}

/** a × b for two Fixed values, truncated at the 18th decimal (a rounding error below 10^-18). */
export function multiply(a: Fixed, b: Fixed): Fixed {
  return (a * b) / ONE;
}

/** a × share where share is a Fixed ratio (0.9 → 0.9 × 10^18). */
export const scale = multiply;

/** |a − b| ≤ reference × tolerance, exactly. */
export function withinTolerance(a: Fixed, b: Fixed, reference: Fixed, tolerance: Fixed): boolean {
  const diff = a > b ? a - b : b - a;
  return diff * ONE <= reference * tolerance;
}

export function sum(values: Iterable<Fixed>): Fixed {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/**
 * A ratio such as 0.1 or 2 as Fixed, from a decimal string or a number written in configuration.
 * Numbers go through their shortest decimal representation, never through float arithmetic.
 */
export function ratio(value: string | number): Fixed {
  const text = typeof value === 'number' ? String(value) : value;
  return parseDecimal(text, { maxIntegerDigits: 15, maxFractionDigits: SCALE });
}
