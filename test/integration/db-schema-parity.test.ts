/**
 * Both dialects describe the same database: after every migration of drizzle/ (libSQL) and drizzle-pg/
 * (PostgreSQL), the tables, their columns (name, nullability, type as mapped in src/db/schema-pg/columns.ts),
 * primary keys and secondary indexes (name, table, columns, uniqueness) are the same. A column or index added to
 * one schema and not the other fails here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { openPostgres, type PgDatabase } from '../../src/db/postgres.ts';
import { monitoredCustomers as liteMonitored } from '../../src/db/schema/monitoring.ts';
import { monitoredCustomers as pgMonitored } from '../../src/db/schema-pg/monitoring.ts';
import { type PgCluster, runPgTests, startPgCluster, warnPgSkipped } from '../helpers/pg-cluster.ts';

interface Shape {
  /** table → "column type null|not null", sorted */
  columns: Record<string, string[]>;
  /** table → primary-key columns in key order */
  primaryKeys: Record<string, string[]>;
  /** "index on table(cols) [unique]", sorted */
  indexes: string[];
}

/** SQLite declared type → the PostgreSQL type the pg schema gives it (timestamps and flags are integers on both). */
const PG_TYPE_OF: Record<string, string[]> = {
  integer: ['bigint', 'integer'],
  text: ['text'],
  real: ['double precision'],
};

async function sqliteShape(database: Database): Promise<Shape> {
  const { client } = database;
  const tables = (
    await client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
    )
  ).rows.map((r) => String(r.name));
  const columns: Shape['columns'] = {};
  const primaryKeys: Shape['primaryKeys'] = {};
  const indexes: string[] = [];
  for (const table of tables) {
    const info = (await client.execute(`PRAGMA table_info(\`${table}\`)`)).rows;
    columns[table] = info
      .map((c) => {
        const type = String(c.type).toLowerCase();
        // A primary key is never null, whatever SQLite's own flag says for a column it did not mark NOT NULL.
        const notNull = Number(c.notnull) === 1 || Number(c.pk) > 0;
        return `${String(c.name)} ${PG_TYPE_OF[type]?.join('|') ?? `?${type}`} ${notNull ? 'not null' : 'null'}`;
      })
      .sort();
    primaryKeys[table] = info
      .filter((c) => Number(c.pk) > 0)
      .sort((x, y) => Number(x.pk) - Number(y.pk))
      .map((c) => String(c.name));
    for (const idx of (await client.execute(`PRAGMA index_list(\`${table}\`)`)).rows) {
      if (idx.origin === 'pk') continue;
      const cols = (await client.execute(`PRAGMA index_info(\`${String(idx.name)}\`)`)).rows.map((c) => c.name);
      indexes.push(`${String(idx.name)} on ${table}(${cols.join(',')})${Number(idx.unique) ? ' unique' : ''}`);
    }
  }
  return { columns, primaryKeys, indexes: indexes.sort() };
}

async function pgShape(database: PgDatabase): Promise<Shape> {
  const sql = database.client;
  const cols = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string }[]>`
    SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
    WHERE table_schema = 'public' ORDER BY table_name, column_name`;
  // Same rendering as the SQLite side: the accepted type list of the SQLite type this PostgreSQL type maps from.
  const rendered: Shape['columns'] = {};
  for (const c of cols) {
    const sqliteType = Object.entries(PG_TYPE_OF).find(([, pg]) => pg.includes(c.data_type))?.[0];
    const type = sqliteType ? PG_TYPE_OF[sqliteType]!.join('|') : `?${c.data_type}`;
    const list = rendered[c.table_name] ?? [];
    list.push(`${c.column_name} ${type} ${c.is_nullable === 'NO' ? 'not null' : 'null'}`);
    rendered[c.table_name] = list;
  }
  for (const t of Object.keys(rendered)) rendered[t]!.sort();

  const idx = await sql<{ index: string; table: string; unique: boolean; primary: boolean; cols: string[] }[]>`
    SELECT i.relname AS index, t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
           array_agg(a.attname::text ORDER BY k.ord) AS cols
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    WHERE n.nspname = 'public'
    GROUP BY i.relname, t.relname, ix.indisunique, ix.indisprimary`;
  const primaryKeys: Shape['primaryKeys'] = Object.fromEntries(Object.keys(rendered).map((t) => [t, []]));
  const indexes: string[] = [];
  for (const r of idx) {
    if (r.primary) primaryKeys[r.table] = r.cols;
    else indexes.push(`${r.index} on ${r.table}(${r.cols.join(',')})${r.unique ? ' unique' : ''}`);
  }
  return { columns: rendered, primaryKeys, indexes: indexes.sort() };
}

warnPgSkipped();

describe.runIf(runPgTests)('schema parity, libSQL and PostgreSQL', () => {
  let dir: string;
  let lite: Database;
  let cluster: PgCluster | undefined;
  let pg: PgDatabase | undefined;
  let liteShape: Shape;
  let pgShapeOf: Shape;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-parity-'));
    lite = await openDatabase(`file:${path.join(dir, 'sidecar.db')}`);
    cluster = await startPgCluster();
    pg = await openPostgres(cluster.url);
    liteShape = await sqliteShape(lite);
    pgShapeOf = await pgShape(pg);
  });
  afterAll(async () => {
    lite?.close();
    await pg?.close();
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has the same tables', () => {
    expect(Object.keys(pgShapeOf.columns).sort()).toEqual(Object.keys(liteShape.columns).sort());
    expect(Object.keys(liteShape.columns).length).toBeGreaterThan(20);
  });

  it('has the same columns, types and nullability in every table', () => {
    expect(pgShapeOf.columns).toEqual(liteShape.columns);
  });

  it('has the same primary keys', () => {
    expect(pgShapeOf.primaryKeys).toEqual(liteShape.primaryKeys);
  });

  it('has the same secondary indexes (the hand-written SQLite ones included)', () => {
    expect(pgShapeOf.indexes).toEqual(liteShape.indexes);
    expect(liteShape.indexes).toContain('cases_decided_cover on cases(decided_at,kind,outcome,created_at,subject_id)');
  });

  it('reads back dates, flags, JSON and identity ids the same way on both engines', async () => {
    const row = {
      userId: 'u-roundtrip',
      origin: 'import' as const,
      identityEnc: null,
      verificationId: null,
      nameKeys: 'k1 k2',
      active: true,
      lastScreenedAt: new Date('2026-12-03T10:00:00.123Z'),
      lastFullAt: null,
      nextDueAt: new Date('2027-01-01T00:00:00.000Z'),
      listVersions: { 'ofac-sdn': '2026-12-01', un: 'sha256:0123456789ab' },
      createdAt: new Date(1),
      updatedAt: new Date(8_640_000_000_000_000),
    };
    const fromLite = await lite.db.insert(liteMonitored).values(row).returning();
    const fromPg = await pg!.db.insert(pgMonitored).values(row).returning();
    expect(fromPg).toEqual(fromLite);
    expect(fromPg[0]).toMatchObject({ ...row, id: 1 });
    // A flag compared as an integer in hand-written SQL means the same on both.
    const [count] = await pg!.client`SELECT count(*)::int AS n FROM monitored_customers WHERE active = 1`;
    expect(count?.n).toBe(1);
  });

  it('keeps the audit trails append-only on PostgreSQL too', async () => {
    const sql = pg!.client;
    await sql`INSERT INTO monitoring_audit_events (user_id, action, actor_id, details, created_at)
              VALUES ('u1', 'clear', 'api-key:x', '{}', 0)`;
    await expect(sql`UPDATE monitoring_audit_events SET action = 'other'`).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM monitoring_audit_events`).rejects.toThrow(/append-only/);
    await sql`INSERT INTO kyc_audit_events (verification_id, action, actor_type, actor_id, details, created_at)
              VALUES ('v1', 'created', 'system', 'system', '{}', 0)`;
    await expect(sql`UPDATE kyc_audit_events SET action = 'other'`).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM kyc_audit_events`).rejects.toThrow(/append-only/);
  });
});

describe('DATABASE_URL', () => {
  it('refuses a postgres:// URL with a message until the service runs on PostgreSQL', async () => {
    await expect(openDatabase('postgres://sidecar@127.0.0.1:1/sidecar')).rejects.toThrow(
      /not supported by the service yet/,
    );
  });
});
