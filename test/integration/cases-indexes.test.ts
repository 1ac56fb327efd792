/**
 * The queue's indexes (drizzle/0019_cases_queue_indexes.sql): the migration applies on a database that already
 * has 0012's hand-written indexes and rows, and afterwards every queue filter reads one index in the keyset order
 * (EXPLAIN QUERY PLAN: no full scan, no sort), and pages still neither skip nor repeat.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCaseCursor, listCases, queueQuery } from '../../src/cases/queue.ts';
import type { CaseFilter } from '../../src/cases/types.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';

const DIR = path.resolve(import.meta.dirname, '../../drizzle');
const files = fs
  .readdirSync(DIR)
  .filter((f) => /^\d{4}_.*\.sql$/.test(f))
  .sort();

async function apply(client: Client, file: string) {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  for (const stmt of text.split('--> statement-breakpoint')) if (stmt.trim()) await client.execute(stmt);
}

const T = Date.parse('2026-05-01T10:00:00Z');
const KINDS = ['kyc_review', 'transaction', 'sanctions_rescreen', 'appeal'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
const STATUSES = ['open', 'in_progress', 'escalated', 'decided'] as const;

/** n cases, several per millisecond (so seq settles ties), with every filter value spread over them. */
async function seedCases(client: Client, n: number, from = 0) {
  for (let i = from; i < from + n; i++) {
    const priority = PRIORITIES[i % 4]!;
    await client.execute({
      sql: `insert into cases (id, seq, kind, status, priority, priority_rank, user_id, subject_id, summary, assignee,
              escalated, created_at, due_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'x', ?, 0, ?, ?)`,
      args: [
        `case-${i}`,
        i + 1,
        KINDS[i % 4]!,
        STATUSES[i % 3]!,
        priority,
        PRIORITIES.indexOf(priority),
        `user-${i % 7}`,
        `sub-${i}`,
        i % 5 === 0 ? null : `officer-${i % 3}`,
        T + Math.floor(i / 3),
        T + 86_400_000,
      ],
    });
  }
}

describe('0019 on an existing database', () => {
  let dir: string;
  let client: Client;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-idx-'));
    client = createClient({ url: `file:${path.join(dir, 'db.sqlite')}` });
    const upTo = files.findIndex((f) => f.startsWith('0019_'));
    expect(upTo).toBeGreaterThan(0);
    for (const f of files.slice(0, upTo)) await apply(client, f);
    await seedCases(client, 60);
    for (const f of files.slice(upTo)) await apply(client, f);
  });
  afterAll(() => {
    client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const columns = async (index: string) =>
    (await client.execute(`pragma index_info("${index}")`)).rows.map((r) => String(r.name));

  it('keeps 0012’s indexes, adds the queue’s, and ends every queue index in (created_at, seq)', async () => {
    expect(await columns('cases_decided_cover')).toEqual(['decided_at', 'kind', 'outcome', 'created_at', 'subject_id']);
    expect(await columns('kyc_verifications_created')).toEqual(['created_at', 'id']);
    expect(await columns('cases_assignee_time')).toEqual(['assignee', 'created_at', 'seq']);
    expect(await columns('cases_priority_time')).toEqual(['priority', 'created_at', 'seq']);
    expect(await columns('cases_assignee_status')).toEqual(['assignee', 'status', 'created_at', 'seq']);
    expect(await columns('cases_user_time')).toEqual(['user_id', 'created_at', 'seq']);
    expect(await columns('cases_decided')).toEqual([]);
    expect((await client.execute('select count(*) as n from cases')).rows[0]!.n).toBe(60);
  });
});

describe('the queue reads one index in order', () => {
  let dir: string;
  let database: Database;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-plan-'));
    database = await openDatabase(`file:${path.join(dir, 'sidecar.db')}`);
    await seedCases(database.client, 300);
  });
  afterAll(() => {
    database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function plan(f: Omit<CaseFilter, 'limit'>): Promise<string> {
    const q = queueQuery(database.db, { limit: 50, ...f }).toSQL();
    const rows = await database.client.execute({ sql: `explain query plan ${q.sql}`, args: q.params as never[] });
    return rows.rows.map((r) => String(r.detail)).join(' | ');
  }

  it.each([
    [{}, 'cases_time'],
    [{ order: 'oldest' as const }, 'cases_time'],
    [{ kind: 'appeal' as const }, 'cases_time'],
    [{ status: 'open' as const }, 'cases_status_time'],
    [{ status: 'open' as const, kind: 'transaction' as const }, 'cases_kind_status_time'],
    [{ status: 'open' as const, priority: 'critical' as const }, 'cases_status_time'],
    [{ priority: 'critical' as const }, 'cases_priority_time'],
    [{ priority: 'critical' as const, kind: 'transaction' as const }, 'cases_priority_time'],
    [{ assignee: 'officer-1' }, 'cases_assignee_time'],
    [{ assignee: 'officer-1', priority: 'high' as const }, 'cases_assignee_time'],
    [{ assignee: 'officer-1', status: 'open' as const }, 'cases_assignee_status'],
    [{ userId: 'user-3' }, 'cases_user_time'],
    [{ userId: 'user-3', status: 'open' as const, priority: 'low' as const }, 'cases_user_time'],
    [{ userId: 'user-3', assignee: 'officer-2' }, 'cases_user_time'],
  ])('%j → %s', async (filter, index) => {
    for (const cursor of [undefined, encodeCaseCursor({ createdAt: new Date(T + 50), seq: 150 })]) {
      const p = await plan({ ...filter, ...(cursor ? { cursor } : {}) });
      expect(p).toMatch(new RegExp(`USING INDEX ${index}( |$)`));
      expect(p).not.toContain('TEMP B-TREE');
      expect(p).not.toMatch(/SCAN cases(?! USING)/);
    }
  });

  it('pages through a filter without skipping or repeating a case', async () => {
    for (const filter of [{ assignee: 'officer-1' }, { priority: 'critical' as const }, { userId: 'user-3' }]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listCases(database.db, { ...filter, limit: 7, ...(cursor ? { cursor } : {}) }, new Date(T));
        seen.push(...page.cases.map((c) => c.id));
        cursor = page.next ?? undefined;
      } while (cursor);
      const expected = await database.client.execute({
        sql: `select id from cases where ${Object.keys(filter)[0] === 'userId' ? 'user_id' : Object.keys(filter)[0]} = ?
              order by created_at desc, seq desc`,
        args: [Object.values(filter)[0]!],
      });
      expect(seen).toEqual(expected.rows.map((r) => String(r.id)));
    }
  });
});
