/**
 * Writes rows of the transaction tables in one database transaction, bypassing drizzle's generic
 * query builder: the hot path writes a few hundred rows per group commit, and drizzle spends more
 * time per row (entity checks, value mapping) than SQLite spends storing it. Column names and types
 * still come from the drizzle table definitions: one name for one thing.
 *
 * - Embedded database (`file:`): a worker thread with its own connection and prepared statements,
 *   reused for every row (the libSQL client prepares each statement again on every call: 2–3× slower
 *   per row, measured). The embedded driver is synchronous, so on the main thread every commit held
 *   the event loop (about 0.25 ms per commit, and longer when the disk is slow); in the worker it
 *   holds nothing but the worker, which may also wait for a lock another connection holds (an
 *   interactive KYC transaction) without stalling the transaction it waits for. Rows are encoded on
 *   the main thread, so the worker needs no TypeScript and no schema, only SQL and values.
 * - Anything else (a libSQL server): multi-row INSERTs through the client's batch.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Client, InStatement, InValue } from '@libsql/client';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { DbThread, type ThreadReply } from './db-thread.ts';

type Encode = (v: unknown) => InValue;

/**
 * A value of a JSON column that is already serialised (the screening answer: serialised once for the
 * HTTP response and the stored decision alike). Stored as its text.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

function encoderFor(columnType: string): Encode {
  switch (columnType) {
    case 'SQLiteTimestamp':
      return (v) => (v instanceof Date ? v.getTime() : v === undefined || v === null ? null : (v as number));
    case 'SQLiteBoolean':
      return (v) => (v === undefined || v === null ? null : v ? 1 : 0);
    case 'SQLiteTextJson':
      return (v) => (v === undefined || v === null ? null : v instanceof JsonText ? v.text : JSON.stringify(v));
    case 'SQLiteText':
    case 'SQLiteInteger':
    case 'SQLiteReal':
      return (v) => (v === undefined ? null : (v as InValue));
    default:
      throw new Error(`row-writer: unsupported column type ${columnType}`);
  }
}

/** How one table's rows become SQL: the INSERT head, one row's placeholders, and the row encoder. */
export class TableRows<T extends SQLiteTable> {
  readonly sqlHead: string;
  readonly placeholders: string;
  /** After the values: an `on conflict (…) do update set …` clause (portable: SQLite and PostgreSQL), or nothing. */
  readonly sqlTail: string;
  readonly #columns: { key: string; encode: Encode }[];

  constructor(
    readonly table: T,
    onConflict: 'fail' | 'ignore' | { upsert: string } = 'fail',
    /** Per column key, an SQL expression with one `?` in place of the plain placeholder (e.g. a sequence number). */
    expressions: Partial<Record<string, string>> = {},
  ) {
    const cols = Object.entries(getTableColumns(table)).map(([key, col]) => ({
      key,
      name: col.name,
      encode: encoderFor(col.columnType),
    }));
    this.#columns = cols;
    this.sqlHead = `insert ${onConflict === 'ignore' ? 'or ignore ' : ''}into "${getTableName(table)}" (${cols.map((c) => `"${c.name}"`).join(', ')}) values `;
    this.placeholders = `(${cols.map((c) => expressions[c.key] ?? '?').join(', ')})`;
    this.sqlTail = typeof onConflict === 'object' ? ` ${onConflict.upsert}` : '';
  }

  encode(row: object): InValue[] {
    const r = row as Record<string, unknown>;
    return this.#columns.map((c) => c.encode(r[c.key]));
  }
}

/** Rows for one table; `values` are that table's insert objects (checked where the group is built). */
export interface RowGroup {
  rows: TableRows<SQLiteTable>;
  values: readonly object[];
}

export interface RowWriter {
  /** All groups in one transaction, or nothing. */
  write(groups: readonly RowGroup[]): Promise<void>;
  close(): Promise<void>;
}

/** One table's rows for the worker: its INSERT and the encoded values of each row. */
interface EncodedGroup {
  sql: string;
  rows: InValue[][];
}

// Plain CommonJS on purpose: a worker thread does not inherit the TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.file);
// NORMAL: a commit is durable against a process kill once in the WAL; FULL also fsyncs it (power
// loss). Checkpoints are the WalCheckpointer's job, never a commit's.
db.exec('PRAGMA synchronous = ' + workerData.synchronous);
db.exec('PRAGMA busy_timeout = ' + workerData.busyTimeoutMs);
db.exec('PRAGMA wal_autocheckpoint = 0');
db.exec('PRAGMA foreign_keys = ON');
const statements = new Map();
const statement = (sql) => {
  let s = statements.get(sql);
  if (!s) { s = db.prepare(sql); statements.set(sql, s); }
  return s;
};
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.postMessage({ closed: true }); return; }
  try {
    db.exec('BEGIN IMMEDIATE');
    for (const g of m.groups) { const s = statement(g.sql); for (const row of g.rows) s.run(...row); }
    db.exec('COMMIT');
    parentPort.postMessage({ id: m.id });
  } catch (e) {
    try { if (db.inTransaction) db.exec('ROLLBACK'); } catch {}
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e), code: e && e.code });
  }
});
`;

class WorkerWriter implements RowWriter {
  readonly #thread: DbThread<ThreadReply>;

  constructor(file: string, synchronous: 'normal' | 'full', busyTimeoutMs = 2_000) {
    this.#thread = new DbThread<ThreadReply>(
      () =>
        new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: {
            libsql: createRequire(import.meta.url).resolve('libsql'),
            file,
            synchronous: synchronous === 'full' ? 'FULL' : 'NORMAL',
            busyTimeoutMs,
          },
        }),
      // A dead writer fails what it held: those transactions did not commit.
      'the database writer thread',
    );
  }

  async write(groups: readonly RowGroup[]): Promise<void> {
    const encoded: EncodedGroup[] = groups
      .filter((g) => g.values.length > 0)
      .map((g) => ({
        sql: g.rows.sqlHead + g.rows.placeholders + g.rows.sqlTail,
        rows: g.values.map((v) => g.rows.encode(v)),
      }));
    await this.#thread.ask({ groups: encoded });
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}

class ClientBatchWriter implements RowWriter {
  constructor(private readonly client: Client) {}

  async write(groups: readonly RowGroup[]): Promise<void> {
    const statements: InStatement[] = groups
      .filter((g) => g.values.length > 0)
      .map((g) => ({
        sql:
          g.rows.sqlHead +
          Array.from({ length: g.values.length }, () => g.rows.placeholders).join(', ') +
          g.rows.sqlTail,
        args: g.values.flatMap((v) => g.rows.encode(v)),
      }));
    await this.client.batch(statements, 'write');
  }

  async close(): Promise<void> {}
}

export function createRowWriter(
  databaseUrl: string,
  client: Client,
  synchronous: 'normal' | 'full' = 'normal',
): RowWriter {
  if (databaseUrl.startsWith('file:') && !databaseUrl.includes(':memory:'))
    return new WorkerWriter(path.resolve(databaseUrl.slice('file:'.length)), synchronous);
  return new ClientBatchWriter(client);
}
