/**
 * The cases backfill (drizzle/0017_cases_backfill.sql): a database migrated up to 0007 with transaction alerts
 * (open and closed), a re-screen alert and a verification in manual_review gets one case for each, nothing lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client, type InValue } from '@libsql/client';
import { afterAll, beforeAll, expect, it } from 'vitest';

const DIR = path.resolve(import.meta.dirname, '../../drizzle');
const files = fs
  .readdirSync(DIR)
  .filter((f) => /^\d{4}_.*\.sql$/.test(f))
  .sort();

async function apply(client: Client, file: string) {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  for (const stmt of text.split('--> statement-breakpoint')) if (stmt.trim()) await client.execute(stmt);
}

/** Inserts a row, filling every NOT NULL column without default that the test does not care about. */
async function insert(client: Client, table: string, values: Record<string, InValue>) {
  const cols = await client.execute(`pragma table_info("${table}")`);
  const row: Record<string, InValue> = {};
  for (const c of cols.rows) {
    const name = String(c.name);
    if (Number(c.notnull) === 1 && c.dflt_value === null && Number(c.pk) === 0)
      row[name] = String(c.type).toLowerCase() === 'text' ? (name.endsWith('s') ? '[]' : 'x') : 0;
  }
  Object.assign(row, values);
  const keys = Object.keys(row);
  await client.execute({
    sql: `insert into "${table}" (${keys.map((k) => `"${k}"`).join(', ')}) values (${keys.map(() => '?').join(', ')})`,
    args: keys.map((k) => row[k]!),
  });
}

let dir: string;
let client: Client;
const T = Date.parse('2026-05-01T10:00:00Z');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-mig-'));
  client = createClient({ url: `file:${path.join(dir, 'db.sqlite')}` });
  const upTo = files.findIndex((f) => f.startsWith('0008_'));
  for (const f of files.slice(0, upTo)) await apply(client, f);
  for (const [id, decision, status] of [
    ['t-held', 'review', 'open'],
    ['t-closed', 'block', 'closed'],
  ] as const) {
    await insert(client, 'screened_transactions', { transaction_id: id, user_id: 'u-mig', amount_usd: '1500' });
    await insert(client, 'transaction_decisions', {
      transaction_id: id,
      user_id: 'u-mig',
      decision,
      reason_codes: decision === 'block' ? '["sanctions.wallet"]' : '["travel_rule.missing"]',
      response: '{}',
    });
    await insert(client, 'transaction_alerts', {
      alert_id: `alt-${id}`,
      transaction_id: id,
      user_id: 'u-mig',
      decision,
      rule_hits: '[]',
      aggregates: '{}',
      detected_at: T,
      status,
      status_changed_at: status === 'closed' ? T + 1000 : null,
    });
  }
  await insert(client, 'rescreen_alerts', {
    alert_id: 'alt-rescreen',
    user_id: 'u-mig',
    source: 'ofac-sdn',
    source_id: '123',
    status: 'open',
    detected_at: T,
  });
  await insert(client, 'kyc_verifications', {
    id: 'ver-mig',
    user_id: 'u-mig',
    provider: 'onfido',
    status: 'manual_review',
    risk_level: 'high',
    sanctions_hits: 0,
    updated_at: T,
  });
  await insert(client, 'kyc_verifications', { id: 'ver-done', user_id: 'u-2', status: 'approved', risk_level: 'low' });
  for (const f of files.slice(upTo)) await apply(client, f);
});

afterAll(() => {
  client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('turns every alert and manual review into a case, a closed alert into a decided one', async () => {
  const rows = await client.execute(
    'select kind, subject_id, status, priority, outcome, due_at - created_at as sla, seq from cases order by seq',
  );
  const cases = rows.rows.map((r) => ({ ...r }));
  expect(cases.map((c) => [c.kind, c.subject_id, c.status, c.priority, c.outcome])).toEqual([
    // Same detection time: ordered by alert id.
    ['transaction', 'alt-t-closed', 'decided', 'critical', 'clear'],
    ['transaction', 'alt-t-held', 'open', 'high', null],
    ['sanctions_rescreen', 'alt-rescreen', 'open', 'critical', null],
    ['kyc_review', 'ver-mig', 'open', 'high', null],
  ]);
  expect(new Set(cases.map((c) => c.seq)).size).toBe(4);
  const events = await client.execute('select type, count(*) as n from case_events group by type order by type');
  expect(events.rows.map((r) => [r.type, Number(r.n)])).toEqual([
    ['created', 4],
    ['decided', 1],
  ]);
});
