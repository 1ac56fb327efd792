/** Outbound notification settings from the environment (merged into src/config.ts). */
import { z } from 'zod';
import { durationMs } from '../config.ts';

export interface NotificationsConfig {
  /** Receivers; every event goes to each. Empty: events stay in the outbox, nothing is sent. */
  urls: string[];
  /** HMAC-SHA256 key of the Webhook-Signature header; undefined only outside production (unsigned, warned). */
  secret?: string;
  /** Retries stop this long after the event. */
  retryWindowMs: number;
  /** First retry delay; doubled per attempt up to backoffMaxMs, with full jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Per attempt: connect, send and read the answer. */
  timeoutMs: number;
  /** Most deliveries in flight at once. */
  concurrency: number;
  /** How often the background dispatcher looks for due deliveries. */
  pollMs: number;
}

const urlList = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const urls = raw
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '');
    for (const u of urls) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(u);
      } catch {
        parsed = undefined;
      }
      if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
        ctx.addIssue({ code: 'custom', message: `not an http(s) URL: ${u.slice(0, 80)}` });
    }
    return [...new Set(urls)];
  });

/** Built on first use: src/config.ts imports this module, and `durationMs` is not initialised at import time. */
const envSchema = () =>
  z.object({
    NOTIFY_WEBHOOK_URLS: urlList,
    NOTIFY_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
    NOTIFY_RETRY_WINDOW: durationMs.default(24 * 3_600_000),
    NOTIFY_BACKOFF_BASE: durationMs.default(10_000),
    NOTIFY_BACKOFF_MAX: durationMs.default(3_600_000),
    NOTIFY_TIMEOUT: durationMs.default(10_000),
    NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    NOTIFY_POLL_INTERVAL: durationMs.default(1_000),
  });

export function loadNotificationsConfig(e: NodeJS.ProcessEnv, nodeEnv: string): NotificationsConfig {
  const parsed = envSchema().safeParse(e);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  // Fail closed: an unsigned webhook lets anyone who finds the receiver's URL forge "customer approved".
  if (nodeEnv === 'production' && c.NOTIFY_WEBHOOK_URLS.length > 0 && !c.NOTIFY_WEBHOOK_SECRET) {
    throw new Error(
      'invalid configuration:\n  NOTIFY_WEBHOOK_SECRET: required in production when NOTIFY_WEBHOOK_URLS is set ' +
        '(receivers verify the Webhook-Signature with it)',
    );
  }
  return {
    urls: c.NOTIFY_WEBHOOK_URLS,
    ...(c.NOTIFY_WEBHOOK_SECRET ? { secret: c.NOTIFY_WEBHOOK_SECRET } : {}),
    retryWindowMs: c.NOTIFY_RETRY_WINDOW,
    backoffBaseMs: c.NOTIFY_BACKOFF_BASE,
    backoffMaxMs: Math.max(c.NOTIFY_BACKOFF_MAX, c.NOTIFY_BACKOFF_BASE),
    timeoutMs: c.NOTIFY_TIMEOUT,
    concurrency: c.NOTIFY_CONCURRENCY,
    pollMs: c.NOTIFY_POLL_INTERVAL,
  };
}
