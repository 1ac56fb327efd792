/**
 * The database engines a store contract test runs on, for `describe.each(engines())`: the embedded libSQL file
 * the service uses today, and PostgreSQL in a throwaway cluster (test/helpers/pg-cluster.ts). Each engine opens
 * "instances": separate connections (pools) to one migrated database, as separate processes of a fleet would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { openPostgres, type PgDatabase } from '../../src/db/postgres.ts';
import { type PgCluster, runPgTests, startPgCluster, warnPgSkipped } from './pg-cluster.ts';

export type EngineInstance = { kind: 'libsql'; database: Database } | { kind: 'postgres'; database: PgDatabase };

export interface EngineSession {
  /** A new connection pool to the session's database, migrations applied; closed by `close()`. */
  instance(): Promise<EngineInstance>;
  /** Closes every instance and removes the database. */
  close(): Promise<void>;
}

export interface Engine {
  name: 'libsql' | 'postgres';
  /** A fresh empty database (a temp file, or a new cluster). */
  start(): Promise<EngineSession>;
}

const libsql: Engine = {
  name: 'libsql',
  async start() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-libsql-'));
    const url = `file:${path.join(dir, 'sidecar.db')}`;
    const open: Database[] = [];
    return {
      async instance() {
        const database = await openDatabase(url);
        open.push(database);
        return { kind: 'libsql', database };
      },
      async close() {
        for (const d of open.splice(0)) d.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresEngine: Engine = {
  name: 'postgres',
  async start() {
    const cluster: PgCluster = await startPgCluster();
    const open: PgDatabase[] = [];
    return {
      async instance() {
        const database = await openPostgres(cluster.url);
        open.push(database);
        return { kind: 'postgres', database };
      },
      async close() {
        await Promise.all(open.splice(0).map((d) => d.close()));
        await cluster.stop();
      },
    };
  },
};

/** Both engines; PostgreSQL only where its binaries are installed or under CI (where it must run). */
export function engines(): Engine[] {
  warnPgSkipped();
  return runPgTests ? [libsql, postgresEngine] : [libsql];
}
