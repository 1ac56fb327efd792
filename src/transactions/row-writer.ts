/**
 * Writes rows of the transaction tables in one database transaction, bypassing drizzle's generic
 * query builder: the hot path writes a few hundred rows per group commit, and drizzle spends more
 * time per row (entity checks, value mapping) than SQLite spends storing it. Column names and types
 * still come from the drizzle table definitions: one name for one thing.
 *
 * - Embedded database (`file:`): its own connection with prepared statements, reused for every row
 *   (the libSQL client prepares each statement again on every call: 2–3× slower per row, measured).
 *   The write is synchronous from BEGIN to COMMIT, so it never holds the lock across an await and
 *   never waits on the app's other connection; if another connection holds the write lock (an
 *   interactive transaction elsewhere), SQLITE_BUSY comes back at once and the caller retries
 *   asynchronously (busy_timeout 0: a synchronous wait would stall the event loop, and with it the
 *   transaction it waits for).
 * - Anything else (a libSQL server): multi-row INSERTs through the client's batch.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Client, InStatement, InValue } from '@libsql/client';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

type Encode = (v: unknown) => InValue;

function encoderFor(columnType: string): Encode {
  switch (columnType) {
    case 'SQLiteTimestamp':
      return (v) => (v instanceof Date ? v.getTime() : v === undefined || v === null ? null : (v as number));
    case 'SQLiteBoolean':
      return (v) => (v === undefined || v === null ? null : v ? 1 : 0);
    case 'SQLiteTextJson':
      return (v) => (v === undefined || v === null ? null : JSON.stringify(v));
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
  readonly #columns: { key: string; encode: Encode }[];

  constructor(
    readonly table: T,
    onConflict: 'fail' | 'ignore' = 'fail',
  ) {
    const cols = Object.entries(getTableColumns(table)).map(([key, col]) => ({ key, name: col.name, encode: encoderFor(col.columnType) }));
    this.#columns = cols;
    this.sqlHead = `insert ${onConflict === 'ignore' ? 'or ignore ' : ''}into "${getTableName(table)}" (${cols.map((c) => `"${c.name}"`).join(', ')}) values `;
    this.placeholders = `(${cols.map(() => '?').join(', ')})`;
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
  /** All groups in one transaction, or nothing. Throws SQLITE_BUSY when another connection holds the write lock. */
  write(groups: readonly RowGroup[]): Promise<void>;
  close(): void;
}

interface SqliteStatement {
  run(...args: InValue[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  close(): void;
  readonly inTransaction: boolean;
}

class EmbeddedWriter implements RowWriter {
  #db: SqliteDatabase | undefined;
  #statements = new Map<TableRows<SQLiteTable>, SqliteStatement>();

  constructor(
    private readonly file: string,
    private readonly synchronous: 'normal' | 'full',
  ) {}

  async write(groups: readonly RowGroup[]): Promise<void> {
    const db = this.#open();
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const g of groups) {
        const stmt = this.#statement(db, g.rows);
        for (const v of g.values) stmt.run(...g.rows.encode(v));
      }
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
    this.#statements.clear();
  }

  #open(): SqliteDatabase {
    if (!this.#db) {
      const Database = createRequire(import.meta.url)('libsql') as new (file: string) => SqliteDatabase;
      const db = new Database(this.file);
      // NORMAL: a commit is durable against a process kill once in the WAL; FULL also fsyncs it
      // (power loss). Checkpoints are the WalCheckpointer's job, never a commit's.
      db.exec(`PRAGMA synchronous = ${this.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      db.exec('PRAGMA wal_autocheckpoint = 0');
      db.exec('PRAGMA foreign_keys = ON');
      this.#db = db;
    }
    return this.#db;
  }

  #statement(db: SqliteDatabase, rows: TableRows<SQLiteTable>): SqliteStatement {
    let stmt = this.#statements.get(rows);
    if (!stmt) {
      stmt = db.prepare(rows.sqlHead + rows.placeholders);
      this.#statements.set(rows, stmt);
    }
    return stmt;
  }
}

class ClientBatchWriter implements RowWriter {
  constructor(private readonly client: Client) {}

  async write(groups: readonly RowGroup[]): Promise<void> {
    const statements: InStatement[] = groups
      .filter((g) => g.values.length > 0)
      .map((g) => ({ sql: g.rows.sqlHead + Array.from({ length: g.values.length }, () => g.rows.placeholders).join(', '), args: g.values.flatMap((v) => g.rows.encode(v)) }));
    await this.client.batch(statements, 'write');
  }

  close(): void {}
}

export function createRowWriter(databaseUrl: string, client: Client, synchronous: 'normal' | 'full' = 'normal'): RowWriter {
  if (databaseUrl.startsWith('file:') && !databaseUrl.includes(':memory:')) return new EmbeddedWriter(path.resolve(databaseUrl.slice('file:'.length)), synchronous);
  return new ClientBatchWriter(client);
}
