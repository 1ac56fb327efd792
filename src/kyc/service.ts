/**
 * The KYC service the routes call: builds the adapters, the breaker, the PII cipher and the verbs from
 * configuration, and exposes one method per verb. The HTTP layer holds no business logic; this holds
 * no HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { CasesConfig } from '../cases/config.ts';
import type { BaseConfig } from '../config.ts';
import type { CustomerProfiles } from '../customers/profiles.ts';
import { dataDirOf } from '../config.ts';
import type { Db } from '../db/client.ts';
import { type LeaseStore, LibsqlLeaseStore } from '../db/lease.ts';
import { NotFoundError } from '../errors.ts';
import { canonicalJson } from '../transactions/body-hash.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import { appendAudit } from './audit.ts';
import { type CircuitState, ProviderCircuits } from './circuit-breaker.ts';
import { enabledProviders, type KycConfig } from './config.ts';
import { webhookUrl, type KycContext } from './context.ts';
import { loadPiiCipher } from './crypto.ts';
import type { FetchLike } from './http-client.ts';
import { IdempotencyKeys } from './idempotency.ts';
import { createKycMetrics } from './metrics.ts';
import { Orchestrator, type WebhookAnswer } from './orchestrator.ts';
import { buildProviders } from './providers/index.ts';
import { SandboxProvider, type SandboxOutcome } from './providers/sandbox.ts';
import { decideReview, type ReviewInput } from './review.ts';
import { rankProviders } from './router.ts';
import { startVerification, type StartInput, type StartResult } from './start.ts';
import { ProviderStatsSource } from './stats.ts';
import { findByProviderRef } from './store.ts';
import { checkDocument, type DocumentCheckDeps, type DocumentCheckInput } from './documents/check.ts';
import { OcrPool } from './documents/ocr-pool.ts';
import { assertVerificationExists, linkDocumentCheck } from './documents/link.ts';
import { forwardDocument } from './documents/forward.ts';
import { sweepReverifications } from './reverify.ts';
import { createBusiness } from './kyb/create.ts';
import { assertLinkable, linkVerification, type BusinessLink } from './kyb/link.ts';
import type { BusinessInput } from './kyb/types.ts';
import { viewBusiness } from './kyb/view.ts';
import type { Actor } from './types.ts';
import { viewUserKyc, viewVerification } from './views.ts';

export interface KycServiceDeps {
  /** `cases.sla`: the due dates of the cases KYC opens (manual reviews, appeals). */
  config: BaseConfig & { kyc: KycConfig; cases?: Pick<CasesConfig, 'sla'> };
  db: Db;
  clock: () => Date;
  logger: Logger;
  metrics: Metrics;
  lists: { readonly snapshot: ListSnapshot | undefined };
  customers: CustomerProfiles;
  fetch?: FetchLike;
}

const CIRCUIT_GAUGE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };
const SWEEP_INTERVAL_MS = 60_000;
/** The named lease of the minute sweep: one instance of a fleet runs it; a dead holder's lease runs out in 3 minutes. */
export const KYC_SWEEP_LEASE = 'kyc-sweep';
const SWEEP_LEASE_MS = 3 * SWEEP_INTERVAL_MS;
/** Beyond the start deadline: the database writes after the provider answered, and a slow disk. */
const IN_PROGRESS_MARGIN_MS = 60_000;
const usd = (cents: number) => (cents / 100).toFixed(2);

export class KycService {
  readonly #ctx: KycContext;
  readonly #orchestrator: Orchestrator;
  readonly #idempotency: IdempotencyKeys;
  readonly #documents: DocumentCheckDeps;
  #sweep: NodeJS.Timeout | undefined;
  readonly #leases: LeaseStore;
  /** This process's lease identity (the sweep). */
  readonly #owner = `${process.pid}-${randomUUID()}`;

  constructor(deps: KycServiceDeps) {
    const { config } = deps;
    const kyc = config.kyc;
    this.#leases = new LibsqlLeaseStore(deps.db);
    const metrics = createKycMetrics(deps.metrics.registry);
    const anyReal = enabledProviders(kyc).some((p) => p !== 'sandbox');
    if (config.NODE_ENV === 'production' && anyReal && !config.PUBLIC_BASE_URL) {
      throw new Error(
        'PUBLIC_BASE_URL is required in production when an identity provider is configured: provider callbacks are sent to <PUBLIC_BASE_URL>/v1/webhooks/<provider>',
      );
    }
    const publicBaseUrl = (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
    const cipher = loadPiiCipher({
      configured: kyc.piiKey,
      nodeEnv: config.NODE_ENV,
      dataDir: dataDirOf(config.DATABASE_URL),
      logger: deps.logger,
    });
    const providers = buildProviders(kyc, {
      metrics,
      clock: deps.clock,
      publicBaseUrl,
      logger: deps.logger,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    const circuits = new ProviderCircuits({
      ...kyc.circuit,
      onChange: (p, s) => {
        metrics.circuitState.set({ provider: p }, CIRCUIT_GAUGE[s]);
        deps.logger.warn({ provider: p, circuit: s }, 'identity provider circuit changed');
      },
    });
    for (const p of providers.keys()) metrics.circuitState.set({ provider: p }, 0);
    if (kyc.sandbox)
      deps.logger.warn(
        'no identity provider configured: KYC runs against the local sandbox provider (never in production)',
      );
    else if (providers.size === 0)
      deps.logger.warn('no identity provider configured: KYC verification calls will answer 503');

    this.#ctx = {
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      metrics,
      cipher,
      providers,
      circuits,
      stats: new ProviderStatsSource(deps.db, deps.clock, kyc.routing.statsWindowMs),
      config: kyc,
      matchThreshold: config.matchThreshold,
      lists: () => deps.lists.snapshot,
      customers: deps.customers,
      publicBaseUrl,
      ...(config.cases ? { caseSla: config.cases.sla } : {}),
    };
    this.#orchestrator = new Orchestrator(this.#ctx);
    this.#documents = {
      config: kyc.documents,
      clock: deps.clock,
      ocr: new OcrPool({ workers: kyc.documents.ocrWorkers, queue: kyc.documents.ocrQueue }),
      metrics,
    };
    // A request still in progress after the start deadline and a generous margin died with its process.
    this.#idempotency = new IdempotencyKeys(deps.db, deps.clock, cipher, {
      inProgressTtlMs: kyc.start.deadlineMs + IN_PROGRESS_MARGIN_MS,
    });
  }

  /** Starts the periodic expiry sweep (main process; tests call sweepExpired themselves). */
  startBackground(): void {
    this.#sweep = setInterval(() => {
      this.sweepUnderLease().catch((err) =>
        this.#ctx.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'KYC expiry sweep failed'),
      );
    }, SWEEP_INTERVAL_MS);
    this.#sweep.unref();
  }

  async close(): Promise<void> {
    if (this.#sweep) clearInterval(this.#sweep);
    this.#orchestrator.stop();
    // Another instance takes the sweep over at its next tick rather than after the lease ran out.
    if (this.#sweep) await this.#leases.release(KYC_SWEEP_LEASE, this.#owner, this.#ctx.clock()).catch(() => false);
    return this.#documents.ocr.close();
  }

  /**
   * The minute timer's work, run by the one instance of a fleet that holds the `kyc-sweep` lease (src/db/lease.ts);
   * the holder keeps it from tick to tick, and a dead holder's lease runs out so another instance takes over.
   * Returns how many verifications expired, or null when another instance holds the lease.
   */
  async sweepUnderLease(): Promise<number | null> {
    if (!(await this.#leases.acquire(KYC_SWEEP_LEASE, this.#owner, this.#ctx.clock(), SWEEP_LEASE_MS))) return null;
    return this.sweepExpired();
  }

  /**
   * The document pre-check: nothing of the image is stored or logged. For a known verification the MRZ
   * is compared with the applicant and the document's expiry kept (re-verification falls due then).
   */
  async checkDocument(input: DocumentCheckInput & { verificationId?: string }, actor: Actor) {
    const { verificationId, ...check } = input;
    if (verificationId) await assertVerificationExists(this.#ctx, verificationId);
    const result = await checkDocument(this.#documents, check);
    if (!verificationId) return result;
    const mismatches = await linkDocumentCheck(this.#ctx, verificationId, result, actor);
    return { ...result, checks: { ...result.checks, mrz: { ...result.checks.mrz, mismatches } } };
  }

  /**
   * Checks a document photo and, if the check accepts it, forwards it to the provider that holds the
   * verification; a refused photo is returned with its problems and never leaves the sidecar.
   */
  forwardDocument(input: DocumentCheckInput & { verificationId: string }, actor: Actor) {
    return forwardDocument(this.#ctx, this.#documents, input, actor);
  }

  /** For verbs of other areas that act on verifications in their own transaction (appeals). */
  get context(): KycContext {
    return this.#ctx;
  }

  get sandboxEnabled(): boolean {
    return this.#ctx.providers.has('sandbox');
  }

  /** Starts a verification; with an idempotency key, a repeat of the same request returns the first answer. */
  async start(
    input: StartInput & { business?: BusinessLink },
    actor: Actor,
    idempotencyKey?: string,
  ): Promise<{ status: number; body: StartResult; replayed: boolean }> {
    const { business, ...person } = input;
    const work = async () => {
      // A business link is checked before a provider is paid for the session.
      if (business) await assertLinkable(this.#ctx, business);
      const body = await startVerification(this.#ctx, person, actor);
      if (business)
        await linkVerification(
          this.#ctx,
          business,
          { verificationId: body.verificationId, userId: person.userId },
          actor,
        );
      return { status: 201, body };
    };
    if (!idempotencyKey) return { ...(await work()), replayed: false };
    const fingerprint = this.#ctx.cipher.fingerprint(canonicalJson(input));
    return this.#idempotency.run(`${actor.id}:${idempotencyKey}`, fingerprint, work);
  }

  /** Onboards a business customer (KYB); its person verifications are linked when they start. */
  async createBusiness(input: BusinessInput, actor: Actor) {
    const ctx = this.#ctx;
    await createBusiness(ctx, input, actor);
    return viewBusiness(ctx, input.businessId, { actor, personalData: false });
  }

  viewBusiness(businessId: string, viewer: { actor: Actor; personalData: boolean }) {
    return viewBusiness(this.#ctx, businessId, viewer);
  }

  handleWebhook(provider: string, raw: Uint8Array, headers: Headers): Promise<WebhookAnswer> {
    return this.#orchestrator.handleWebhook(provider, raw, headers);
  }

  decide(verificationId: string, input: ReviewInput, officer: Actor) {
    return decideReview(this.#ctx, verificationId, input, officer);
  }

  view(verificationId: string, viewer: { actor: Actor; personalData: boolean }) {
    return viewVerification(this.#ctx, verificationId, viewer);
  }

  userKyc(userId: string) {
    return viewUserKyc(this.#ctx, userId);
  }

  /**
   * Expires overdue verifications, purges expired Idempotency-Keys and runs the re-verification sweep;
   * returns how many verifications expired.
   */
  async sweepExpired(): Promise<number> {
    const expired = await this.#orchestrator.sweepExpired();
    await this.#idempotency.purgeExpired();
    await this.sweepReverifications();
    return expired;
  }

  /** Opens re-verification cases that fell due and limits customers past the grace (also on the minute timer). */
  sweepReverifications() {
    return sweepReverifications(this.#ctx);
  }

  /** For compliance officers: enabled providers, circuit state and the live cost-effectiveness figures. */
  async providersOverview() {
    const ctx = this.#ctx;
    const stats = await ctx.stats.get();
    const ranking = rankProviders([...ctx.providers.keys()], stats, ctx.config.routing).sort(
      (a, b) => a.expectedCostCents - b.expectedCostCents,
    );
    const r = ctx.config.routing;
    return {
      providers: ranking.map((p) => ({
        provider: p.provider,
        circuit: ctx.circuits.state(p.provider),
        costUsd: usd(p.costCents),
        expectedCostPerConclusiveUsd: usd(p.expectedCostCents),
        successRate: p.successRate ?? null,
        samples: stats.get(p.provider)?.samples ?? 0,
        medianMinutes: p.medianMinutes ?? null,
        euDataResidency: p.euDataResidency,
        webhookUrl: webhookUrl(ctx, p.provider),
      })),
      routing: {
        strategy: r.strategy,
        defaultProvider: r.defaultProvider,
        highRiskProvider: r.highRiskProvider,
        euProvider: r.euProvider,
        euResidencyStrict: r.euResidencyStrict,
        successRateFloor: r.successRateFloor,
        successRateMinSamples: r.successRateMinSamples,
        highRiskManualReview: ctx.config.highRiskManualReview,
        startDeadlineMs: ctx.config.start.deadlineMs,
        startAttemptTimeoutMs: ctx.config.start.attemptTimeoutMs,
      },
    };
  }

  /** Sandbox only: completes a session by delivering a signed webhook through the normal webhook path. */
  async completeSandboxSession(providerRef: string, outcome: SandboxOutcome, admin: Actor): Promise<WebhookAnswer> {
    const sandbox = this.#ctx.providers.get('sandbox');
    if (!(sandbox instanceof SandboxProvider))
      throw new NotFoundError(
        'The sandbox provider is not enabled (a real provider is configured, or this is production).',
      );
    const v = await findByProviderRef(this.#ctx.db, 'sandbox', providerRef);
    if (!v) throw new NotFoundError(`No sandbox session ${providerRef}.`);
    await appendAudit(this.#ctx.db, this.#ctx.clock(), {
      verificationId: v.id,
      action: 'sandbox_session_completed',
      actor: admin,
      details: { outcome },
    });
    const { body, headers } = sandbox.signWebhook(providerRef, outcome);
    const answer = await this.#orchestrator.handleWebhook('sandbox', body, headers);
    return { ...answer, verificationId: v.id };
  }

  /** Sandbox only: what the local redirect URL shows. */
  async sandboxSession(providerRef: string) {
    if (!this.sandboxEnabled) throw new NotFoundError('The sandbox provider is not enabled.');
    const v = await findByProviderRef(this.#ctx.db, 'sandbox', providerRef);
    if (!v) throw new NotFoundError(`No sandbox session ${providerRef}.`);
    return { sessionId: providerRef, verificationId: v.id, status: v.status };
  }
}
