/**
 * The PostgreSQL side of the database (issue #14): drizzle's PostgreSQL dialect over postgres.js, with the
 * migrations of drizzle-pg/ (generated from src/db/schema-pg, a mirror of src/db/schema) applied on open.
 * Not wired into main.ts yet: the service still runs on libSQL (src/db/client.ts) whatever DATABASE_URL says.
 *
 * Relied-on PostgreSQL features: plain tables, b-tree and partial indexes, `INSERT … ON CONFLICT … DO UPDATE …
 * WHERE … RETURNING` (row compare-and-set, src/db/lease.ts), identity columns, PL/pgSQL triggers for the
 * append-only audit tables. No advisory locks, no LISTEN/NOTIFY, no SKIP LOCKED — CockroachDB stays possible.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema-pg/index.ts';

export type PgDb = PostgresJsDatabase<typeof schema>;

export interface PgDatabase {
  db: PgDb;
  client: postgres.Sql;
  /** Waits for running queries (up to 5 s) and closes every connection. */
  close(): Promise<void>;
}

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle-pg');

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export interface OpenPostgresOptions {
  /** Connections in the pool (postgres.js default 10). */
  max?: number;
}

/** Opens a pool on `url` (postgres:// or postgresql://) and applies pending migrations. */
export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<PgDatabase> {
  if (!isPostgresUrl(url)) throw new Error('openPostgres: expected a postgres:// or postgresql:// URL');
  const client = postgres(url, {
    max: options.max ?? 10,
    // The migrator's "schema already exists" notices are not worth a log line each.
    onnotice: () => undefined,
  });
  const close = () => client.end({ timeout: 5 });
  try {
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    return { db, client, close };
  } catch (err) {
    await close();
    throw err;
  }
}
