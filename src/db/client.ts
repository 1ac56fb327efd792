import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema/index.ts';

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  db: Db;
  client: Client;
  close(): void;
}

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** How long an embedded-file statement waits for another connection's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database and applies pending migrations. An embedded file gets WAL mode and a busy
 * timeout so group-commit writers and readers do not block each other.
 *
 * The client keeps a pool of connections (a transaction borrows its own), and a PRAGMA run through
 * `execute` reaches only the connection that ran it; the busy timeout therefore goes in the client's
 * `timeout` option, which every pooled connection is opened with. Without it, a write on a second
 * connection (a transaction, a lease renewal while one is open) failed at once under steady commits.
 */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // Issue #14: the PostgreSQL schema, migrations and first store exist (src/db/postgres.ts), the service does not run on them yet.
    throw new Error('DATABASE_URL: PostgreSQL is not supported by the service yet (issue #14); use a libSQL URL');
  }
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const client = createClient({
    url,
    ...(authToken ? { authToken } : {}),
    ...(url.startsWith('file:') ? { timeout: BUSY_TIMEOUT_MS } : {}),
  });
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = NORMAL');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db, client, close: () => client.close() };
}
