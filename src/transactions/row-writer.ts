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
 *
 * The thread is also the embedded file's one writer for the re-screen commits (src/monitoring/chunk-commit.ts):
 * from the main thread by `execute`, from the scoring worker through a port (`attachPort`; src/db/statement-port.ts
 * says why one writer).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { Client, InStatement, InValue } from '@libsql/client';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SqlStatement } from '../db/statement-port.ts';
import { DbThread, type ThreadReply } from './db-thread.ts';
import { packRows, type RowsForThread, UNPACK_SOURCE } from './row-pack.ts';

type Encode = (v: unknown) => InValue;

/**
 * A value of a JSON column that is already serialised (the screening answer: serialised once for the
 * HTTP response and the stored decision alike). Stored as its text.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * A text column sealed as it is written: the plaintext and its associated data go to the writer thread,
 * which seals them there in the stored form of src/kyc/crypto.ts (AES-256-GCM, "v1." + base64url(iv ‖
 * tag ‖ ciphertext)), so the event loop does not pay for the cipher (~8 % of its time per screening). A
 * writer without a thread, or without the key, seals on the spot with `sealNow`.
 */
export class SealOnWrite {
  constructor(
    readonly plain: string,
    readonly associatedData: string,
    readonly sealNow: () => string,
  ) {}
}

/** A SealOnWrite sealed here (no thread to do it); anything else as it is. */
const sealedHere = (v: InValue | SealOnWrite): InValue => (v instanceof SealOnWrite ? v.sealNow() : v);

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
  /** Statements of any kind (an UPDATE, an INSERT built by drizzle), all in one transaction, or nothing. */
  execute(statements: readonly SqlStatement[]): Promise<void>;
  /**
   * A port another thread commits through (src/db/statement-port.ts), when this writer has a thread of its own:
   * the file then has one writer, whoever writes. Undefined otherwise.
   */
  attachPort(): MessagePort | undefined;
  close(): Promise<void>;
}

/** One table's rows for the worker: its INSERT and the encoded values of each row. */
interface EncodedGroup extends RowsForThread {
  sql: string;
  /** Values; a value the thread is to seal (SealOnWrite) is its plaintext here. */
  rows: InValue[][];
  /**
   * The values to seal: row and column index pairs, flat, and each one's associated data. Flat arrays
   * of numbers and strings, not an object per value: the structured clone to the thread is per object.
   */
  seal?: { at: number[]; aad: string[] };
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
// Sealing (SealOnWrite): the key as a KeyObject, and IVs by NIST SP 800-38D 8.2.1 as src/kyc/gcm-iv.ts
// makes them: a fixed field this thread draws at random, then a 64-bit counter from a random start.
const crypto = require('node:crypto');
const sealKey = workerData.sealKey ? crypto.createSecretKey(Buffer.from(workerData.sealKey)) : undefined;
const ivSeed = crypto.randomBytes(12);
const ivFixed = ivSeed.readUInt32BE(0);
let ivHigh = ivSeed.readUInt32BE(4);
let ivLow = ivSeed.readUInt32BE(8);
const seal = (plain, aad) => {
  if (!sealKey) throw new Error('the writer thread has no sealing key');
  ivLow = (ivLow + 1) >>> 0;
  if (ivLow === 0) ivHigh = (ivHigh + 1) >>> 0;
  const iv = Buffer.allocUnsafe(12);
  iv.writeUInt32BE(ivFixed, 0);
  iv.writeUInt32BE(ivHigh, 4);
  iv.writeUInt32BE(ivLow, 8);
  const cipher = crypto.createCipheriv('aes-256-gcm', sealKey, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return 'v1.' + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
};
const sealValues = (g) => {
  if (!g.seal) return;
  for (let k = 0; k < g.seal.aad.length; k++) {
    const row = g.rows[g.seal.at[2 * k]];
    const col = g.seal.at[2 * k + 1];
    row[col] = seal(row[col], g.seal.aad[k]);
  }
};
${UNPACK_SOURCE}
const statements = new Map();
const statement = (sql) => {
  let s = statements.get(sql);
  if (!s) { s = db.prepare(sql); statements.set(sql, s); }
  return s;
};
// Ports other threads commit through (attachPort); closed with the connection, so their side learns of it.
const attached = new Set();
const serve = (port, m) => {
  if (m.attach) {
    attached.add(m.attach);
    m.attach.on('message', (x) => serve(m.attach, x));
    m.attach.on('close', () => attached.delete(m.attach));
    return;
  }
  try {
    db.exec('BEGIN IMMEDIATE');
    if (m.statements) {
      // One-off statements (their SQL varies with the number of values): prepared, run, not kept.
      for (const x of m.statements) db.prepare(x.sql).run(...x.params);
    } else {
      // Packed (src/transactions/row-pack.ts), or as arrays when a value has no place in the packed form.
      const groups = m.packed ? unpackRows(m.packed) : m.groups;
      for (const g of groups) { const s = statement(g.sql); sealValues(g); for (const row of g.rows) s.run(...row); }
    }
    db.exec('COMMIT');
    port.postMessage({ id: m.id });
  } catch (e) {
    try { if (db.inTransaction) db.exec('ROLLBACK'); } catch {}
    port.postMessage({ id: m.id, error: String((e && e.message) || e), code: e && e.code });
  }
};
parentPort.on('message', (m) => {
  if (m === 'close') {
    for (const p of attached) p.close();
    db.close();
    parentPort.postMessage({ closed: true });
    return;
  }
  serve(parentPort, m);
});
`;

class WorkerWriter implements RowWriter {
  readonly #thread: DbThread<ThreadReply>;

  readonly #sealing: boolean;

  constructor(file: string, synchronous: 'normal' | 'full', sealKey?: Buffer, busyTimeoutMs = 2_000) {
    this.#sealing = sealKey !== undefined;
    this.#thread = new DbThread<ThreadReply>(
      () =>
        new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: {
            libsql: createRequire(import.meta.url).resolve('libsql'),
            file,
            synchronous: synchronous === 'full' ? 'FULL' : 'NORMAL',
            busyTimeoutMs,
            ...(sealKey ? { sealKey: new Uint8Array(sealKey) } : {}),
          },
        }),
      // A dead writer fails what it held: those transactions did not commit.
      'the database writer thread',
    );
  }

  async write(groups: readonly RowGroup[]): Promise<void> {
    const encoded: EncodedGroup[] = [];
    for (const g of groups) {
      if (g.values.length === 0) continue;
      const group: EncodedGroup = { sql: g.rows.sqlHead + g.rows.placeholders + g.rows.sqlTail, rows: [] };
      for (const v of g.values) {
        const row = g.rows.encode(v);
        for (let col = 0; col < row.length; col++) {
          const x = row[col] as InValue | SealOnWrite;
          if (!(x instanceof SealOnWrite)) continue;
          if (!this.#sealing) row[col] = x.sealNow();
          else {
            group.seal ??= { at: [], aad: [] };
            group.seal.at.push(group.rows.length, col);
            group.seal.aad.push(x.associatedData);
            row[col] = x.plain;
          }
        }
        group.rows.push(row);
      }
      encoded.push(group);
    }
    const packed = packRows(encoded);
    await (packed
      ? this.#thread.ask({ packed }, undefined, [packed.tags.buffer as ArrayBuffer, packed.nums.buffer as ArrayBuffer])
      : this.#thread.ask({ groups: encoded }));
  }

  async execute(statements: readonly SqlStatement[]): Promise<void> {
    if (statements.length > 0) await this.#thread.ask({ statements });
  }

  attachPort(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.#thread.post({ attach: port1 }, [port1]);
    return port2;
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
        args: g.values.flatMap((v) => g.rows.encode(v).map(sealedHere)),
      }));
    await this.client.batch(statements, 'write');
  }

  async execute(statements: readonly SqlStatement[]): Promise<void> {
    if (statements.length > 0)
      await this.client.batch(
        statements.map((x) => ({ sql: x.sql, args: x.params })),
        'write',
      );
  }

  attachPort(): undefined {
    return undefined;
  }

  async close(): Promise<void> {}
}

export function createRowWriter(
  databaseUrl: string,
  client: Client,
  synchronous: 'normal' | 'full' = 'normal',
  /** The key SealOnWrite values are sealed with in the writer thread (PiiCipher.keyForThread()). */
  sealKey?: Buffer,
): RowWriter {
  if (databaseUrl.startsWith('file:') && !databaseUrl.includes(':memory:'))
    return new WorkerWriter(path.resolve(databaseUrl.slice('file:'.length)), synchronous, sealKey);
  return new ClientBatchWriter(client);
}
