/**
 * Continuous monitoring of existing customers: who is monitored, the delta re-screen on every list change,
 * the scheduled full re-screen, on-demand screening, clearings that stick, monitoring levels, and the
 * re-screen alerts that transaction screening reads (reason code sanctions.customer).
 */
import type { LatencySample } from '../transactions/latency-window.ts';
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '../errors.ts';
import type { PiiCipher, PiiKeySource } from '../kyc/crypto.ts';
import type { Logger } from '../logger.ts';
import { deltaSummary, entityHash, type ListDelta } from '../sanctions/delta.ts';
import type { SourceId } from '../sanctions/entity.ts';
import { listsProvenance } from '../sanctions/provenance.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import type { MonitoringConfig } from './config.ts';
import { ActiveClearings, type ClearingLike } from './active-clearings.ts';
import { runDelta } from './delta-run.ts';
import { encryptIdentity, type Identity, readIdentity } from './identity.ts';
import { currentLevel, type MonitoringLevel, writeLevel } from './levels.ts';
import { entityRef, screenIdentity } from './matching.ts';
import { CustomerNameIndex } from './name-index.ts';
import { customerNameKeys, decodeKeys, encodeKeys } from './name-keys.ts';
import { type CustomerSanctionsHit, OpenHits } from './open-hits.ts';
import type { SlaHours } from '../cases/sla.ts';
import type { SingleWriter } from './chunk-commit.ts';
import { type RescreenContext, rescreenBatch } from './rescreen.ts';
import { FullRescreenScheduler } from './scheduler.ts';
import { type AlertFilter, type ClearingRow, MonitoringStore, type RunRow, startingRun } from './store.ts';
import { clearingView, rescreenAlertView, runView } from './views.ts';
import type { Db } from '../db/client.ts';

export interface MonitoringLists {
  readonly snapshot: ListSnapshot | undefined;
  refreshNow(): Promise<ListDelta>;
}

export interface MonitoringDeps {
  db: Db;
  cipher: PiiCipher;
  lists: MonitoringLists;
  clock: () => Date;
  logger: Logger;
  config: MonitoringConfig;
  /** MATCH_THRESHOLD: a re-screen match at or above it raises an alert. */
  threshold: number;
  /** CASES_SLA_*: the due date of each re-screen hit's case (the defaults without it). */
  caseSla?: SlaHours;
  /** The customer's profile risk level (for enhanced monitoring at onboarding). */
  riskLevel: (userId: string) => Promise<'low' | 'medium' | 'high' | undefined>;
  /** Transaction screening caches the level: tell it when it changes. */
  onLevelChange: (userId: string) => void;
  /** Told of the alerts each screening raised, once committed (KYB: an owner's hit puts the business under review). */
  onAlerts?: (alerts: readonly CustomerAlert[]) => Promise<void>;
  /** Transactions' recent screening times: the full re-screen backs off when they grow (pacer.ts). */
  screeningLatency?: () => LatencySample;
  /**
   * How the full re-screen's worker reaches the data itself: DATABASE_URL and where `cipher`'s key came from. With
   * an embedded file it reads, decrypts, scores and commits each chunk off the event loop; without, it only scores.
   */
  workerAccess?: { databaseUrl: string; piiKey: Omit<PiiKeySource, 'logger'> };
  /**
   * The service's writer thread (the transactions' row writer): every re-screen commit goes through it, the scoring
   * worker's by a port, so the embedded file has one writer (src/db/statement-port.ts says why).
   */
  writer?: SingleWriter;
}

/** What the rest of the sidecar learns of a raised alert: ids and the public list entity, no personal data. */
export interface CustomerAlert {
  userId: string;
  alertId: string;
  source: string;
  sourceId: string;
  entityName: string;
  score: number;
}

export interface Actor {
  id: string;
}

export interface ImportedIdentity {
  name?: string;
  dateOfBirth?: string;
  nationality?: string;
}

const KYC_SYNC_BATCH = 500;
const INDEX_PAGE = 50_000;

export class MonitoringService {
  readonly store: MonitoringStore;
  readonly index = new CustomerNameIndex();
  readonly openHits = new OpenHits();
  readonly clearings = new ActiveClearings();
  readonly scheduler: FullRescreenScheduler;
  readonly #ctx: RescreenContext;
  readonly #deltaRuns = new WeakMap<ListDelta, Promise<string | undefined>>();
  #deltaChain: Promise<unknown> = Promise.resolve();
  /** Delta runs this process is working through (a resume must not start them twice). */
  readonly #activeRuns = new Set<string>();
  /** This process's lease identity (full runs and delta runs). */
  readonly #owner = `${process.pid}-${randomUUID()}`;
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;
  #loaded: Promise<void> | undefined;

  constructor(private readonly deps: MonitoringDeps) {
    this.store = new MonitoringStore(deps.db);
    this.#ctx = {
      store: this.store,
      cipher: deps.cipher,
      openHits: this.openHits,
      config: deps.config,
      threshold: deps.threshold,
      logger: deps.logger,
      ...(deps.caseSla ? { caseSla: deps.caseSla } : {}),
      ...(deps.onAlerts ? { onAlerts: deps.onAlerts } : {}),
      ...(deps.writer ? { writer: deps.writer } : {}),
    };
    this.scheduler = new FullRescreenScheduler({
      ...this.#ctx,
      clock: deps.clock,
      snapshot: () => deps.lists.snapshot,
      owner: this.#owner,
      ...(deps.screeningLatency ? { screeningLatency: deps.screeningLatency } : {}),
      // Only a file the worker can open beside the service (WAL: its reads do not block ours).
      ...(deps.workerAccess?.databaseUrl.startsWith('file:')
        ? {
            chunkAccess: {
              ...deps.workerAccess,
              intervals: deps.config.intervals,
              ...(deps.caseSla ? { caseSla: deps.caseSla } : {}),
            },
          }
        : {}),
    });
  }

  /**
   * Loads the name index (keys only, nothing decrypted), the open alerts and new KYC approvals. Start-up does not
   * wait for it (a million customers take seconds); a delta run waits for it before looking for candidates.
   */
  load(): Promise<void> {
    this.#loaded ??= this.#load();
    return this.#loaded;
  }

  async #load(): Promise<void> {
    let after = 0;
    for (;;) {
      const page = await this.store.indexPage(after, INDEX_PAGE);
      for (const r of page) this.index.add(r.id, decodeKeys(r.nameKeys));
      if (page.length < INDEX_PAGE) break;
      after = page.at(-1)!.id;
    }
    await this.reloadMemory();
    await this.syncKyc();
    this.resumeDeltaRuns();
  }

  /** Background work: the scheduler, and (each tick) newly approved KYC customers and other instances' closings. */
  startBackground(): void {
    this.scheduler.start();
    this.#timer = setInterval(() => {
      this.resumeDeltaRuns();
      void Promise.all([this.syncKyc(), this.reloadMemory()]).catch((err: unknown) =>
        this.deps.logger.error({ err: (err as Error).message }, 'monitoring sync failed'),
      );
    }, this.deps.config.tickMs);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    // A delta run stops after its current chunk (shutdown stays short); the next start finishes it.
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#loaded?.catch(() => undefined);
    await this.scheduler.stop();
    await this.#deltaChain.catch(() => undefined);
  }

  async reloadOpenHits(): Promise<void> {
    this.openHits.replaceAll(await this.store.openAlerts());
  }

  /** What transaction screening reads from memory: open hits and active clearings (before the service is ready). */
  async reloadMemory(): Promise<void> {
    const [alerts, clearings] = await Promise.all([this.store.openAlerts(), this.store.activeClearings()]);
    this.openHits.replaceAll(alerts);
    this.clearings.replaceAll(clearings.map(clearingLike));
  }

  /** For counterparty screening: the customer's active clearings (a map lookup), or undefined. */
  customerClearings(userId: string) {
    return this.clearings.of(userId);
  }

  /** For transaction screening: the customer's open re-screen hits, or undefined. */
  customerHit(userId: string): CustomerSanctionsHit | undefined {
    return this.openHits.get(userId);
  }

  // ── Who is monitored ──────────────────────────────────────────────────────────────────────

  /** PUT /v1/users/:userId with name, dateOfBirth or nationality: merged into the stored (encrypted) identity. */
  async importIdentity(userId: string, update: ImportedIdentity): Promise<void> {
    const existing = await this.store.customer(userId);
    const before =
      existing?.identityEnc && existing.origin === 'import'
        ? ((await readIdentity(this.deps.db, this.deps.cipher, existing)) as Partial<Identity> | undefined)
        : undefined;
    const merged = { ...before, ...stripUndefined(update) } as Partial<Identity>;
    await this.#register(userId, 'import', encryptIdentity(this.deps.cipher, userId, merged as Identity), null, merged);
  }

  /** Customers approved through KYC who are not monitored yet (their identity stays in the KYC tables). */
  async syncKyc(): Promise<number> {
    let added = 0;
    for (;;) {
      const rows = await this.store.kycToRegister(KYC_SYNC_BATCH);
      for (const r of rows) {
        const identity = await readIdentity(this.deps.db, this.deps.cipher, {
          userId: r.userId,
          identityEnc: null,
          verificationId: r.verificationId,
        });
        await this.#register(r.userId, 'kyc', null, r.verificationId, identity ?? {});
        added++;
      }
      if (rows.length < KYC_SYNC_BATCH) return added;
    }
  }

  async #register(
    userId: string,
    origin: 'import' | 'kyc',
    identityEnc: string | null,
    verificationId: string | null,
    identity: Partial<Identity>,
  ): Promise<void> {
    const now = this.deps.clock();
    const keys = identity.name ? customerNameKeys(identity.name) : { keys: [], tokens: 0 };
    const { id, previousKeys } = await this.store.upsertCustomer(
      { userId, origin, identityEnc, verificationId, nameKeys: encodeKeys(keys), nextDueAt: now },
      now,
    );
    if (previousKeys !== undefined) this.index.remove(id, decodeKeys(previousKeys).keys);
    this.index.add(id, keys);
    if (previousKeys === undefined && (await this.deps.riskLevel(userId)) === 'high') {
      // High-risk at onboarding starts in enhanced monitoring (unless a level is already recorded).
      if (await writeLevel(this.deps.db, userId, 'enhanced', now, { onlyIfUnset: true })) {
        this.deps.onLevelChange(userId);
        await this.store.audit({
          userId,
          action: 'monitoring.level_set',
          actorId: 'system',
          details: { level: 'enhanced', cause: 'high risk at onboarding' },
          createdAt: now,
        });
      }
    }
  }

  async stopMonitoring(userId: string, reason: string, actor: Actor) {
    const now = this.deps.clock();
    const row = await this.store.deactivate(userId, now);
    if (!row) throw new NotFoundError(`Customer ${userId} is not monitored.`);
    this.index.remove(row.id, decodeKeys(row.nameKeys).keys);
    await this.store.audit({
      userId,
      action: 'monitoring.stopped',
      actorId: actor.id,
      details: {},
      reasonEnc: this.deps.cipher.encrypt(reason, `audit:${userId}`),
      createdAt: now,
    });
    return this.view(userId);
  }

  async setLevel(userId: string, level: MonitoringLevel, reason: string, actor: Actor) {
    const now = this.deps.clock();
    const before = await currentLevel(this.deps.db, userId);
    await writeLevel(this.deps.db, userId, level, now);
    this.deps.onLevelChange(userId);
    await this.store.audit({
      userId,
      action: 'monitoring.level_changed',
      actorId: actor.id,
      details: { from: before, to: level },
      reasonEnc: this.deps.cipher.encrypt(reason, `audit:${userId}`),
      createdAt: now,
    });
    return { userId, level, previousLevel: before, changedAt: now.toISOString() };
  }

  // ── Runs ──────────────────────────────────────────────────────────────────────────────────

  /** The registry's onChange hook: starts the delta run for this change (runs are serialised). */
  onListChange(delta: ListDelta, snapshot: ListSnapshot): void {
    let started: (runId: string | undefined) => void = () => undefined;
    this.#deltaRuns.set(
      delta,
      new Promise((resolve) => {
        started = resolve;
      }),
    );
    const job = this.#deltaChain.then(() => this.#runDelta(delta, snapshot, started));
    this.#deltaChain = job.catch((err: unknown) => {
      started(undefined);
      this.deps.logger.error({ err: (err as Error).message }, 'delta re-screen could not start');
    });
  }

  /** POST /v1/lists/refresh: answers once the new snapshot is live, with the delta and the run it started. */
  async refreshLists() {
    const delta = await this.deps.lists.refreshNow();
    const runId = (await this.#deltaRuns.get(delta)) ?? null;
    const snapshot = this.deps.lists.snapshot;
    return {
      delta: deltaSummary(delta),
      runId,
      lists: snapshot ? listsProvenance(snapshot) : null,
    };
  }

  /** Records the run (its id is answered to the refresh at once), then works through it. */
  async #runDelta(
    delta: ListDelta,
    snapshot: ListSnapshot,
    started: (runId: string | undefined) => void,
  ): Promise<void> {
    const changed = delta.sources.some((s) => s.added.length + s.changed.length + s.removed.length > 0);
    if (!changed) return started(undefined);
    await this.load();
    const now = this.deps.clock();
    const run = startingRun('delta', {
      details: { trigger: 'lists.refresh', sources: deltaSummary(delta) },
      listVersions: listsProvenance(snapshot).versions as Record<string, string>,
      dueBefore: null,
      customersTotal: this.index.size,
      startedAt: now,
    });
    await this.store.createRun({ ...run, delta });
    started(run.id);
    await this.#workDelta(run, delta, snapshot);
  }

  /**
   * Delta runs left running by a process that stopped or died are finished from their recorded changes, after
   * their cursor (at start, and every tick for runs whose holder's lease expired). Queued behind live runs.
   */
  resumeDeltaRuns(): void {
    if (this.#stopping) return;
    const job = this.#deltaChain.then(async () => {
      const snapshot = this.deps.lists.snapshot;
      if (!snapshot) return;
      await this.load();
      for (const run of await this.store.runningDeltas()) {
        if (this.#stopping) return;
        if (this.#activeRuns.has(run.id) || !run.delta) continue;
        this.deps.logger.info({ runId: run.id, cursor: run.cursor }, 'resuming an interrupted delta re-screen');
        await this.#workDelta(run, run.delta, snapshot);
      }
    });
    this.#deltaChain = job.catch((err: unknown) =>
      this.deps.logger.error({ err: (err as Error).message }, 'delta re-screen could not resume'),
    );
  }

  /** Works through a delta run under its lease (a fleet works each run once); leaves it running when stopped. */
  async #workDelta(run: RunRow, delta: ListDelta, snapshot: ListSnapshot): Promise<void> {
    const lease = `delta-run:${run.id}`;
    const { leaseMs, chunkSize } = this.deps.config;
    const hold = () => this.store.acquireLease(lease, this.#owner, this.deps.clock(), leaseMs);
    if (!(await hold())) return;
    this.#activeRuns.add(run.id);
    try {
      const out = await runDelta(
        {
          ...this.#ctx,
          index: this.index,
          clock: this.deps.clock,
          chunkSize,
          shouldContinue: async () => !this.#stopping && (await hold()),
        },
        run,
        delta,
        snapshot,
      );
      if (out.interrupted) return;
      const delisted = Number(run.details.delisted ?? 0) + out.delisted.length;
      await this.store.updateRun(run.id, {
        status: 'done',
        customersChecked: run.customersTotal,
        details: { ...run.details, delisted },
        finishedAt: this.deps.clock(),
      });
    } catch (err) {
      this.deps.logger.error({ runId: run.id, err: (err as Error).message }, 'delta re-screen failed');
      await this.store.updateRun(run.id, {
        status: 'failed',
        error: (err as Error).message,
        finishedAt: this.deps.clock(),
      });
    } finally {
      this.#activeRuns.delete(run.id);
      await this.store.releaseLease(lease, this.#owner, this.deps.clock()).catch(() => undefined);
    }
  }

  async run(id: string) {
    const r = await this.store.run(id);
    if (!r) throw new NotFoundError(`No screening run ${id}.`);
    return runView(r);
  }

  /** Waits for delta runs started so far (shutdown, tests of the wiring). */
  async settled(): Promise<void> {
    await this.#deltaChain;
  }

  // ── One customer ──────────────────────────────────────────────────────────────────────────

  /** POST /v1/users/:userId/screening: re-screens the customer now, in full, and answers with the result. */
  async screenNow(userId: string) {
    const snapshot = this.#snapshot();
    const row = await this.store.customer(userId);
    if (!row?.active) throw new NotFoundError(`Customer ${userId} is not monitored.`);
    if (row.nameKeys === '') throw new ConflictError(`Customer ${userId} has no name on file: nothing to screen.`);
    const [due] = await this.store.byIds([row.id]);
    const now = this.deps.clock();
    const out = await rescreenBatch(this.#ctx, due ? [due] : [], {
      snapshot,
      scope: {},
      runId: null,
      full: true,
      now,
    });
    const outcomes = out.results[0]?.outcomes ?? [];
    const raised = new Map(
      (out.results[0]?.alerts ?? []).map((a) => [entityRef(a.source, a.sourceId), a.alertId] as const),
    );
    return {
      userId,
      screenedAt: now.toISOString(),
      lists: listsProvenance(snapshot),
      threshold: this.deps.threshold,
      matches: outcomes.map((o) => ({
        source: o.match.source,
        sourceId: o.match.sourceId,
        name: o.match.name,
        matchedName: o.match.matchedName,
        score: o.match.score,
        programs: o.match.programs,
        explanation: o.match.explanation,
        outcome: o.kind,
        alertId: raised.get(entityRef(o.match.source, o.match.sourceId)) ?? null,
      })),
      alertsRaised: out.alerts,
    };
  }

  /** GET /v1/users/:userId/screening */
  async view(userId: string) {
    const row = await this.store.customer(userId);
    const [open, clearings] = await Promise.all([
      this.store.alertsOfUser(userId, 'open'),
      this.store.clearingsOf([userId], false),
    ]);
    const monitored = row?.active === true && row.nameKeys !== '';
    const reason = !row
      ? 'no identity on file: import name, dateOfBirth, nationality (PUT /v1/users/:userId) or verify through KYC'
      : !row.active
        ? 'monitoring was stopped'
        : row.nameKeys === ''
          ? 'no name on file: the customer cannot be name-screened'
          : null;
    return {
      userId,
      monitored,
      reason,
      origin: row?.origin ?? null,
      level: await currentLevel(this.deps.db, userId),
      lastScreenedAt: row?.lastScreenedAt?.toISOString() ?? null,
      lastFullScreenedAt: row?.lastFullAt?.toISOString() ?? null,
      nextDueAt: monitored ? row.nextDueAt.toISOString() : null,
      listVersions: row?.listVersions ?? null,
      openHits: open.map((a) => rescreenAlertView(a, this.deps.cipher)),
      clearings: clearings.map((c) => clearingView(c, this.deps.cipher)),
    };
  }

  // ── Clearings ─────────────────────────────────────────────────────────────────────────────

  /**
   * Clears a customer–entity pair. The entity's identifying-content hash is taken from the current list (the
   * entity as the customer matches it now), else from the customer's latest alert on it.
   */
  async clear(userId: string, input: { source: SourceId; sourceId: string; reason: string }, actor: Actor) {
    const row = await this.store.customer(userId);
    if (!row) throw new NotFoundError(`Customer ${userId} is not monitored.`);
    const hash = await this.#currentHash(row, input.source, input.sourceId);
    if (!hash)
      throw new NotFoundError(
        `Customer ${userId} has no match or alert on ${input.source} ${input.sourceId}: nothing to clear.`,
      );
    const now = this.deps.clock();
    const id = `clr_${randomUUID()}`;
    await this.store.insertClearing({
      id,
      userId,
      source: input.source,
      sourceId: input.sourceId,
      entityHash: hash,
      reasonEnc: this.deps.cipher.encrypt(input.reason, `clearing:${id}`),
      clearedBy: actor.id,
      clearedAt: now,
    });
    this.clearings.add({ userId, source: input.source, sourceId: input.sourceId, entityHash: hash, clearingId: id });
    const closed = await this.store.closeOpen(
      { source: input.source, sourceId: input.sourceId, userId },
      'cleared',
      now,
    );
    for (const c of closed) this.openHits.remove(c.userId, c.alertId);
    await this.store.audit({
      userId,
      action: 'clearing.created',
      actorId: actor.id,
      details: { clearingId: id, source: input.source, sourceId: input.sourceId, alertsClosed: closed.length },
      reasonEnc: this.deps.cipher.encrypt(input.reason, `audit:${userId}`),
      createdAt: now,
    });
    const created = await this.store.clearing(id);
    return clearingView(created!, this.deps.cipher);
  }

  async revokeClearing(userId: string, clearingId: string, reason: string, actor: Actor) {
    const existing = await this.store.clearing(clearingId);
    if (!existing || existing.userId !== userId) throw new NotFoundError(`No clearing ${clearingId} for ${userId}.`);
    const now = this.deps.clock();
    const revoked = await this.store.revokeClearing(clearingId, actor.id, now);
    if (!revoked) throw new ConflictError(`Clearing ${clearingId} was already revoked.`);
    this.clearings.replaceUser(userId, (await this.store.clearingsOf([userId], true)).map(clearingLike));
    await this.store.audit({
      userId,
      action: 'clearing.revoked',
      actorId: actor.id,
      details: { clearingId, source: existing.source, sourceId: existing.sourceId },
      reasonEnc: this.deps.cipher.encrypt(reason, `audit:${userId}`),
      createdAt: now,
    });
    return clearingView(revoked, this.deps.cipher);
  }

  async #currentHash(
    row: { userId: string; identityEnc: string | null; verificationId: string | null },
    source: SourceId,
    sourceId: string,
  ): Promise<string | undefined> {
    const snapshot = this.deps.lists.snapshot;
    const identity = await readIdentity(this.deps.db, this.deps.cipher, row);
    if (snapshot && identity?.name) {
      // Any score: the officer clears what they saw, even a match that now scores below the threshold.
      const m = screenIdentity(snapshot, identity, 0.5, { sources: [source] }).find((x) => x.sourceId === sourceId);
      if (m) return entityHash(m.entity);
    }
    const alerts = await this.store.alertsOfUser(row.userId);
    return alerts.find((a) => a.source === source && a.sourceId === sourceId)?.entityHash;
  }

  // ── Alerts (kind sanctions.rescreen) ──────────────────────────────────────────────────────

  async listAlerts(filter: AlertFilter) {
    const rows = await this.store.listAlerts(filter);
    return rows.map((r) => ({ row: r, view: rescreenAlertView(r, this.deps.cipher) }));
  }

  async getAlert(alertId: string) {
    const row = await this.store.alert(alertId);
    return row ? rescreenAlertView(row, this.deps.cipher) : undefined;
  }

  /** Closing an alert resolves it: the customer's transactions are no longer held for it. */
  async setAlertStatus(alertId: string, status: 'open' | 'closed', note: string | undefined) {
    const row = await this.store.setAlertStatus(alertId, status, note, this.deps.clock());
    if (!row) return undefined;
    if (status === 'closed') this.openHits.remove(row.userId, row.alertId);
    else this.openHits.add(row.userId, row);
    return rescreenAlertView(row, this.deps.cipher);
  }

  #snapshot(): ListSnapshot {
    const s = this.deps.lists.snapshot;
    if (!s) throw new ServiceUnavailableError('The sanctions lists are not loaded yet.', 30);
    return s;
  }
}

function clearingLike(c: ClearingRow): ClearingLike {
  return { userId: c.userId, source: c.source, sourceId: c.sourceId, entityHash: c.entityHash, clearingId: c.id };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
