/**
 * Risk parameters from the environment (documented with their defaults in docs/transactions.md).
 * Money settings are decimal strings parsed exactly; windows are durations ("24h", "7d").
 * Merged into the app config by src/config.ts; nothing here reads process.env itself.
 */
import { z } from 'zod';
import { durationMs } from '../config.ts';
import { RISK_LEVELS, type RiskLevel } from '../db/schema/customers.ts';
import { isCountryOrSubdivision } from '../travel-rule/iso3166.ts';
import { JURISDICTIONS, type Jurisdiction } from '../travel-rule/thresholds.ts';
import { decimalProblem, parseDecimal, ratio, type Fixed } from './money.ts';
import { buildRateTable, DEFAULT_FX_RATES_USD, DEFAULT_USD_STABLECOINS, type RateTable } from './rates.ts';
import { DEFAULT_WEIGHTS, WEIGHT_KEYS, type WeightKey } from './reasons.ts';

export const DAY_MS = 86_400_000;

export interface RiskConfig {
  travelRuleJurisdiction: Jurisdiction;
  rates: RateTable;
  limits: {
    /** Per-transaction and rolling-24 h limits for a medium-risk customer; other levels scale them. */
    singleUsd: Fixed;
    dailyUsd: Fixed;
    levelFactors: Readonly<Record<RiskLevel, Fixed>>;
    /** Customers who are not verified: above this per transaction or per 24 h, review. */
    unverifiedUsd: Fixed;
  };
  monitoring: {
    dailyVolumeUsd: Fixed;
    dailyCount: number;
    /** Monitoring thresholds are multiplied by this for customers under enhanced monitoring. */
    enhancedFactor: Fixed;
  };
  burst: { count: number; windowMs: number };
  structuring: {
    thresholdsUsd: Fixed[];
    includeTravelRuleThreshold: boolean;
    band: Fixed;
    minCount: number;
    windowMs: number;
  };
  rapidMovement: { windowMs: number; tolerance: Fixed; minUsd: Fixed };
  fan: { minCounterparties: number; windowMs: number };
  newAccount: { maxAgeMs: number; minUsd: Fixed };
  dormancy: { minGapMs: number; minUsd: Fixed };
  sanctions: { nameBlockScore: number };
  jurisdictions: { sanctioned: ReadonlySet<string>; fatfBlack: ReadonlySet<string>; fatfGrey: ReadonlySet<string> };
  weights: Readonly<Record<WeightKey, number>>;
  decision: { reviewAbove: number; enhancedAbove: number };
}

/** Comprehensive embargoes: Cuba, Iran, North Korea, Syria, and the occupied Ukrainian regions (Crimea, Sevastopol, Donetsk, Luhansk). */
export const DEFAULT_SANCTIONED = 'CU,IR,KP,SY,UA-43,UA-40,UA-14,UA-09';
/** FATF "call for action" (black list). */
export const DEFAULT_FATF_BLACK = 'KP,IR,MM';
/** FATF "increased monitoring" (grey list) after the June 2026 plenary. */
export const DEFAULT_FATF_GREY = 'AO,BO,BA,BG,CM,CI,CD,HT,IQ,KE,KW,LA,LB,MC,NP,PG,SS,SY,VE,VN,VG,YE';

const money = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .superRefine((v, ctx) => {
      const problem = decimalProblem(v.trim());
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((v) => parseDecimal(v.trim()));

const share = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => decimalProblem(v.trim()) === undefined, 'a decimal such as 0.1')
    .transform((v) => ratio(v.trim()));

const count = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);
const score = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

const regionList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const codes = v
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
      for (const c of codes)
        if (!isCountryOrSubdivision(c))
          ctx.addIssue({ code: 'custom', message: `"${c}" is not an ISO 3166-1 alpha-2 or ISO 3166-2 code` });
      return new Set(codes) as ReadonlySet<string>;
    });

/** "KEY:value,KEY2:value2" → record, each value checked by `check`. */
function pairs<T>(
  text: string,
  ctx: z.RefinementCtx,
  check: (key: string, value: string) => T | string,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const entry of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const sep = entry.lastIndexOf(':');
    const key = entry.slice(0, sep).trim();
    const value = entry.slice(sep + 1).trim();
    if (sep <= 0) {
      ctx.addIssue({ code: 'custom', message: `"${entry}": expected KEY:value` });
      continue;
    }
    const result = check(key, value);
    if (typeof result === 'string') ctx.addIssue({ code: 'custom', message: `"${entry}": ${result}` });
    else out[key] = result;
  }
  return out;
}

/** Built on first use: the schema reads `durationMs` from ../config.ts, which imports this module. */
function riskEnvSchema() {
  return z.object({
    TRAVEL_RULE_JURISDICTION: z.enum(JURISDICTIONS).default('FATF'),
    FX_RATES_USD: z
      .string()
      .default('')
      .transform((v, ctx) =>
        pairs(v, ctx, (code, rate) =>
          /^[A-Z0-9]{2,12}$/i.test(code)
            ? decimalProblem(rate)
              ? `rate: ${decimalProblem(rate)}`
              : { code: code.toUpperCase(), rate }
            : 'asset codes are 2-12 letters or digits',
        ),
      ),
    USD_STABLECOINS: z.string().default(DEFAULT_USD_STABLECOINS.join(',')),
    RISK_LIMIT_SINGLE_USD: money('50000'),
    RISK_LIMIT_DAILY_USD: money('100000'),
    RISK_LEVEL_LIMIT_FACTORS: z
      .string()
      .default('low:2,medium:1,high:0.25')
      .transform((v, ctx) => {
        const parsed = pairs(v, ctx, (level, factor) =>
          !(RISK_LEVELS as readonly string[]).includes(level)
            ? `unknown risk level (known: ${RISK_LEVELS.join(', ')})`
            : decimalProblem(factor)
              ? 'a decimal factor such as 0.5'
              : ratio(factor),
        );
        return {
          low: parsed.low ?? ratio('2'),
          medium: parsed.medium ?? ratio('1'),
          high: parsed.high ?? ratio('0.25'),
        } satisfies Record<RiskLevel, Fixed>;
      }),
    RISK_UNVERIFIED_LIMIT_USD: money('1000'),
    RISK_MONITOR_DAILY_VOLUME_USD: money('10000'),
    RISK_MONITOR_DAILY_COUNT: count(50),
    RISK_ENHANCED_MONITORING_FACTOR: share('0.5'),
    RISK_BURST_COUNT: count(5),
    RISK_BURST_WINDOW: durationMs.default(5 * 60_000),
    RISK_STRUCTURING_THRESHOLDS_USD: z
      .string()
      .default('10000')
      .transform((v, ctx) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((s) => {
            const problem = decimalProblem(s);
            if (problem) ctx.addIssue({ code: 'custom', message: `"${s}": ${problem}` });
            return problem ? 0n : parseDecimal(s);
          }),
      ),
    RISK_STRUCTURING_INCLUDE_TRAVEL_RULE: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    RISK_STRUCTURING_BAND: share('0.1'),
    RISK_STRUCTURING_MIN_COUNT: count(3),
    RISK_STRUCTURING_WINDOW: durationMs.default(7 * DAY_MS),
    RISK_RAPID_MOVEMENT_WINDOW: durationMs.default(DAY_MS),
    RISK_RAPID_MOVEMENT_TOLERANCE: share('0.1'),
    RISK_RAPID_MOVEMENT_MIN_USD: money('1000'),
    RISK_FAN_MIN_COUNTERPARTIES: count(5),
    RISK_FAN_WINDOW: durationMs.default(DAY_MS),
    RISK_NEW_ACCOUNT_AGE: durationMs.default(DAY_MS),
    RISK_NEW_ACCOUNT_MIN_USD: money('5000'),
    RISK_DORMANCY: durationMs.default(90 * DAY_MS),
    RISK_DORMANT_MIN_USD: money('1000'),
    RISK_NAME_BLOCK_SCORE: score(0.95),
    RISK_SANCTIONED_JURISDICTIONS: regionList(DEFAULT_SANCTIONED),
    RISK_FATF_BLACKLIST: regionList(DEFAULT_FATF_BLACK),
    RISK_FATF_GREYLIST: regionList(DEFAULT_FATF_GREY),
    RISK_WEIGHTS: z
      .string()
      .default('')
      .transform((v, ctx) =>
        pairs(v, ctx, (key, w) => {
          if (!(WEIGHT_KEYS as readonly string[]).includes(key))
            return `unknown weight key (known: ${WEIGHT_KEYS.join(', ')})`;
          const n = Number(w);
          return /^\d+(\.\d+)?$/.test(w) && n >= 0 && n <= 1 ? n : 'a weight between 0 and 1';
        }),
      ),
    RISK_REVIEW_SCORE: score(0.8),
    RISK_ENHANCED_SCORE: score(0.6),
  });
}

let schema: ReturnType<typeof riskEnvSchema> | undefined;

export function loadRiskConfig(env: NodeJS.ProcessEnv): RiskConfig {
  schema ??= riskEnvSchema();
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid risk configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const fx: Record<string, string> = { ...DEFAULT_FX_RATES_USD };
  for (const { code, rate } of Object.values(e.FX_RATES_USD)) fx[code] = rate;
  const stablecoins = e.USD_STABLECOINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    travelRuleJurisdiction: e.TRAVEL_RULE_JURISDICTION,
    rates: buildRateTable(stablecoins, fx),
    limits: {
      singleUsd: e.RISK_LIMIT_SINGLE_USD,
      dailyUsd: e.RISK_LIMIT_DAILY_USD,
      levelFactors: e.RISK_LEVEL_LIMIT_FACTORS,
      unverifiedUsd: e.RISK_UNVERIFIED_LIMIT_USD,
    },
    monitoring: {
      dailyVolumeUsd: e.RISK_MONITOR_DAILY_VOLUME_USD,
      dailyCount: e.RISK_MONITOR_DAILY_COUNT,
      enhancedFactor: e.RISK_ENHANCED_MONITORING_FACTOR,
    },
    burst: { count: e.RISK_BURST_COUNT, windowMs: e.RISK_BURST_WINDOW },
    structuring: {
      thresholdsUsd: e.RISK_STRUCTURING_THRESHOLDS_USD,
      includeTravelRuleThreshold: e.RISK_STRUCTURING_INCLUDE_TRAVEL_RULE,
      band: e.RISK_STRUCTURING_BAND,
      minCount: e.RISK_STRUCTURING_MIN_COUNT,
      windowMs: e.RISK_STRUCTURING_WINDOW,
    },
    rapidMovement: {
      windowMs: e.RISK_RAPID_MOVEMENT_WINDOW,
      tolerance: e.RISK_RAPID_MOVEMENT_TOLERANCE,
      minUsd: e.RISK_RAPID_MOVEMENT_MIN_USD,
    },
    fan: { minCounterparties: e.RISK_FAN_MIN_COUNTERPARTIES, windowMs: e.RISK_FAN_WINDOW },
    newAccount: { maxAgeMs: e.RISK_NEW_ACCOUNT_AGE, minUsd: e.RISK_NEW_ACCOUNT_MIN_USD },
    dormancy: { minGapMs: e.RISK_DORMANCY, minUsd: e.RISK_DORMANT_MIN_USD },
    sanctions: { nameBlockScore: e.RISK_NAME_BLOCK_SCORE },
    jurisdictions: {
      sanctioned: e.RISK_SANCTIONED_JURISDICTIONS,
      fatfBlack: e.RISK_FATF_BLACKLIST,
      fatfGrey: e.RISK_FATF_GREYLIST,
    },
    weights: { ...DEFAULT_WEIGHTS, ...(e.RISK_WEIGHTS as Partial<Record<WeightKey, number>>) },
    decision: { reviewAbove: e.RISK_REVIEW_SCORE, enhancedAbove: e.RISK_ENHANCED_SCORE },
  };
}

/** How far back a user's history must reach for every rule: the longest window. */
export function historyHorizonMs(c: RiskConfig): number {
  return Math.max(DAY_MS, c.burst.windowMs, c.structuring.windowMs, c.rapidMovement.windowMs, c.fan.windowMs);
}
