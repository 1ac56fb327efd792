/**
 * Live provider performance from the stored outcomes, for the cost-effectiveness ranking: how many
 * sessions each provider brought to a decision, how many it lost (expired sessions, failed starts),
 * and its median time to decision. Cached for a few seconds: the ranking need not be exact to the
 * request, and starting a verification should not scan the table each time.
 */
import { and, eq, gte, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { kycProviderAttempts, kycVerifications } from '../db/schema/kyc.ts';
import type { ProviderStats } from './router.ts';
import type { ProviderId } from './types.ts';

const CONCLUSIVE = new Set(['approved', 'rejected', 'manual_review', 'resubmission_requested']);
const CACHE_MS = 5_000;

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export class ProviderStatsSource {
  #cached: { at: number; stats: Map<ProviderId, ProviderStats> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly windowMs: number,
  ) {}

  invalidate(): void {
    this.#cached = undefined;
  }

  async get(): Promise<Map<ProviderId, ProviderStats>> {
    const now = this.clock().getTime();
    if (this.#cached && now - this.#cached.at < CACHE_MS) return this.#cached.stats;
    const stats = await this.#compute(new Date(now - this.windowMs));
    this.#cached = { at: now, stats };
    return stats;
  }

  async #compute(since: Date): Promise<Map<ProviderId, ProviderStats>> {
    const decided = await this.db
      .select({
        provider: kycVerifications.provider,
        status: kycVerifications.status,
        result: kycVerifications.providerResult,
        createdAt: kycVerifications.createdAt,
        decidedAt: kycVerifications.providerDecidedAt,
      })
      .from(kycVerifications)
      .where(
        and(
          gte(kycVerifications.createdAt, since),
          or(isNotNull(kycVerifications.providerDecidedAt), eq(kycVerifications.status, 'expired')),
        ),
      )
      .limit(50_000);
    const failed = await this.db
      .select({ provider: kycProviderAttempts.provider })
      .from(kycProviderAttempts)
      .where(
        and(gte(kycProviderAttempts.createdAt, since), inArray(kycProviderAttempts.outcome, ['failed', 'abandoned'])),
      )
      .limit(50_000);

    const acc = new Map<ProviderId, { samples: number; conclusive: number; minutes: number[] }>();
    const get = (p: string) => {
      let a = acc.get(p as ProviderId);
      if (!a) {
        a = { samples: 0, conclusive: 0, minutes: [] };
        acc.set(p as ProviderId, a);
      }
      return a;
    };
    for (const row of decided) {
      const a = get(row.provider);
      a.samples += 1;
      if (row.result && CONCLUSIVE.has(row.result.status) && row.decidedAt) {
        a.conclusive += 1;
        a.minutes.push((row.decidedAt.getTime() - row.createdAt.getTime()) / 60_000);
      }
    }
    for (const row of failed) get(row.provider).samples += 1;

    return new Map(
      [...acc].map(([provider, a]) => {
        const m = median(a.minutes);
        return [
          provider,
          {
            provider,
            samples: a.samples,
            conclusive: a.conclusive,
            ...(m !== undefined ? { medianMinutes: Math.round(m * 10) / 10 } : {}),
          },
        ];
      }),
    );
  }
}
