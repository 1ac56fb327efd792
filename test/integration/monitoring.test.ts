/**
 * Continuous monitoring end to end (issue 10, "Done when"): a lists folder that lacks an entity, customers
 * imported with names, the entity added to the folder, POST /v1/lists/refresh → an alert for that customer and
 * nobody else; their next transaction is held with sanctions.customer; a clearing sticks until the entity's
 * identifying content changes; a restart in the middle of a scheduled run finishes it without repeating it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { codes, getJson, type Json, NOW, screenOk, testClock, verifiedCustomer } from '../helpers/transactions.ts';
import { ALIAS, addRow, call, ENTITY, listsCopy, refresh, removeRow, rescreenAlerts } from './monitoring-fixtures.ts';

describe('delta re-screen on a list change', () => {
  const clock = testClock(NOW);
  let lists: ReturnType<typeof listsCopy>;
  let rt: TestRuntime;

  beforeAll(async () => {
    lists = listsCopy();
    rt = await startTestRuntime(
      // A re-screen hit's case takes its due date from its kind's setting.
      { LISTS_DIR: lists.dir, CASES_SLA_SANCTIONS_RESCREEN_CRITICAL_HOURS: '2' },
      { clock: clock.clock, background: false },
    );
    const people: [string, Record<string, string>][] = [
      ['m-target', { name: 'Dmitri Oleksandrovich Kovalenko', dateOfBirth: '1975-02-14', nationality: 'UA' }],
      ['m-same-surname', { name: 'Maria Kovalenko', dateOfBirth: '1990-07-01', nationality: 'DE' }],
      ['m-same-first', { name: 'Dmitri Ivanov', dateOfBirth: '1975-02-14', nationality: 'UA' }],
      ['m-other', { name: 'John Smith', dateOfBirth: '1980', nationality: 'GB' }],
    ];
    for (const [userId, identity] of people) await verifiedCustomer(rt, userId, identity);
    await verifiedCustomer(rt, 'm-no-name');
  });
  afterAll(async () => {
    await rt.dispose();
    fs.rmSync(lists.dir, { recursive: true, force: true });
  });

  it('keeps names encrypted: no imported name is stored in clear', async () => {
    const rs = await rt.database.client.execute('select * from monitored_customers');
    expect(rs.rows.length).toBe(4);
    expect(JSON.stringify(rs.rows)).not.toMatch(/kovalenko|dmitri|smith/i);
  });

  it('says why a customer without a name is not monitored', async () => {
    const r = await getJson(rt, '/v1/users/m-no-name/screening');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ monitored: false });
    expect(r.body.reason).toMatch(/no identity|no name/);
  });

  it('a new designation raises an alert for that customer and nobody else', async () => {
    expect(await rescreenAlerts(rt)).toEqual([]);
    addRow(lists.sdn, ENTITY);
    const { delta, run } = await refresh(rt);
    expect(delta).toContainEqual({ source: 'ofac-sdn', added: 1, changed: 0, removed: 0 });
    expect(run).toMatchObject({ kind: 'delta', status: 'done', customersTotal: 4, customersChecked: 4, hits: 1 });
    // The index narrowed four customers to the candidates worth scoring; not every customer was scored.
    expect(run!.candidates).toBeGreaterThanOrEqual(1);
    expect(run!.candidates).toBeLessThan(4);

    const alerts = await rescreenAlerts(rt);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'sanctions.rescreen',
      userId: 'm-target',
      status: 'open',
      entity: { source: 'ofac-sdn', sourceId: '99001', name: 'KOVALENKO, Dmytro Oleksandrovych' },
      clearedEntityChanged: false,
    });
    expect(alerts[0].entity.programs).toContain('UKRAINE-EO13660');
    expect(alerts[0].score).toBeGreaterThanOrEqual(0.8);
    const cases = await getJson(rt, '/v1/cases?userId=m-target&kind=sanctions_rescreen');
    expect(cases.body.cases).toHaveLength(1);
    const [hitCase] = cases.body.cases;
    expect(hitCase.priority).toBe('critical');
    expect(Date.parse(hitCase.dueAt) - Date.parse(hitCase.createdAt)).toBe(2 * 3_600_000);
    expect(alerts[0].listVersion).toEqual(expect.any(String));
    // The existing alert list shows it for the customer, beside transaction alerts.
    const mine = await getJson(rt, '/v1/alerts?userId=m-target');
    expect(mine.body.alerts.map((a: Json) => a.alertId)).toContain(alerts[0].alertId);
    expect((await getJson(rt, '/v1/alerts?kind=transaction')).body.alerts.every((a: Json) => a.kind === 'transaction'));

    const state = await getJson(rt, '/v1/users/m-target/screening');
    expect(state.body).toMatchObject({ monitored: true, reason: null });
    expect(state.body.openHits).toHaveLength(1);
  });

  it("holds the customer's next transaction with sanctions.customer, and only theirs", async () => {
    const held = await screenOk(rt, { userId: 'm-target' });
    expect(['review', 'block']).toContain(held.decision);
    expect(codes(held)).toContain('sanctions.customer');
    const other = await screenOk(rt, { userId: 'm-same-surname' });
    expect(codes(other)).not.toContain('sanctions.customer');
  });

  it('a clearing closes the alert, releases transactions, and sticks while the entity is unchanged', async () => {
    const bad = await call(rt, 'POST', '/v1/users/m-target/screening/clearings', { source: 'ofac-sdn' });
    expect(bad.status).toBe(422);
    const cleared = await call(rt, 'POST', '/v1/users/m-target/screening/clearings', {
      source: 'ofac-sdn',
      sourceId: '99001',
      reason: 'Different person: passport and place of birth checked',
    });
    expect(cleared.status).toBe(201);
    expect(cleared.body).toMatchObject({ source: 'ofac-sdn', sourceId: '99001', revokedAt: null });
    expect(await rescreenAlerts(rt, '&status=open')).toEqual([]);
    expect((await rescreenAlerts(rt, '&status=closed'))[0]).toMatchObject({ closeReason: 'cleared' });
    expect(codes(await screenOk(rt, { userId: 'm-target' }))).not.toContain('sanctions.customer');

    // On demand: the match is still found, and stays quiet.
    const now = await call(rt, 'POST', '/v1/users/m-target/screening');
    expect(now.status).toBe(200);
    expect(now.body.alertsRaised).toBe(0);
    expect(now.body.matches).toContainEqual(expect.objectContaining({ sourceId: '99001', outcome: 'cleared' }));

    // Delisted, then listed again with the same content: the delta re-screens the entity, the clearing holds.
    removeRow(lists.sdn, ENTITY);
    expect((await refresh(rt)).delta).toContainEqual({ source: 'ofac-sdn', added: 0, changed: 0, removed: 1 });
    addRow(lists.sdn, ENTITY);
    const again = await refresh(rt);
    expect(again.delta).toContainEqual({ source: 'ofac-sdn', added: 1, changed: 0, removed: 0 });
    expect(again.run).toMatchObject({ status: 'done', hits: 0 });
    expect(await rescreenAlerts(rt, '&status=open')).toEqual([]);
  });

  it('a new alias on the cleared entity reopens the question', async () => {
    addRow(lists.alt, ALIAS);
    const { delta, run } = await refresh(rt);
    expect(delta).toContainEqual({ source: 'ofac-sdn', added: 0, changed: 1, removed: 0 });
    expect(run).toMatchObject({ status: 'done', hits: 1 });
    const open = await rescreenAlerts(rt, '&status=open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ userId: 'm-target', clearedEntityChanged: true });
    expect(open[0].message).toMatch(/cleared/);
    expect(codes(await screenOk(rt, { userId: 'm-target' }))).toContain('sanctions.customer');
  });

  it('closing the alert (resolved) releases the transactions', async () => {
    const [open] = await rescreenAlerts(rt, '&status=open');
    const closed = await call(rt, 'PATCH', `/v1/alerts/${open.alertId}`, { status: 'closed', note: 'Escalated' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ kind: 'sanctions.rescreen', status: 'closed', closeReason: 'resolved' });
    expect(codes(await screenOk(rt, { userId: 'm-target' }))).not.toContain('sanctions.customer');
  });

  it('removing the entity closes open hits as delisted', async () => {
    const now = await call(rt, 'POST', '/v1/users/m-target/screening');
    expect(now.body.alertsRaised).toBe(1);
    removeRow(lists.sdn, ENTITY);
    const { run } = await refresh(rt);
    expect(run!.details.delisted).toBe(1);
    expect(await rescreenAlerts(rt, '&status=open')).toEqual([]);
  });

  it('pages through both kinds of alerts detected in one millisecond, skipping and repeating none', async () => {
    const all = (await getJson(rt, '/v1/alerts?limit=500')).body.alerts.map((a: Json) => `${a.kind}:${a.alertId}`);
    expect(all.filter((k: string) => k.startsWith('transaction:')).length).toBeGreaterThan(1);
    expect(all.filter((k: string) => k.startsWith('sanctions.rescreen:')).length).toBeGreaterThan(1);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = (await getJson(rt, `/v1/alerts?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      paged.push(...page.alerts.map((a: Json) => `${a.kind}:${a.alertId}`));
      cursor = page.next;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('clearings are audited and revocable; levels and stops are audited', async () => {
    const state = await getJson(rt, '/v1/users/m-target/screening');
    const clearingId = state.body.clearings[0].clearingId;
    const revoked = await call(rt, 'DELETE', `/v1/users/m-target/screening/clearings/${clearingId}`, {
      reason: 'Cleared in error',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const level = await call(rt, 'PUT', '/v1/users/m-same-first/monitoring', {
      level: 'enhanced',
      reason: 'Adverse media',
    });
    expect(level.status).toBe(200);
    expect(level.body).toMatchObject({ level: 'enhanced', previousLevel: 'standard' });
    expect((await getJson(rt, '/v1/users/m-same-first/risk')).body.monitoring).toBe('enhanced');
    // High-risk at onboarding starts in enhanced monitoring.
    await verifiedCustomer(rt, 'm-high', { riskLevel: 'high', name: 'Ana Lopez' });
    expect((await getJson(rt, '/v1/users/m-high/screening')).body.level).toBe('enhanced');
    const stop = await call(rt, 'DELETE', '/v1/users/m-other/monitoring', { reason: 'Account closed' });
    expect(stop.status).toBe(200);
    expect(stop.body).toMatchObject({ monitored: false, reason: 'monitoring was stopped' });
    expect((await call(rt, 'DELETE', '/v1/users/m-other/monitoring', {})).status).toBe(422);

    const audit = await rt.database.client.execute('select action, actor_id, reason_enc from monitoring_audit_events');
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'clearing.created',
        'clearing.revoked',
        'monitoring.level_changed',
        'monitoring.stopped',
      ]),
    );
    expect(JSON.stringify(audit.rows)).not.toMatch(/Adverse media|Account closed|passport/i);
  });
});

describe('scheduled full re-screen across a restart', () => {
  const clock = testClock(NOW);
  let lists: ReturnType<typeof listsCopy>;
  let rt: TestRuntime;
  const users = ['s-1', 's-2', 's-3', 's-4', 's-5'];

  beforeAll(async () => {
    lists = listsCopy();
    addRow(lists.sdn, ENTITY);
    rt = await startTestRuntime(
      { LISTS_DIR: lists.dir, SCREENING_CHUNK_SIZE: '2', SCREENING_MAX_RATE: '0' },
      { clock: clock.clock, background: false },
    );
    for (const u of users)
      await verifiedCustomer(rt, u, { name: u === 's-1' ? 'Dmytro Kovalenko' : `Person ${u.slice(2)} Example` });
  });
  afterAll(async () => {
    await rt.dispose();
    fs.rmSync(lists.dir, { recursive: true, force: true });
  });

  it('resumes after the last committed chunk: everyone once, nobody twice', async () => {
    expect(await rt.deps.monitoring.scheduler.step()).toBe('more');
    const [started] = (await rt.database.client.execute("select id from screening_runs where kind = 'full'")).rows;
    const runId = String(started!.id);
    const first = (await getJson(rt, `/v1/screening/runs/${runId}`)).body;
    expect(first).toMatchObject({ status: 'running', customersTotal: 5, customersChecked: 2 });

    clock.advance(60_000);
    rt = await rt.restart();
    let steps = 0;
    while ((await rt.deps.monitoring.scheduler.step()) === 'more') steps++;
    expect(steps).toBe(2);

    const run = (await getJson(rt, `/v1/screening/runs/${runId}`)).body;
    expect(run).toMatchObject({ kind: 'full', status: 'done', customersTotal: 5, customersChecked: 5, hits: 1 });
    const times = await Promise.all(
      users.map(async (u) => (await getJson(rt, `/v1/users/${u}/screening`)).body.lastFullScreenedAt),
    );
    // The first chunk was screened before the restart and not again after it.
    expect(times).toEqual([
      new Date(NOW).toISOString(),
      new Date(NOW).toISOString(),
      new Date(NOW + 60_000).toISOString(),
      new Date(NOW + 60_000).toISOString(),
      new Date(NOW + 60_000).toISOString(),
    ]);
    expect(await rescreenAlerts(rt)).toEqual([expect.objectContaining({ userId: 's-1' })]);
    // Nothing is due any more: the next step finds no work.
    expect(await rt.deps.monitoring.scheduler.step()).toBe('idle');
  });
});

describe('scheduled full re-screen: transactions come first', () => {
  const clock = testClock(NOW);
  let lists: ReturnType<typeof listsCopy>;
  let rt: TestRuntime;

  beforeAll(async () => {
    lists = listsCopy();
    // A yield target no event loop meets: every chunk counts as one where requests waited.
    rt = await startTestRuntime(
      {
        LISTS_DIR: lists.dir,
        SCREENING_CHUNK_SIZE: '1',
        SCREENING_MAX_RATE: '100',
        SCREENING_MIN_RATE: '20',
        SCREENING_YIELD_LAG: '0',
      },
      { clock: clock.clock, background: false },
    );
    for (const u of ['p-1', 'p-2', 'p-3', 'p-4']) await verifiedCustomer(rt, u, { name: `Person ${u} Example` });
  });
  afterAll(async () => {
    await rt.dispose();
    fs.rmSync(lists.dir, { recursive: true, force: true });
  });

  it('halves its pace after each chunk during which the event loop was late, down to SCREENING_MIN_RATE', async () => {
    const scheduler = rt.deps.monitoring.scheduler;
    expect(scheduler.rate).toBe(100);
    await scheduler.runDue();
    // Four chunks of one customer, each at least 10 ms (sampled): 100 → 50 → 25 → 20 (the floor) → 20.
    expect(scheduler.rate).toBe(20);
    const [run] = (await rt.database.client.execute('select status, customers_checked from screening_runs')).rows;
    expect(run).toMatchObject({ status: 'done', customers_checked: 4 });
  });
});

describe('delta re-screen across a restart', () => {
  const clock = testClock(NOW);
  let lists: ReturnType<typeof listsCopy>;
  let rt: TestRuntime;
  const env = () => ({ LISTS_DIR: lists.dir, SCREENING_CHUNK_SIZE: '1' });
  const namesakes = ['Dmytro Kovalenko', 'Dmitri Kovalenko', 'Dmitry Kovalenko', 'Dmytro O. Kovalenko', 'D. Kovalenko'];
  const users = namesakes.map((_, i) => `d-${i}`);

  beforeAll(async () => {
    lists = listsCopy();
    rt = await startTestRuntime(env(), { clock: clock.clock, background: false });
    for (const [i, name] of namesakes.entries()) await verifiedCustomer(rt, users[i]!, { name });
    await verifiedCustomer(rt, 'd-other', { name: 'John Smith' });
  });
  afterAll(async () => {
    await rt.dispose();
    fs.rmSync(lists.dir, { recursive: true, force: true });
  });

  it('a delta run stopped by a shutdown is finished at the next start, nobody screened twice', async () => {
    addRow(lists.sdn, ENTITY);
    const started = await call(rt, 'POST', '/v1/lists/refresh');
    const runId = started.body.runId as string;
    expect(runId).toEqual(expect.any(String));
    // The process goes away in the middle of the run; the next one starts on the same database file.
    const before = NOW;
    clock.advance(60_000);
    await rt.close();
    const probe = createClient({ url: `file:${path.join(rt.dir, 'sidecar.db')}` });
    const [left] = (await probe.execute({ sql: 'select * from screening_runs where id = ?', args: [runId] })).rows;
    probe.close();
    expect(left).toMatchObject({ kind: 'delta', status: 'running' });
    const doneBefore = Number(left!.candidates);

    rt = await startTestRuntime(env(), { clock: clock.clock, background: false, dir: rt.dir });
    let run: Json = {};
    for (let i = 0; i < 400 && run.status !== 'done'; i++) {
      run = (await getJson(rt, `/v1/screening/runs/${runId}`)).body;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(run).toMatchObject({ kind: 'delta', status: 'done', customersTotal: 6, customersChecked: 6 });
    expect(run.candidates).toBeGreaterThan(doneBefore);

    const screenedAt = await Promise.all(
      [...users, 'd-other'].map(async (u) => (await getJson(rt, `/v1/users/${u}/screening`)).body.lastScreenedAt),
    );
    // Each candidate screened exactly once: before the restart (first clock) or after it (second), never both;
    // the counters add up to the candidates; the non-candidate was not screened at all.
    const first = screenedAt.filter((t) => t === new Date(before).toISOString()).length;
    const second = screenedAt.filter((t) => t === new Date(before + 60_000).toISOString()).length;
    expect(first).toBe(doneBefore);
    expect(first + second).toBe(run.candidates);
    expect(screenedAt.at(-1)).toBeNull();
    const alerts = await rescreenAlerts(rt);
    expect(new Set(alerts.map((a: Json) => a.userId)).size).toBe(alerts.length);
    expect(alerts.length).toBe(run.hits);
    expect(alerts.length).toBeGreaterThan(0);
  });
});

describe('the monitoring audit trail', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({}, { background: false });
    await verifiedCustomer(rt, 'a-1', { name: 'Ana Lopez' });
    const r = await call(rt, 'PUT', '/v1/users/a-1/monitoring', { level: 'enhanced', reason: 'Adverse media' });
    expect(r.status).toBe(200);
  });
  afterAll(() => rt.dispose());

  it('is append-only in the database: updates and deletes are refused', async () => {
    const db = rt.database.client;
    await expect(db.execute("update monitoring_audit_events set actor_id = 'someone-else'")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.execute('delete from monitoring_audit_events')).rejects.toThrow(/append-only/);
    const rows = (await db.execute('select action, actor_id from monitoring_audit_events')).rows;
    expect(rows).toContainEqual(expect.objectContaining({ action: 'monitoring.level_changed' }));
    expect(rows.every((r) => r.actor_id !== 'someone-else')).toBe(true);
  });
});
