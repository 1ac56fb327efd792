/**
 * The whole environment, parsed once with zod. Nothing else reads process.env:
 * areas that need settings of their own export a zod shape that is merged here.
 */
import path from 'node:path';
import { z } from 'zod';
import { type CasesConfig, loadCasesConfig } from './cases/config.ts';
import { loadKycConfig, type KycConfig } from './kyc/config.ts';
import { loadMonitoringConfig, type MonitoringConfig } from './monitoring/config.ts';
import { loadRiskConfig, type RiskConfig } from './risk/config.ts';
import { SOURCE_IDS, type SourceId } from './sanctions/entity.ts';
import { DEFAULT_MATCH_THRESHOLD } from './sanctions/score.ts';
import { loadSarConfig, type SarConfig } from './sar/config.ts';
import { loadTransactionsConfig, type TransactionsConfig } from './transactions/config.ts';
import { loadAppealsConfig, type AppealsConfig } from './appeals/config.ts';
import { loadNotificationsConfig, type NotificationsConfig } from './notifications/config.ts';

/** `senior` decides escalated cases and appeals; it includes everything `admin` may do. */
export const SCOPES = ['screen', 'kyc', 'admin', 'senior'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  key: string;
  scopes: ReadonlySet<Scope>;
}

/** "key:scope[+scope],key2:scope" → ApiKey[]; a malformed entry fails start-up rather than silently opening access. */
export function parseApiKeys(raw: string): ApiKey[] {
  if (raw.trim() === '') return [];
  return raw.split(',').map((entry, i) => {
    const sep = entry.lastIndexOf(':');
    const key = entry.slice(0, sep).trim();
    const scopes = entry
      .slice(sep + 1)
      .split('+')
      .map((s) => s.trim());
    if (sep <= 0 || key.length < 16) {
      throw new Error(`API_KEYS entry ${i + 1}: expected "key:scope[+scope]" with a key of at least 16 characters`);
    }
    for (const s of scopes) {
      if (!(SCOPES as readonly string[]).includes(s)) {
        throw new Error(`API_KEYS entry ${i + 1}: unknown scope "${s}" (known: ${SCOPES.join(', ')})`);
      }
    }
    const set = new Set(scopes as Scope[]);
    if (set.has('senior')) set.add('admin');
    return { key, scopes: set };
  });
}

/** "12h", "30m", "45s", "250ms" or plain milliseconds. */
export const durationMs = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)?$/, 'a duration such as 12h, 30m, 45s, 250ms')
  .transform((v) => {
    const m = /^(\d+)(ms|s|m|h|d)?$/.exec(v)!;
    const n = Number(m[1]);
    const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms']!;
    return n * unit;
  });

const boolFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const baseEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().default('file:./data/sidecar.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  API_KEYS: z.string().default(''),
  LISTS_DIR: z.string().optional(),
  LIST_SOURCES: z
    .string()
    .default(SOURCE_IDS.join(','))
    .transform((v, ctx) => {
      const ids = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const id of ids) {
        if (!(SOURCE_IDS as readonly string[]).includes(id)) {
          ctx.addIssue({ code: 'custom', message: `unknown source "${id}"` });
        }
      }
      return ids as SourceId[];
    }),
  LIST_DOWNLOAD: boolFlag.default(true),
  LIST_REFRESH_INTERVAL: durationMs.default(12 * 3_600_000),
  LIST_DOWNLOAD_TIMEOUT: durationMs.default(120_000),
  LIST_CACHE_DIR: z.string().optional(),
  MATCH_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  MAX_BATCH_SIZE: z.coerce.number().int().positive().max(10_000).default(1_000),
  SHUTDOWN_TIMEOUT: durationMs.default(10_000),
  PUBLIC_BASE_URL: z.string().url().optional(),
  // Request bounds (issue 17): what one request may ask of the matcher, and how long a connection may hold a socket.
  SCREEN_MIN_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
  SCREEN_MAX_LIMIT: z.coerce.number().int().min(1).max(1_000).default(100),
  SCREEN_MAX_MATCHES_PER_RESPONSE: z.coerce.number().int().positive().default(5_000),
  HTTP_REQUEST_TIMEOUT: durationMs.default(30_000),
  HTTP_HEADERS_TIMEOUT: durationMs.default(10_000),
  HTTP_KEEP_ALIVE_TIMEOUT: durationMs.default(5_000),
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().positive().default(512),
  LIST_DOWNLOAD_MAX_BYTES: z.coerce.number().int().positive().default(268_435_456),
  // The compliance console (/console): a session ends after this long unused, and in any case after the lifetime.
  CONSOLE_SESSION_IDLE: durationMs.default(30 * 60_000),
  CONSOLE_SESSION_LIFETIME: durationMs.default(12 * 3_600_000),
});

export type BaseConfig = z.output<typeof baseEnv> & { apiKeys: ApiKey[]; listCacheDir: string; matchThreshold: number };

/** Folder of the embedded database file, where generated local artefacts (list cache, dev key) live. */
export function dataDirOf(databaseUrl: string): string {
  if (databaseUrl.startsWith('file:')) return path.dirname(path.resolve(databaseUrl.slice('file:'.length)));
  return path.resolve('data');
}

export function loadBaseConfig(env: NodeJS.ProcessEnv): BaseConfig {
  const parsed = baseEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const apiKeys = parseApiKeys(c.API_KEYS);
  if (c.NODE_ENV === 'production' && apiKeys.length === 0) {
    // An open sidecar hands screening verdicts and decrypted personal data to anyone on the network.
    throw new Error(
      'invalid configuration:\n  API_KEYS: required in production ("key:scope[+scope],…"); ' +
        'the open mode without keys is for development only',
    );
  }
  if (c.HTTP_HEADERS_TIMEOUT > c.HTTP_REQUEST_TIMEOUT) {
    throw new Error('invalid configuration:\n  HTTP_HEADERS_TIMEOUT: must not exceed HTTP_REQUEST_TIMEOUT');
  }
  if (c.MATCH_THRESHOLD !== undefined && c.MATCH_THRESHOLD < c.SCREEN_MIN_THRESHOLD) {
    throw new Error('invalid configuration:\n  MATCH_THRESHOLD: must not be below SCREEN_MIN_THRESHOLD');
  }
  return {
    ...c,
    apiKeys,
    listCacheDir: c.LIST_CACHE_DIR ?? path.join(dataDirOf(c.DATABASE_URL), 'lists'),
    matchThreshold: c.MATCH_THRESHOLD ?? DEFAULT_MATCH_THRESHOLD,
  };
}

/** The whole configuration: the base plus each area's own settings. */
export type Config = BaseConfig & {
  kyc: KycConfig;
  risk: RiskConfig;
  transactions: TransactionsConfig;
  monitoring: MonitoringConfig;
  sar: SarConfig;
  appeals: AppealsConfig;
  notifications: NotificationsConfig;
  cases: CasesConfig;
};

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const base = loadBaseConfig(env);
  return {
    ...base,
    kyc: loadKycConfig(env, base.NODE_ENV),
    risk: loadRiskConfig(env),
    transactions: loadTransactionsConfig(env),
    monitoring: loadMonitoringConfig(env),
    sar: loadSarConfig(env, base.NODE_ENV),
    appeals: loadAppealsConfig(env),
    notifications: loadNotificationsConfig(env, base.NODE_ENV),
    cases: loadCasesConfig(env),
  };
}
