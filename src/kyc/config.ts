/**
 * KYC settings from the environment: one block per identity provider (enabled when its credentials
 * are set), the PII key, routing preferences, costs and resilience knobs. Merged into the app
 * config by src/config.ts; nothing here reads process.env itself.
 */
import { z } from 'zod';
import { durationMs } from '../config.ts';
import { isCountryAlpha2 } from './countries.ts';
import { REAL_PROVIDER_IDS, type ProviderId, type RiskLevel } from './types.ts';

type RealProviderId = (typeof REAL_PROVIDER_IDS)[number];

const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const baseUrl = (fallback: string) =>
  z
    .string()
    .url()
    .default(fallback)
    .transform((v) => v.replace(/\/+$/, ''));

const countryList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const codes = v
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
      for (const c of codes)
        if (!isCountryAlpha2(c)) ctx.addIssue({ code: 'custom', message: `"${c}" is not an ISO 3166-1 alpha-2 code` });
      return new Set(codes);
    });

const providerList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ids = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const id of ids)
        if (!(REAL_PROVIDER_IDS as readonly string[]).includes(id))
          ctx.addIssue({ code: 'custom', message: `unknown provider "${id}"` });
      return new Set(ids as RealProviderId[]);
    });

const realProvider = z.enum(REAL_PROVIDER_IDS);

/** "jumio:3.50,onfido:2.80" → price per verification in USD cents (money is exact: integers). */
const costList = z
  .string()
  .default('')
  .transform((v, ctx) => {
    const out: Partial<Record<RealProviderId, number>> = {};
    for (const entry of v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^([a-z]+):(\d+)(?:\.(\d{1,2}))?$/.exec(entry);
      if (!m || !(REAL_PROVIDER_IDS as readonly string[]).includes(m[1]!)) {
        ctx.addIssue({ code: 'custom', message: `"${entry}": expected provider:price such as jumio:3.50` });
        continue;
      }
      out[m[1] as RealProviderId] = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
    }
    return out;
  });

/** The seed's negotiated prices (USD); Sumsub and Veriff are placeholders until contracts say otherwise. */
export const DEFAULT_COST_CENTS: Record<RealProviderId, number> = {
  jumio: 350,
  onfido: 280,
  shufti: 420,
  sumsub: 300,
  veriff: 300,
};

/** FATF "call for action" jurisdictions plus comprehensively sanctioned ones (a snapshot; configure). */
export const DEFAULT_HIGH_RISK_COUNTRIES = 'KP,IR,MM,CU,SY';
/** FATF "increased monitoring" list (snapshot of 2025; configure). */
export const DEFAULT_MEDIUM_RISK_COUNTRIES = 'DZ,AO,BO,BG,CM,CI,CD,HT,KE,LA,LB,MC,MZ,NA,NP,NG,ZA,SS,TZ,VE,VN,YE';
/** EU member states (data residency applies to residents of these). */
export const EU_COUNTRIES = 'AT,BE,BG,HR,CY,CZ,DK,EE,FI,FR,DE,GR,HU,IE,IT,LV,LT,LU,MT,NL,PL,PT,RO,SK,SI,ES,SE';

const DAY_MS = 86_400_000;
/** A duration that may also be given in years ("1y" = 365 days), for review cycles. */
const longDuration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d|y)?$/, 'a duration such as 1y, 730d, 12h')
  .transform((v) => {
    const m = /^(\d+)(ms|s|m|h|d|y)?$/.exec(v)!;
    const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS, y: 365 * DAY_MS }[m[2] ?? 'ms']!;
    return Number(m[1]) * unit;
  });

/**
 * Built on first use, not at import: src/config.ts imports this module and this module uses its
 * `durationMs`, so a top-level schema would read that binding before it is initialised.
 */
function kycEnvSchema() {
  return z.object({
    ONFIDO_API_URL: baseUrl('https://api.eu.onfido.com/v3.6'),
    ONFIDO_API_TOKEN: optionalSecret,
    ONFIDO_WEBHOOK_TOKEN: optionalSecret,
    ONFIDO_WORKFLOW_ID: optionalSecret,

    JUMIO_AUTH_URL: baseUrl('https://auth.amer-1.jumio.ai'),
    JUMIO_ACCOUNT_URL: baseUrl('https://account.amer-1.jumio.ai'),
    JUMIO_RETRIEVAL_URL: baseUrl('https://retrieval.amer-1.jumio.ai'),
    JUMIO_CLIENT_ID: optionalSecret,
    JUMIO_CLIENT_SECRET: optionalSecret,
    JUMIO_WORKFLOW_KEY: z.coerce.number().int().positive().default(10011),

    SHUFTI_API_URL: baseUrl('https://api.shuftipro.com'),
    SHUFTI_CLIENT_ID: optionalSecret,
    SHUFTI_SECRET_KEY: optionalSecret,

    SUMSUB_API_URL: baseUrl('https://api.sumsub.com'),
    SUMSUB_APP_TOKEN: optionalSecret,
    SUMSUB_SECRET_KEY: optionalSecret,
    SUMSUB_WEBHOOK_SECRET: optionalSecret,
    SUMSUB_LEVEL_NAME: z.string().min(1).default('basic-kyc-level'),

    VERIFF_API_URL: baseUrl('https://stationapi.veriff.com'),
    VERIFF_API_KEY: optionalSecret,
    VERIFF_SHARED_SECRET: optionalSecret,

    PII_ENCRYPTION_KEY: optionalSecret,

    KYC_DEFAULT_PROVIDER: realProvider.default('jumio'),
    KYC_HIGH_RISK_PROVIDER: realProvider.default('shufti'),
    KYC_EU_PROVIDER: realProvider.default('onfido'),
    /** rules: the risk-based preferred provider first, then the ranking; cost: the ranking alone (high risk still prefers the thorough one). */
    KYC_ROUTING_STRATEGY: z.enum(['rules', 'cost']).default('rules'),
    KYC_EU_RESIDENCY_PROVIDERS: providerList('onfido,veriff'),
    /** When true (default) an EU resident is only ever sent to a provider in KYC_EU_RESIDENCY_PROVIDERS. */
    KYC_EU_RESIDENCY_STRICT: z
      .enum(['true', 'false', '1', '0'])
      .default('true')
      .transform((v) => v === 'true' || v === '1'),
    KYC_HIGH_RISK_COUNTRIES: countryList(DEFAULT_HIGH_RISK_COUNTRIES),
    KYC_MEDIUM_RISK_COUNTRIES: countryList(DEFAULT_MEDIUM_RISK_COUNTRIES),
    KYC_PROVIDER_COSTS: costList,
    /** Seed design: a high-risk applicant goes only to a provider that concludes at least 90% of its sessions. */
    KYC_SUCCESS_RATE_FLOOR: z.coerce.number().min(0).max(1).default(0.9),
    KYC_SUCCESS_RATE_MIN_SAMPLES: z.coerce.number().int().min(1).default(20),
    KYC_STATS_WINDOW: durationMs.default(30 * 86_400_000),
    KYC_PROVIDER_TIMEOUT: durationMs.default(15_000),
    /** The whole start call, failover included: the onboarding page is waiting for the answer. */
    KYC_START_DEADLINE: durationMs.default(8_000),
    /** One provider's share of the start deadline: a hanging provider leaves time for the next one. */
    KYC_START_ATTEMPT_TIMEOUT: durationMs.default(3_000),
    /** Enhanced due diligence: a person looks at a high-risk applicant even when the provider approves. */
    KYC_HIGH_RISK_MANUAL_REVIEW: z
      .enum(['true', 'false', '1', '0'])
      .default('true')
      .transform((v) => v === 'true' || v === '1'),
    KYC_PROVIDER_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    KYC_PROVIDER_BACKOFF: durationMs.default(250),
    KYC_CIRCUIT_FAILURES: z.coerce.number().int().min(1).default(5),
    KYC_CIRCUIT_COOLDOWN: durationMs.default(60_000),
    KYC_SESSION_TTL: durationMs.default(7 * 86_400_000),
    KYC_JUMIO_RETRIEVAL_DELAYS: z
      .string()
      .default('40s,60s,100s,180s,300s')
      .transform((v, ctx) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((s) => {
            const r = durationMs.safeParse(s);
            if (!r.success) ctx.addIssue({ code: 'custom', message: `"${s}" is not a duration` });
            return r.success ? r.data : 0;
          }),
      ),

    // Document pre-check (issue 15 §1).
    DOCUMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /** The seed's value: below it the applicant is asked for a clearer image. */
    DOCUMENT_MIN_OCR_CONFIDENCE: z.coerce.number().min(0).max(100).default(80),
    DOCUMENT_MIN_WIDTH: z.coerce.number().int().positive().default(1000),
    DOCUMENT_MIN_HEIGHT: z.coerce.number().int().positive().default(600),
    DOCUMENT_MIN_SHARPNESS: z.coerce.number().min(0).default(100),
    DOCUMENT_MAX_GLARE: z.coerce.number().min(0).max(1).default(0.05),
    DOCUMENT_OCR_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
    DOCUMENT_OCR_QUEUE: z.coerce.number().int().min(0).max(1000).default(16),

    // Periodic re-verification (issue 15 §2).
    KYC_REVERIFY_HIGH: longDuration.default(365 * DAY_MS),
    KYC_REVERIFY_MEDIUM: longDuration.default(2 * 365 * DAY_MS),
    KYC_REVERIFY_LOW: longDuration.default(3 * 365 * DAY_MS),
    KYC_REVERIFY_GRACE: longDuration.default(30 * DAY_MS),

    // Provider data (issue 15 §3).
    /** Shufti Pro's address service for the high-risk tier (the seed requests it); off unless configured. */
    SHUFTI_ADDRESS_PROOF: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    JUMIO_SUCCESS_URL: z.string().url().optional(),
    JUMIO_ERROR_URL: z.string().url().optional(),

    // Business customers (issue 15 §4): owners at or above this share (percent) need a person verification.
    KYB_OWNERSHIP_THRESHOLD: z.coerce.number().gt(0).max(100).default(25),
  });
}
let kycEnv: ReturnType<typeof kycEnvSchema> | undefined;

export interface OnfidoSettings {
  apiUrl: string;
  apiToken: string;
  webhookToken: string;
  workflowId: string;
}
export interface JumioSettings {
  authUrl: string;
  accountUrl: string;
  retrievalUrl: string;
  clientId: string;
  clientSecret: string;
  workflowKey: number;
  /** Where Jumio's web flow sends the applicant when it ends well or not (the seed's successUrl/errorUrl). */
  successUrl?: string;
  errorUrl?: string;
}
export interface ShuftiSettings {
  apiUrl: string;
  clientId: string;
  secretKey: string;
  /** Ask high-risk applicants for a proof of address (Shufti's address service). */
  addressProof: boolean;
}
export interface SumsubSettings {
  apiUrl: string;
  appToken: string;
  secretKey: string;
  webhookSecret: string;
  levelName: string;
}
export interface VeriffSettings {
  apiUrl: string;
  apiKey: string;
  sharedSecret: string;
}

export interface KycConfig {
  providers: {
    onfido?: OnfidoSettings;
    jumio?: JumioSettings;
    shufti?: ShuftiSettings;
    sumsub?: SumsubSettings;
    veriff?: VeriffSettings;
  };
  /** True when no real provider is configured outside production: the local sandbox stands in. */
  sandbox: boolean;
  /** Base64 of 32 bytes, or undefined (development creates one beside the database). */
  piiKey?: string;
  routing: {
    strategy: 'rules' | 'cost';
    defaultProvider: RealProviderId;
    highRiskProvider: RealProviderId;
    euProvider: RealProviderId;
    euResidencyProviders: ReadonlySet<ProviderId>;
    euResidencyStrict: boolean;
    euCountries: ReadonlySet<string>;
    highRiskCountries: ReadonlySet<string>;
    mediumRiskCountries: ReadonlySet<string>;
    costCents: Record<ProviderId, number>;
    successRateFloor: number;
    successRateMinSamples: number;
    statsWindowMs: number;
  };
  http: { timeoutMs: number; retries: number; backoffMs: number };
  /** Deadline of a whole session start (failover included) and the most one provider attempt may take of it. */
  start: { deadlineMs: number; attemptTimeoutMs: number };
  /** A provider approval of a high-risk applicant goes to manual review. */
  highRiskManualReview: boolean;
  circuit: { failureThreshold: number; cooldownMs: number };
  sessionTtlMs: number;
  jumioRetrievalDelaysMs: number[];
  documents: DocumentCheckConfig;
  /** Re-verification interval per risk level, and the grace after it falls due before limits apply. */
  reverify: { intervalMs: Record<RiskLevel, number>; graceMs: number };
  kybOwnershipThresholdPercent: number;
}

export interface DocumentCheckConfig {
  maxBytes: number;
  minOcrConfidence: number;
  minWidth: number;
  minHeight: number;
  /** Variance of the Laplacian of the greyscale image at a fixed working size. */
  minSharpness: number;
  /** Largest share of blown-out pixels. */
  maxGlare: number;
  ocrWorkers: number;
  /** Checks allowed to wait for an OCR worker; beyond it the answer is 503. */
  ocrQueue: number;
}

export type KycEnv = z.output<ReturnType<typeof kycEnvSchema>>;

/** A provider block is either complete or absent: half a configuration is a start-up error, not a silent disable. */
function block<T>(
  name: string,
  values: Record<string, string | undefined>,
  build: (v: Record<string, string>) => T,
  problems: string[],
): T | undefined {
  const set = Object.entries(values).filter(([, v]) => v !== undefined);
  if (set.length === 0) return undefined;
  const missing = Object.entries(values)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length > 0) {
    problems.push(`  ${name}: ${missing.join(', ')} must be set too (or unset ${set.map(([k]) => k).join(', ')})`);
    return undefined;
  }
  return build(values as Record<string, string>);
}

export function buildKycConfig(e: KycEnv, nodeEnv: 'development' | 'production' | 'test'): KycConfig {
  const problems: string[] = [];
  const providers: KycConfig['providers'] = {
    onfido: block(
      'Onfido',
      {
        ONFIDO_API_TOKEN: e.ONFIDO_API_TOKEN,
        ONFIDO_WEBHOOK_TOKEN: e.ONFIDO_WEBHOOK_TOKEN,
        ONFIDO_WORKFLOW_ID: e.ONFIDO_WORKFLOW_ID,
      },
      (v) => ({
        apiUrl: e.ONFIDO_API_URL,
        apiToken: v.ONFIDO_API_TOKEN!,
        webhookToken: v.ONFIDO_WEBHOOK_TOKEN!,
        workflowId: v.ONFIDO_WORKFLOW_ID!,
      }),
      problems,
    ),
    jumio: block(
      'Jumio',
      { JUMIO_CLIENT_ID: e.JUMIO_CLIENT_ID, JUMIO_CLIENT_SECRET: e.JUMIO_CLIENT_SECRET },
      (v) => ({
        authUrl: e.JUMIO_AUTH_URL,
        accountUrl: e.JUMIO_ACCOUNT_URL,
        retrievalUrl: e.JUMIO_RETRIEVAL_URL,
        clientId: v.JUMIO_CLIENT_ID!,
        clientSecret: v.JUMIO_CLIENT_SECRET!,
        workflowKey: e.JUMIO_WORKFLOW_KEY,
        ...(e.JUMIO_SUCCESS_URL ? { successUrl: e.JUMIO_SUCCESS_URL } : {}),
        ...(e.JUMIO_ERROR_URL ? { errorUrl: e.JUMIO_ERROR_URL } : {}),
      }),
      problems,
    ),
    shufti: block(
      'Shufti Pro',
      { SHUFTI_CLIENT_ID: e.SHUFTI_CLIENT_ID, SHUFTI_SECRET_KEY: e.SHUFTI_SECRET_KEY },
      (v) => ({
        apiUrl: e.SHUFTI_API_URL,
        clientId: v.SHUFTI_CLIENT_ID!,
        secretKey: v.SHUFTI_SECRET_KEY!,
        addressProof: e.SHUFTI_ADDRESS_PROOF,
      }),
      problems,
    ),
    sumsub: block(
      'Sumsub',
      {
        SUMSUB_APP_TOKEN: e.SUMSUB_APP_TOKEN,
        SUMSUB_SECRET_KEY: e.SUMSUB_SECRET_KEY,
        SUMSUB_WEBHOOK_SECRET: e.SUMSUB_WEBHOOK_SECRET,
      },
      (v) => ({
        apiUrl: e.SUMSUB_API_URL,
        appToken: v.SUMSUB_APP_TOKEN!,
        secretKey: v.SUMSUB_SECRET_KEY!,
        webhookSecret: v.SUMSUB_WEBHOOK_SECRET!,
        levelName: e.SUMSUB_LEVEL_NAME,
      }),
      problems,
    ),
    veriff: block(
      'Veriff',
      { VERIFF_API_KEY: e.VERIFF_API_KEY, VERIFF_SHARED_SECRET: e.VERIFF_SHARED_SECRET },
      (v) => ({
        apiUrl: e.VERIFF_API_URL,
        apiKey: v.VERIFF_API_KEY!,
        sharedSecret: v.VERIFF_SHARED_SECRET!,
      }),
      problems,
    ),
  };
  if (e.PII_ENCRYPTION_KEY !== undefined && Buffer.from(e.PII_ENCRYPTION_KEY, 'base64').length !== 32) {
    problems.push('  PII_ENCRYPTION_KEY: must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  }
  if (nodeEnv === 'production' && e.PII_ENCRYPTION_KEY === undefined) {
    problems.push(
      '  PII_ENCRYPTION_KEY: required in production (32 bytes, base64): personal data is encrypted at rest with it',
    );
  }
  if (e.KYC_START_ATTEMPT_TIMEOUT > e.KYC_START_DEADLINE) {
    problems.push(
      '  KYC_START_ATTEMPT_TIMEOUT: must not exceed KYC_START_DEADLINE (one attempt cannot outlast the whole start)',
    );
  }
  if (problems.length > 0) throw new Error(`invalid KYC configuration:\n${problems.join('\n')}`);

  const anyReal = Object.values(providers).some((p) => p !== undefined);
  return {
    providers,
    sandbox: !anyReal && nodeEnv !== 'production',
    piiKey: e.PII_ENCRYPTION_KEY,
    routing: {
      strategy: e.KYC_ROUTING_STRATEGY,
      defaultProvider: e.KYC_DEFAULT_PROVIDER,
      highRiskProvider: e.KYC_HIGH_RISK_PROVIDER,
      euProvider: e.KYC_EU_PROVIDER,
      euResidencyProviders: e.KYC_EU_RESIDENCY_PROVIDERS,
      euResidencyStrict: e.KYC_EU_RESIDENCY_STRICT,
      euCountries: new Set(EU_COUNTRIES.split(',')),
      highRiskCountries: e.KYC_HIGH_RISK_COUNTRIES,
      mediumRiskCountries: e.KYC_MEDIUM_RISK_COUNTRIES,
      costCents: { ...DEFAULT_COST_CENTS, sandbox: 0, ...e.KYC_PROVIDER_COSTS },
      successRateFloor: e.KYC_SUCCESS_RATE_FLOOR,
      successRateMinSamples: e.KYC_SUCCESS_RATE_MIN_SAMPLES,
      statsWindowMs: e.KYC_STATS_WINDOW,
    },
    http: { timeoutMs: e.KYC_PROVIDER_TIMEOUT, retries: e.KYC_PROVIDER_RETRIES, backoffMs: e.KYC_PROVIDER_BACKOFF },
    start: { deadlineMs: e.KYC_START_DEADLINE, attemptTimeoutMs: e.KYC_START_ATTEMPT_TIMEOUT },
    highRiskManualReview: e.KYC_HIGH_RISK_MANUAL_REVIEW,
    circuit: { failureThreshold: e.KYC_CIRCUIT_FAILURES, cooldownMs: e.KYC_CIRCUIT_COOLDOWN },
    sessionTtlMs: e.KYC_SESSION_TTL,
    jumioRetrievalDelaysMs: e.KYC_JUMIO_RETRIEVAL_DELAYS,
    documents: {
      maxBytes: e.DOCUMENT_MAX_BYTES,
      minOcrConfidence: e.DOCUMENT_MIN_OCR_CONFIDENCE,
      minWidth: e.DOCUMENT_MIN_WIDTH,
      minHeight: e.DOCUMENT_MIN_HEIGHT,
      minSharpness: e.DOCUMENT_MIN_SHARPNESS,
      maxGlare: e.DOCUMENT_MAX_GLARE,
      ocrWorkers: e.DOCUMENT_OCR_WORKERS,
      ocrQueue: e.DOCUMENT_OCR_QUEUE,
    },
    reverify: {
      intervalMs: { high: e.KYC_REVERIFY_HIGH, medium: e.KYC_REVERIFY_MEDIUM, low: e.KYC_REVERIFY_LOW },
      graceMs: e.KYC_REVERIFY_GRACE,
    },
    kybOwnershipThresholdPercent: e.KYB_OWNERSHIP_THRESHOLD,
  };
}

export function loadKycConfig(env: NodeJS.ProcessEnv, nodeEnv: 'development' | 'production' | 'test'): KycConfig {
  kycEnv ??= kycEnvSchema();
  const parsed = kycEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid KYC configuration:\n${lines.join('\n')}`);
  }
  return buildKycConfig(parsed.data, nodeEnv);
}

/** Providers that are switched on by configuration, in a stable order. */
export function enabledProviders(c: KycConfig): ProviderId[] {
  const real = REAL_PROVIDER_IDS.filter((id) => c.providers[id] !== undefined);
  return c.sandbox ? ['sandbox'] : real;
}
