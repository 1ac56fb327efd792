/**
 * screenTransaction: the hot path. Validate → (per-customer lock) state from memory → profile from
 * memory → sanctions lookups → Travel Rule → rules → decision → one group-committed write → answer.
 *
 * Guarantee: a decision is answered only after its transaction, decision and alert rows are
 * committed (see group-commit.ts and docs/transactions.md). Work for one customer is serialised,
 * so concurrent transactions of a customer are counted exactly; different customers run in parallel.
 */
import { LatencyWindow } from './latency-window.ts';
import { randomUUID } from 'node:crypto';
import type { Client } from '@libsql/client';
import { dataDirOf, type Config } from '../config.ts';
import type { CustomerProfile, CustomerProfiles } from '../customers/profiles.ts';
import type { Db } from '../db/client.ts';
import { ConflictError, InvalidInputError, NotFoundError, ServiceUnavailableError } from '../errors.ts';
import { loadPiiCipher } from '../kyc/crypto.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { ActivityEntry } from '../risk/activity.ts';
import { aggregatesAt, type AggregatesSnapshot } from '../risk/aggregates.ts';
import { historyHorizonMs, type RiskConfig } from '../risk/config.ts';
import { evaluate, type Evaluation } from '../risk/engine.ts';
import { formatDecimal, parseDecimal, withinTolerance, type Fixed } from '../risk/money.ts';
import { usdValue } from '../risk/rates.ts';
import { KnownCustomers } from '../risk/known-customers.ts';
import { UserStateStore } from '../risk/state.ts';
import type {
  CustomerFacts,
  InputSignals,
  Monitoring,
  RiskTransaction,
  RuleContext,
  SanctionsFindings,
} from '../risk/types.ts';
import { listsProvenance, type ListsProvenance } from '../sanctions/provenance.ts';
import { checkTravelRule, type TravelRuleVerdict } from '../travel-rule/check.ts';
import { bodyHash, bodyTag, canonicalJson } from './body-hash.ts';
import type { TransactionsConfig } from './config.ts';
import {
  type ClearedMatch,
  type ClearingLookup,
  screenCounterparty,
  type SanctionsLookup,
} from './counterparty-sanctions.ts';
import {
  counterpartyKey,
  disguisedNames,
  isInternalTransfer,
  jurisdictionFacts,
  namesToScreen,
  type KeyHasher,
} from './facts.ts';
import { CommitClosedError, type CommitOutcome, GroupCommitter, QueueFullError } from './group-commit.ts';
import type { HistoryReader } from './history-reader.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { createTransactionMetrics, type TransactionMetrics } from './metrics.ts';
import { KEYED_BODY_HASH_PREFIX, TransactionPii } from './pii.ts';
import { sealLegacyRows } from './seal-legacy.ts';
import { createRowWriter, JsonText } from './row-writer.ts';
import { TransactionStore, UNKNOWN_BODY_TAG, type DecisionRecord } from './store.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import type {
  ReasonView,
  SanctionsHitView,
  ScreeningResponse,
  ScreenTransactionInput,
  TravelRuleView,
} from './types.ts';

export interface TransactionScreeningDeps {
  store: TransactionStore;
  customers: CustomerProfiles;
  /** The live sanctions snapshot (ListRegistry), read once per request. */
  lists: { readonly snapshot: SanctionsLookup | undefined };
  clock: () => Date;
  logger: Logger;
  risk: RiskConfig;
  settings: TransactionsConfig;
  /** The name-screening threshold (MATCH_THRESHOLD): a counterparty name at or above it is a hit. */
  matchThreshold: number;
  metrics: TransactionMetrics;
  /** Seals the stored request and hashes counterparty keys and body fingerprints (PII_ENCRYPTION_KEY). */
  pii: TransactionPii;
  /** Seals rows an earlier version stored in clear (sealLegacyRows); absent in tests that build their own deps. */
  sealLegacy?: () => Promise<number>;
  /** Background WAL checkpoints (embedded database only); stopped on close. */
  checkpointer?: Promise<WalCheckpointer | undefined>;
  /** The customer's own open re-screen hits (monitoring), a map lookup. */
  customerSanctions?: (userId: string) => RuleContext['customerSanctions'];
  /** The customer's active clearings (monitoring): a cleared, unchanged entity is not a counterparty hit. */
  customerClearings?: (userId: string) => ClearingLookup | undefined;
  /**
   * The negative cache of customers with no stored history (embedded database only: this process must be
   * the only writer of their history). Filled from `store.knownCustomers()` when the service starts.
   */
  known?: KnownCustomers;
}

export interface ScreenOptions {
  /**
   * An admin backfill of older history (POST /v1/transactions/backfill): the timestamp may be older
   * than the history horizon. Everything else is checked and decided as usual.
   */
  backfill?: boolean;
}

export interface ScreenOutcome {
  response: ScreeningResponse;
  /** JSON.stringify(response), when it was serialised already (a new decision: it is stored as this text). */
  json?: string;
  /** True when this is the stored answer to an earlier request with the same transactionId and body. */
  replayed: boolean;
}

/** Validated, parsed request facts that do not depend on the customer's state. */
interface Prepared {
  input: ScreenTransactionInput;
  at: number;
  amount: Fixed;
  amountUsd: Fixed;
  hash: string;
  /** canonicalJson(input): fingerprinted, and stored sealed. */
  canonical: string;
  /** Older than the history horizon outside a backfill: only a replay of a stored transaction is answered. */
  backdated: boolean;
}

export class TransactionScreening {
  readonly states: UserStateStore;
  /** Recent screening times: the monitoring scheduler backs off when they grow (src/monitoring/pacer.ts). */
  readonly latency = new LatencyWindow();
  readonly #locks = new KeyedMutex();
  readonly #committer: GroupCommitter<DecisionRecord>;
  readonly #horizon: number;
  readonly #maxBackdate: number;
  readonly #hashKey: KeyHasher;
  readonly #knownLoaded: Promise<boolean>;

  constructor(private readonly deps: TransactionScreeningDeps) {
    this.#horizon = historyHorizonMs(deps.risk);
    this.#hashKey = (domain, value) => deps.pii.keyedHash(domain, value);
    // Never beyond the horizon: an older timestamp falls outside every rolling window and escapes them all.
    this.#maxBackdate = Math.min(deps.settings.maxBackdateMs ?? this.#horizon, this.#horizon);
    this.states = new UserStateStore(
      async (userId, from) => {
        deps.metrics.stateLoads.inc();
        return deps.store.loadHistory(userId, from);
      },
      this.#horizon,
      deps.settings.stateMaxUsers,
      deps.known,
    );
    this.#committer = new GroupCommitter(
      deps.store,
      deps.settings.commitMaxBatch,
      {
        batch(size, seconds, ok) {
          deps.metrics.commitBatch.observe(size);
          deps.metrics.commitDuration.observe({ result: ok ? 'ok' : 'retried' }, seconds);
        },
      },
      deps.settings.commitMaxQueue,
    );
    this.#knownLoaded = deps.known ? this.#loadKnown(deps.known) : Promise.resolve(false);
  }

  /**
   * Fills the negative cache from the stored customer ids, in chunks (the main thread only hashes them).
   * Writes submitted meanwhile add their customer themselves, so the scan may run alongside traffic.
   */
  async #loadKnown(known: KnownCustomers): Promise<boolean> {
    const started = performance.now();
    try {
      const scanned = await this.deps.store.knownCustomers((ids) => {
        for (const id of ids) known.add(id);
      });
      if (!scanned) return false;
      known.markReady();
      this.deps.logger.info(
        { customers: known.size, kib: Math.round(known.bytes / 1024), ms: Math.round(performance.now() - started) },
        'customers with stored history loaded (negative cache ready)',
      );
      return true;
    } catch (err) {
      this.deps.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'customers with stored history not loaded: every new customer is read from the database',
      );
      return false;
    }
  }

  /** Resolves once the negative cache is in use (true), or known not to be (false: no reader, or the scan failed). */
  negativeCacheReady(): Promise<boolean> {
    return this.#knownLoaded;
  }

  /** Alert and decision queries (compliance endpoints). */
  get store(): TransactionStore {
    return this.deps.store;
  }

  get pendingWrites(): number {
    return this.#committer.pending;
  }

  /** Screenings whose group commit is being written now. */
  get writesInFlight(): number {
    return this.#committer.writing;
  }

  async screen(input: ScreenTransactionInput, options: ScreenOptions = {}): Promise<ScreenOutcome> {
    const started = performance.now();
    const prepared = this.#prepare(input, options);
    const lists = this.deps.lists.snapshot;
    if (!lists) throw new ServiceUnavailableError('The sanctions lists are not loaded yet.', 5);
    // Refused before any work when the writes are already behind; submit() checks again under the lock.
    if (this.#committer.full) throw this.#queueFull();
    const outcome = prepared.backdated
      ? await this.#replayBackdated(prepared)
      : await this.#locks.run(input.userId, () => this.#screenLocked(prepared, lists));
    const m = this.deps.metrics;
    if (outcome.replayed) m.replays.inc();
    else {
      m.decisions.inc({ decision: outcome.response.decision });
      for (const r of outcome.response.reasons) m.reasonHits.inc({ code: r.code });
    }
    const ms = performance.now() - started;
    m.duration.observe(ms / 1000);
    this.latency.record(ms);
    return outcome;
  }

  /** Checks that need the clock or the rate table; everything else was validated by the HTTP schema. */
  #prepare(input: ScreenTransactionInput, options: ScreenOptions): Prepared {
    const now = this.deps.clock().getTime();
    const at = input.timestamp === undefined ? now : Date.parse(input.timestamp);
    if (!Number.isFinite(at))
      throw new InvalidInputError('The timestamp is not a valid date.', [
        { path: 'timestamp', message: 'not a valid ISO 8601 date-time' },
      ]);
    if (at > now + this.deps.settings.maxClockSkewMs) {
      throw new InvalidInputError('The timestamp is in the future.', [
        {
          path: 'timestamp',
          message: `more than ${Math.round(this.deps.settings.maxClockSkewMs / 1000)} s ahead of the server clock`,
        },
      ]);
    }
    const backdated = !options.backfill && at < now - this.#maxBackdate;
    const amount = parseDecimal(input.amount);
    if (amount === 0n)
      throw new InvalidInputError('The amount must be greater than zero.', [
        { path: 'amount', message: 'must be greater than 0' },
      ]);
    const rated = usdValue(amount, input.asset, this.deps.risk.rates);
    let amountUsd: Fixed | undefined = rated;
    if (input.amountUsd !== undefined) {
      amountUsd = parseDecimal(input.amountUsd);
      // The caller's USD value must not switch the limits off: with a configured rate it has to agree with it.
      const tolerance = this.deps.settings.amountUsdTolerance;
      if (rated !== undefined && !withinTolerance(amountUsd, rated, rated, tolerance)) {
        throw new InvalidInputError('amountUsd disagrees with the configured rate.', [
          {
            path: 'amountUsd',
            message: `${input.amountUsd} deviates from amount × the configured ${input.asset} rate (${formatDecimal(rated)} USD) by more than ${formatDecimal(tolerance * 100n)} %`,
          },
        ]);
      }
    }
    if (amountUsd === undefined) {
      throw new InvalidInputError(`No USD rate for ${input.asset}.`, [
        {
          path: 'amountUsd',
          message: `required for ${input.asset}: no configured rate (FX_RATES_USD / USD_STABLECOINS)`,
        },
      ]);
    }
    // The fingerprint covers the body as sent (a retry without timestamp is the same request).
    const canonical = canonicalJson(input);
    return { input, at, amount, amountUsd, hash: this.deps.pii.bodyHash(canonical), canonical, backdated };
  }

  async #screenLocked(p: Prepared, lists: SanctionsLookup): Promise<ScreenOutcome> {
    const { input } = p;
    // The profile is read alongside the state (both are off the event loop on a miss, and one wait is shorter than two).
    const profileRead = this.deps.customers.get(input.userId);
    profileRead.catch(() => undefined); // awaited below; a replay that returns first leaves it unobserved
    const state = await this.states.get(input.userId, p.at);
    try {
      const seen = state.activity.get(input.transactionId);
      if (seen) return this.#replay(p, seen.bodyTag);

      const profile = await profileRead;
      const cpKey = counterpartyKey(input.counterparty, this.#hashKey);
      const tx: RiskTransaction = {
        transactionId: input.transactionId,
        at: p.at,
        direction: input.direction,
        amount: p.amount,
        asset: input.asset,
        amountUsd: p.amountUsd,
        ...(cpKey ? { counterpartyKey: cpKey } : {}),
      };
      const date = new Date(p.at).toISOString().slice(0, 10);
      const travelRule = checkTravelRule(
        {
          amountUsd: p.amountUsd,
          date,
          internal: isInternalTransfer(input.counterparty),
          unhosted: input.counterparty.hosted === false,
          ownershipVerified: input.counterparty.ownershipVerified === true,
          payload: input.travelRule,
        },
        this.deps.risk.travelRuleJurisdiction,
        this.deps.risk.rates,
      );
      const limit = this.deps.settings.maxScreenedNames;
      const names = namesToScreen(input, limit);
      const sanctions = screenCounterparty(
        lists,
        {
          ...(input.counterparty.walletAddress ? { address: input.counterparty.walletAddress } : {}),
          ...(input.counterparty.chain ? { chain: input.counterparty.chain } : {}),
        },
        names.names,
        this.deps.matchThreshold,
        this.deps.customerClearings?.(input.userId),
      );
      const signals: InputSignals = {
        disguisedNames: disguisedNames(input),
        names: { distinct: names.distinct, screened: names.names.length, limit },
      };
      const ctx = {
        tx,
        customer: customerFacts(profile),
        history: state.activity,
        jurisdictions: jurisdictionFacts(input, profile?.country),
        sanctions,
        travelRule,
        monitoring: state.monitoring,
        config: this.deps.risk,
        input: signals,
        customerSanctions: this.deps.customerSanctions?.(input.userId),
      };
      const evaluation = evaluate(ctx);
      const evaluatedAt = this.deps.clock();
      const response = buildResponse(
        input.transactionId,
        p,
        evaluation,
        travelRule,
        sanctions,
        evaluatedAt,
        listsProvenance(lists),
      );
      const alertWorthy =
        evaluation.decision !== 'approve' || evaluation.riskScore > this.deps.risk.decision.enhancedAbove;
      const aggregates = alertWorthy ? aggregatesAt(state.activity, p.at, this.deps.risk, tx) : undefined;
      const json = JSON.stringify(response);
      const record = this.#record(p, evaluation, response, json, evaluatedAt, aggregates, cpKey);

      // Apply to memory first (the customer's lock is held, nobody sees it yet), undo if the write fails.
      const entry: ActivityEntry = {
        transactionId: tx.transactionId,
        at: tx.at,
        direction: tx.direction,
        amountUsd: tx.amountUsd,
        ...(tx.counterpartyKey ? { counterpartyKey: tx.counterpartyKey } : {}),
        bodyTag: bodyTag(p.hash),
        counted: evaluation.decision !== 'block',
      };
      const firstSeenBefore = state.activity.firstSeenAt;
      state.activity.add(entry);
      // Before the write: a customer stored from now on is never taken for one without history.
      this.states.noteStored(input.userId);
      let written: CommitOutcome;
      try {
        written = await this.#committer.submit(record);
      } catch (err) {
        state.activity.remove(entry, firstSeenBefore);
        if (err instanceof QueueFullError) throw this.#queueFull();
        if (err instanceof CommitClosedError)
          throw new ServiceUnavailableError('The service is shutting down; retry with the same transactionId.', 1);
        this.deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'transaction write failed');
        throw new ServiceUnavailableError('The decision could not be stored; retry with the same transactionId.', 1);
      }
      if (written === 'duplicate') {
        // Stored earlier but no longer in memory (older than the loaded window, or another customer's id).
        state.activity.remove(entry, firstSeenBefore);
        return this.#replay(p);
      }
      if (evaluation.escalated) state.monitoring = 'enhanced';
      state.noteTransaction(p.at, this.#horizon);
      return { response, json, replayed: false };
    } finally {
      // Written back into the customer's off-heap record (src/risk/state.ts).
      this.states.release(state);
    }
  }

  /**
   * A timestamp older than every rolling window: a retry of a transaction stored when it was recent
   * still gets its stored answer; anything else is refused, because screening it would count it nowhere.
   */
  async #replayBackdated(p: Prepared): Promise<ScreenOutcome> {
    const stored = await this.deps.store.findDecision(p.input.transactionId);
    if (stored) return this.#replay(p);
    throw new InvalidInputError('The timestamp is older than the screening history horizon.', [
      {
        path: 'timestamp',
        message: `more than ${formatDuration(this.#maxBackdate)} before the server clock: it would fall outside every rolling window; send older history through POST /v1/transactions/backfill (admin)`,
      },
    ]);
  }

  #queueFull(): ServiceUnavailableError {
    this.deps.metrics.commitRefused.inc();
    return new ServiceUnavailableError(
      'Too many screenings are waiting to be stored; retry shortly with the same transactionId.',
      1,
      { reason: 'write_queue_full' },
    );
  }

  /** Same id again: the stored answer if the body is the same, else a conflict. */
  async #replay(p: Prepared, knownTag?: number): Promise<ScreenOutcome> {
    const transactionId = p.input.transactionId;
    // A row stored before fingerprints were keyed has no comparable tag (UNKNOWN_BODY_TAG): the full check decides.
    if (knownTag !== undefined && knownTag !== UNKNOWN_BODY_TAG && knownTag !== bodyTag(p.hash))
      throw conflict(transactionId);
    const stored = await this.deps.store.findDecision(transactionId);
    if (!stored) throw new ServiceUnavailableError('The stored decision could not be read; retry.', 1);
    const same = stored.bodyHash.startsWith(KEYED_BODY_HASH_PREFIX)
      ? stored.bodyHash === p.hash
      : stored.bodyHash === bodyHash(p.input);
    if (!same) throw conflict(transactionId);
    return { response: stored.response as unknown as ScreeningResponse, replayed: true };
  }

  #record(
    p: Prepared,
    e: Evaluation,
    response: ScreeningResponse,
    json: string,
    evaluatedAt: Date,
    aggregates: AggregatesSnapshot | undefined,
    cpKey: string | undefined,
  ): DecisionRecord {
    const { input } = p;
    const at = new Date(p.at);
    return {
      transaction: {
        transactionId: input.transactionId,
        userId: input.userId,
        occurredAt: at,
        direction: input.direction,
        amount: input.amount,
        asset: input.asset,
        amountUsd: formatDecimal(p.amountUsd),
        counterpartyKey: cpKey ?? null,
        counted: e.decision !== 'block',
        bodyHash: p.hash,
        // Sealed by the writer thread, off the event loop (SealOnWrite); stored as the same "v1." text.
        request: this.deps.pii.sealRequestOnWrite(input.transactionId, p.canonical) as unknown as string,
        receivedAt: evaluatedAt,
      },
      decision: {
        transactionId: input.transactionId,
        userId: input.userId,
        decision: e.decision,
        riskScore: e.riskScore,
        monitoring: e.monitoring,
        reasonCodes: e.hits.map((h) => h.code),
        response: new JsonText(json) as unknown as Record<string, unknown>,
        evaluatedAt,
      },
      ...(aggregates
        ? {
            alert: {
              alertId: `alt_${randomUUID()}`,
              transactionId: input.transactionId,
              userId: input.userId,
              decision: e.decision,
              riskScore: e.riskScore,
              ruleHits: response.reasons as unknown as Record<string, unknown>[],
              aggregates: {
                ...aggregates,
                monitoringBefore: e.escalated ? 'standard' : e.monitoring,
              } as unknown as Record<string, unknown>,
              detectedAt: evaluatedAt,
              status: 'open' as const,
            },
          }
        : {}),
      ...(e.escalated
        ? {
            monitoring: {
              userId: input.userId,
              level: 'enhanced' as const,
              since: evaluatedAt,
              transactionId: input.transactionId,
            },
          }
        : {}),
    };
  }

  /**
   * The stored answer for a transaction id, and what became of it when it was held: its case's final outcome
   * (released or rejected) and whether it counts in the customer's aggregates (a rejected one does not).
   */
  async getDecision(transactionId: string) {
    const stored = await this.deps.store.findDecision(transactionId);
    if (!stored) throw new NotFoundError(`No screened transaction ${transactionId}.`);
    return {
      ...(stored.response as unknown as ScreeningResponse),
      finalOutcome: stored.finalOutcome,
      decidedBy: stored.decidedBy,
      decidedAt: stored.decidedAt?.toISOString() ?? null,
      countedInAggregates: stored.counted,
    };
  }

  /** The customer's current risk picture: profile, monitoring level, aggregates now, open alerts. */
  async userRisk(userId: string) {
    const now = this.deps.clock().getTime();
    const { monitoring, aggregates } = await this.#locks.run(userId, async () => {
      const state = await this.states.get(userId, now);
      try {
        return { monitoring: state.monitoring, aggregates: aggregatesAt(state.activity, now, this.deps.risk) };
      } finally {
        this.states.release(state);
      }
    });
    const profile = await this.deps.customers.get(userId);
    const openAlerts = await this.deps.store.countOpenAlerts(userId);
    return {
      userId,
      verification: customerFacts(profile).verification,
      profile: profile
        ? {
            kycStatus: profile.kycStatus,
            riskLevel: profile.riskLevel,
            country: profile.country ?? null,
            createdAt: profile.accountCreatedAt?.toISOString() ?? null,
            origin: profile.origin,
            updatedAt: profile.updatedAt.toISOString(),
          }
        : null,
      monitoring,
      aggregates,
      openAlerts,
    };
  }

  /**
   * Start-up, before the first screening: rows stored in clear by an earlier version are sealed, so
   * their counterparty keys match the hashed keys of new rows in every window. One row read when none.
   */
  async sealLegacyRows(): Promise<number> {
    return (await this.deps.sealLegacy?.()) ?? 0;
  }

  /** Writes everything queued; new screenings are refused (503) from here on. */
  async close(): Promise<void> {
    await this.#committer.close();
    await this.deps.store.close();
    await (await this.deps.checkpointer)?.stop();
  }
}

function conflict(transactionId: string): ConflictError {
  return new ConflictError(`Transaction ${transactionId} was already screened with a different body.`, {
    transactionId,
  });
}

/** How the rules see a customer: no profile = unverified, medium risk, account age unknown. */
export function customerFacts(profile: CustomerProfile | undefined): CustomerFacts {
  if (!profile) return { verification: 'unverified', kycStatus: 'none', riskLevel: 'medium' };
  const verification =
    profile.kycStatus === 'approved' ? 'verified' : profile.kycStatus === 'rejected' ? 'rejected' : 'unverified';
  return {
    verification,
    kycStatus: profile.kycStatus,
    riskLevel: profile.riskLevel,
    ...(profile.accountCreatedAt ? { accountCreatedAt: profile.accountCreatedAt.getTime() } : {}),
  };
}

function travelRuleView(v: TravelRuleVerdict): TravelRuleView {
  return {
    required: v.required,
    jurisdiction: v.jurisdiction,
    thresholdUsd: v.thresholdUsd === null ? null : formatDecimal(v.thresholdUsd),
    status: v.status,
    missing: v.missing,
    invalid: v.invalid,
    ...(v.unhostedOwnership
      ? {
          unhostedOwnership: {
            required: true as const,
            verified: v.unhostedOwnership.verified,
            thresholdUsd: formatDecimal(v.unhostedOwnership.thresholdUsd),
          },
        }
      : {}),
  };
}

function sanctionsView(s: SanctionsFindings): SanctionsHitView[] {
  return [
    ...s.wallets.map((w) => ({ kind: 'wallet' as const, ...w })),
    ...s.names.map((n) => ({ kind: 'name' as const, ...n })),
  ];
}

function buildResponse(
  transactionId: string,
  p: Prepared,
  e: Evaluation,
  tr: TravelRuleVerdict,
  s: SanctionsFindings & { cleared?: readonly ClearedMatch[] },
  evaluatedAt: Date,
  lists: ListsProvenance,
): ScreeningResponse {
  const reasons: ReasonView[] = e.hits.map((h) => ({
    code: h.code,
    score: h.score,
    ...(h.outcome ? { outcome: h.outcome } : {}),
    message: h.message,
    details: h.details,
  }));
  return {
    transactionId,
    decision: e.decision,
    riskScore: e.riskScore,
    reasons,
    travelRule: travelRuleView(tr),
    sanctions: { hits: sanctionsView(s), ...(s.cleared?.length ? { clearedMatches: [...s.cleared] } : {}) },
    monitoring: e.monitoring satisfies Monitoring,
    occurredAt: new Date(p.at).toISOString(),
    amountUsd: formatDecimal(p.amountUsd),
    evaluatedAt: evaluatedAt.toISOString(),
    lists,
  };
}

/** "7 d", "36 h", "90 min": for messages only. */
function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${Math.round(ms / 60_000)} min`;
}

/** Wires the service from the app's pieces (bootstrap.ts). */
export function createTransactionScreening(d: {
  config: Config;
  db: Db;
  client: Client;
  customers: CustomerProfiles;
  lists: { readonly snapshot: SanctionsLookup | undefined };
  clock: () => Date;
  logger: Logger;
  metrics: Metrics;
  customerSanctions?: TransactionScreeningDeps['customerSanctions'];
  customerClearings?: TransactionScreeningDeps['customerClearings'];
  /** The cold path's reads off the event loop (createHistoryReader: embedded database only). */
  reader?: HistoryReader;
}): TransactionScreening {
  let service: TransactionScreening | undefined;
  // The KYC cipher and key: screened requests are personal data like applicants'.
  const pii = new TransactionPii(
    loadPiiCipher({
      configured: d.config.kyc.piiKey,
      nodeEnv: d.config.NODE_ENV,
      dataDir: dataDirOf(d.config.DATABASE_URL),
      logger: d.logger,
    }),
  );
  const store = new TransactionStore(
    d.db,
    createRowWriter(d.config.DATABASE_URL, d.client, d.config.transactions.synchronous, pii.keyForWriter()),
    d.config.cases?.sla,
    d.reader,
  );
  // The negative cache needs the reader's scan of stored customer ids (started by the service); until then every miss is read.
  const known = d.reader ? new KnownCustomers() : undefined;
  const metrics = createTransactionMetrics(d.metrics.registry, {
    cachedUsers: () => service?.states.size ?? 0,
    pendingWrites: () => service?.pendingWrites ?? 0,
  });
  service = new TransactionScreening({
    store,
    customers: d.customers,
    lists: d.lists,
    clock: d.clock,
    logger: d.logger,
    risk: d.config.risk,
    settings: d.config.transactions,
    matchThreshold: d.config.matchThreshold,
    metrics,
    ...(d.customerSanctions ? { customerSanctions: d.customerSanctions } : {}),
    ...(d.customerClearings ? { customerClearings: d.customerClearings } : {}),
    ...(known ? { known } : {}),
    pii,
    sealLegacy: () => sealLegacyRows({ store, client: d.client, pii, logger: d.logger }),
    checkpointer: WalCheckpointer.start(d.client, d.config.DATABASE_URL, d.logger).catch((err: unknown) => {
      d.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'WAL checkpoint worker not started; SQLite checkpoints automatically',
      );
      return undefined;
    }),
  });
  return service;
}
