/**
 * The cold path's reads, off the event loop: a customer's history (the transactions of the last
 * horizon and the summary of older ones), their profile, and the ids of every customer with stored
 * history (for the negative cache, src/risk/known-customers.ts).
 *
 * Embedded database (`file:`) only: a worker thread with its own read connection and statements
 * prepared once. Measured per cold load (history + summary + profile, 100,000 customers, this
 * machine): the libSQL client on the main thread prepared every statement again and held the event
 * loop ~300–400 µs; the same statements prepared once, synchronous on the main thread, ~70 µs; the
 * driver's promise API (libsql/promise) ~75 µs on the main thread and 4× the CPU in its own threads;
 * this worker ~12 µs on the main thread (posting and receiving), ~100 µs latency, and a slow disk
 * stalls only the worker. A libSQL server is read through the client (its I/O is asynchronous).
 *
 * Reads see every committed write (WAL, autocommit statements); the history and its summary are read
 * in one read transaction, so they agree with each other.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DbThread, type ThreadReply } from './db-thread.ts';

/** One stored transaction as the history query returns it (column order of HISTORY_SQL). */
export type HistoryRow = [
  transactionId: string,
  occurredAt: number,
  direction: 'inbound' | 'outbound',
  amountUsd: string,
  counterpartyKey: string | null,
  bodyHash: string,
  counted: number,
];

export interface HistorySummaryRow {
  firstSeen: number | null;
  lastActive: number | null;
  monitoring: string | null;
}

/** The customers row, columns as stored. */
export interface ProfileRow {
  user_id: string;
  kyc_status: string;
  risk_level: string;
  country: string | null;
  account_created_at: number | null;
  origin: string;
  updated_at: number;
}

const HISTORY_SQL =
  'select "transaction_id", "occurred_at", "direction", "amount_usd", "counterparty_key", "body_hash", "counted" ' +
  'from "screened_transactions" where "user_id" = ? and "occurred_at" > ? order by "occurred_at"';
// Each aggregate in its own subquery so SQLite answers it from the (user_id, occurred_at) index.
const SUMMARY_SQL =
  'select (select min("occurred_at") from "screened_transactions" where "user_id" = ?1) as first_seen, ' +
  '(select max("occurred_at") from "screened_transactions" where "user_id" = ?1 and "counted" = 1 and "occurred_at" <= ?2) as last_active, ' +
  '(select "level" from "user_monitoring" where "user_id" = ?1) as monitoring';
const PROFILE_SQL =
  'select "user_id", "kyc_status", "risk_level", "country", "account_created_at", "origin", "updated_at" from "customers" where "user_id" = ?';
// Everyone with a stored transaction or a recorded monitoring level: whoever is not here has no history.
const KNOWN_SQL =
  'select "user_id" from "screened_transactions" group by "user_id" union select "user_id" from "user_monitoring"';

// Plain CommonJS on purpose: a worker thread does not inherit the TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.file);
db.exec('PRAGMA busy_timeout = ' + workerData.busyTimeoutMs);
const history = db.prepare(workerData.history).raw();
const summary = db.prepare(workerData.summary).raw();
const profile = db.prepare(workerData.profile);
const begin = db.prepare('BEGIN');
const commit = db.prepare('COMMIT');
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.postMessage({ closed: true }); return; }
  try {
    if (m.op === 'history') {
      begin.run();
      let rows, s;
      try { rows = history.all(m.userId, m.from); s = summary.get(m.userId, m.from); } finally { commit.run(); }
      parentPort.postMessage({ id: m.id, rows, summary: s });
    } else if (m.op === 'profile') {
      parentPort.postMessage({ id: m.id, row: profile.get(m.userId) });
    } else if (m.op === 'known') {
      // In chunks, so the main thread takes them in short turns.
      const ids = [];
      for (const r of db.prepare(workerData.known).raw().iterate()) {
        ids.push(r[0]);
        if (ids.length === 5000) parentPort.postMessage({ id: m.id, ids: ids.splice(0), more: true });
      }
      parentPort.postMessage({ id: m.id, ids });
    }
  } catch (e) {
    try { if (db.inTransaction) db.exec('ROLLBACK'); } catch {}
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e), code: e && e.code });
  }
});
`;

interface Reply extends ThreadReply {
  rows?: HistoryRow[];
  summary?: [number | null, number | null, string | null];
  row?: ProfileRow | null;
  ids?: string[];
}

export class HistoryReader {
  readonly #thread: DbThread<Reply>;

  constructor(file: string, busyTimeoutMs = 5_000) {
    this.#thread = new DbThread<Reply>(
      () =>
        new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: {
            libsql: createRequire(import.meta.url).resolve('libsql'),
            file,
            busyTimeoutMs,
            history: HISTORY_SQL,
            summary: SUMMARY_SQL,
            profile: PROFILE_SQL,
            known: KNOWN_SQL,
          },
        }),
      'the database reader thread',
    );
  }

  async history(userId: string, from: number): Promise<{ rows: HistoryRow[]; summary: HistorySummaryRow }> {
    const r = await this.#thread.ask({ op: 'history', userId, from });
    const [firstSeen, lastActive, monitoring] = r.summary ?? [null, null, null];
    return { rows: r.rows ?? [], summary: { firstSeen, lastActive, monitoring } };
  }

  async profile(userId: string): Promise<ProfileRow | undefined> {
    return (await this.#thread.ask({ op: 'profile', userId })).row ?? undefined;
  }

  /** Every customer id with stored history, handed over in chunks as they are read. */
  async knownCustomers(onIds: (ids: readonly string[]) => void): Promise<void> {
    const last = await this.#thread.ask({ op: 'known' }, (part) => onIds(part.ids ?? []));
    onIds(last.ids ?? []);
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}

/** A reader for an embedded database file; undefined for `:memory:` and a libSQL server (read through the client). */
export function createHistoryReader(databaseUrl: string): HistoryReader | undefined {
  if (databaseUrl.startsWith('file:') && !databaseUrl.includes(':memory:'))
    return new HistoryReader(path.resolve(databaseUrl.slice('file:'.length)));
  return undefined;
}
