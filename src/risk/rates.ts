/**
 * USD value of an amount: the caller's own amountUsd when given, else the configured rate table.
 * USD stablecoins are 1:1 by definition here (a depeg is a market event, not a screening input).
 */
import { multiply, parseDecimal, type Fixed } from './money.ts';

/** USD per one unit of an asset or currency code (upper case). */
export type RateTable = ReadonlyMap<string, Fixed>;

export const DEFAULT_USD_STABLECOINS = [
  'USD',
  'USDC',
  'USDT',
  'DAI',
  'PYUSD',
  'USDP',
  'TUSD',
  'FDUSD',
  'GUSD',
  'USDS',
  'RLUSD',
  'BUSD',
] as const;

/**
 * Fiat rates used to turn Travel Rule thresholds (EUR, SGD, KRW...) and non-USD assets into USD.
 * Approximate mid-market rates, late 2025. They move: production sets FX_RATES_USD from a rate feed.
 */
export const DEFAULT_FX_RATES_USD: Readonly<Record<string, string>> = {
  EUR: '1.16',
  EURC: '1.16',
  GBP: '1.33',
  CHF: '1.25',
  SGD: '0.77',
  CAD: '0.72',
  AUD: '0.65',
  HKD: '0.1285',
  AED: '0.2723',
  KRW: '0.00069',
  JPY: '0.0065',
};

export function buildRateTable(stablecoins: readonly string[], fx: Readonly<Record<string, string>>): RateTable {
  const table = new Map<string, Fixed>();
  for (const [code, rate] of Object.entries(fx)) table.set(code.toUpperCase(), parseDecimal(rate));
  for (const code of stablecoins) table.set(code.toUpperCase(), parseDecimal('1'));
  return table;
}

/** USD value of `amount` of `asset`, or undefined when the table has no rate for it. */
export function usdValue(amount: Fixed, asset: string, rates: RateTable): Fixed | undefined {
  const rate = rates.get(asset.toUpperCase());
  return rate === undefined ? undefined : multiply(amount, rate);
}
