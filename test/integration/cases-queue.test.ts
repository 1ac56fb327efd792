/**
 * The case queue over HTTP: a manual review decided from the queue; held transactions released and rejected
 * (final outcome, aggregates, lifetime volume, notifications); an escalated case refused to admin and decided by
 * senior; four eyes; X-Actor on the timeline; PATCH /v1/alerts keeps alert and case in step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, KYC_KEY, applicant, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { DAY, HOUR, iso, NOW, type Json, type TxOptions, testClock, txBody } from '../helpers/transactions.ts';

const ADMIN = 'cases-admin-key-0123456789';
const ADMIN2 = 'cases-admin2-key-0123456789';
const SENIOR = 'cases-senior-key-0123456789';
const KEYS = `${ADMIN}:admin+screen,${ADMIN2}:admin,${SENIOR}:senior`;

async function api(rt: TestRuntime, method: string, url: string, key: string, body?: unknown, extra = {}) {
  const res = await rt.call(method, url, body, { authorization: `Bearer ${key}`, ...extra });
  return { status: res.status, body: (await res.json()) as Json };
}

/** A verified customer with a two-year-old account (so only the rule under test fires). */
async function verifiedCustomer(rt: TestRuntime, userId: string, over: Record<string, unknown> = {}) {
  const body = { kycStatus: 'approved', riskLevel: 'medium', country: 'DE', createdAt: iso(NOW - 730 * DAY), ...over };
  const r = await api(rt, 'PUT', `/v1/users/${userId}`, ADMIN, body);
  expect([200, 201]).toContain(r.status);
}

async function screenOk(rt: TestRuntime, o: TxOptions): Promise<Json> {
  const r = await api(rt, 'POST', '/v1/transactions/screen', ADMIN, txBody(o));
  expect(r.status).toBe(200);
  return r.body;
}

async function caseOf(rt: TestRuntime, userId: string, kind: string): Promise<Json> {
  const page = await api(rt, 'GET', `/v1/cases?userId=${userId}&kind=${kind}`, ADMIN);
  expect(page.status).toBe(200);
  expect(page.body.cases).toHaveLength(1);
  return page.body.cases[0];
}

async function notifications(rt: TestRuntime, type: string): Promise<Json[]> {
  const r = await rt.database.client.execute({
    sql: 'select data from notification_events where type = ?',
    args: [type],
  });
  return r.rows.map((row) => JSON.parse(String(row.data)));
}

describe('held transactions and transaction cases', () => {
  let rt: TestRuntime;
  const clock = testClock(NOW);
  beforeAll(async () => {
    rt = await startTestRuntime({ API_KEYS: KEYS }, { clock: clock.clock });
  });
  afterAll(() => rt.dispose());

  const held = async (userId: string) => {
    await verifiedCustomer(rt, userId);
    const r = await screenOk(rt, { userId, amount: '1500', travelRule: false });
    expect(r.decision).toBe('review');
    return r;
  };

  it('lists every alert as a case with priority, due date and age, and pages by cursor', async () => {
    const r = await held('c-list');
    const c = await caseOf(rt, 'c-list', 'transaction');
    expect(c).toMatchObject({ status: 'open', priority: 'high', escalated: false, overdue: false, decision: null });
    expect(Date.parse(c.dueAt) - Date.parse(c.createdAt)).toBe(24 * HOUR);
    expect(c.summary).toContain('1500');
    const created = await notifications(rt, 'case.created');
    expect(created.some((n) => n.caseId === c.id && n.kind === 'transaction')).toBe(true);
    await held('c-list');
    const p1 = await api(rt, 'GET', '/v1/cases?userId=c-list&limit=1', ADMIN);
    const p2 = await api(rt, 'GET', `/v1/cases?userId=c-list&limit=1&cursor=${p1.body.next}`, ADMIN);
    expect(p1.body.cases[0].id).not.toBe(p2.body.cases[0].id);
    expect((await api(rt, 'GET', '/v1/cases?cursor=nope!', ADMIN)).status).toBe(422);
    expect(r.transactionId).toBeTruthy();
  });

  it('filters by age: createdBefore leaves out the cases opened after it', async () => {
    await held('c-age');
    clock.advance(3 * HOUR);
    await held('c-age');
    const cutoff = new Date(clock.clock().getTime() - HOUR).toISOString();
    const all = await api(rt, 'GET', '/v1/cases?userId=c-age', ADMIN);
    const older = await api(rt, 'GET', `/v1/cases?userId=c-age&createdBefore=${encodeURIComponent(cutoff)}`, ADMIN);
    expect(all.body.cases).toHaveLength(2);
    expect(older.body.cases).toHaveLength(1);
    expect(older.body.cases[0].ageSeconds).toBe(3 * 3600);
    expect((await api(rt, 'GET', '/v1/cases?createdBefore=yesterday', ADMIN)).status).toBe(422);
  });

  it('a released held transaction gets its final outcome and counts in the lifetime volume', async () => {
    const r = await held('c-release');
    const c = await caseOf(rt, 'c-release', 'transaction');
    const wrong = await api(rt, 'POST', `/v1/cases/${c.id}/decision`, ADMIN, { outcome: 'clear', reason: 'x' });
    expect(wrong.status).toBe(422);
    const other = await api(rt, 'POST', `/v1/cases/${c.id}/decision`, ADMIN, { outcome: 'overturn', reason: 'x' });
    expect(other.status).toBe(422);
    const d = await api(
      rt,
      'POST',
      `/v1/cases/${c.id}/decision`,
      ADMIN,
      { outcome: 'release', reason: 'source_of_funds_ok', notes: 'called the customer' },
      { 'x-actor': 'Jane Officer' },
    );
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: 'decided', decision: { outcome: 'release' } });
    const tx = await api(rt, 'GET', `/v1/transactions/${r.transactionId}`, ADMIN);
    expect(tx.body).toMatchObject({ decision: 'review', finalOutcome: 'released', countedInAggregates: true });
    expect(tx.body.decidedBy).toMatch(/^api-key:/);
    const risk = await api(rt, 'GET', '/v1/users/c-release/risk', ADMIN);
    expect(risk.body.lifetimeVolumeUsd).toBe('1500');
    expect((await notifications(rt, 'transaction.released')).map((n) => n.transactionId)).toContain(r.transactionId);
    expect((await notifications(rt, 'case.decided')).map((n) => n.caseId)).toContain(c.id);
    const again = await api(rt, 'POST', `/v1/cases/${c.id}/decision`, ADMIN, { outcome: 'release', reason: 'x' });
    expect(again.status).toBe(409);
    const detail = await api(rt, 'GET', `/v1/cases/${c.id}`, ADMIN, undefined, { 'x-actor': 'Auditor Bob' });
    expect(detail.body.subject.transaction).toMatchObject({ finalOutcome: 'released', held: true });
    const decided = detail.body.timeline.find((e: Json) => e.type === 'decided');
    expect(decided.actor).toMatchObject({ officer: 'Jane Officer' });
    expect(decided.text).toBe('called the customer');
    const viewed = detail.body.timeline.filter((e: Json) => e.type === 'personal_data_viewed');
    expect(viewed.at(-1).actor).toMatchObject({ officer: 'Auditor Bob' });
    const bad = await api(rt, 'GET', `/v1/cases/${c.id}`, ADMIN, undefined, { 'x-actor': 'bad\u0007name' });
    expect(bad.status).toBe(422);
  });

  it('a rejected held transaction stops counting in the aggregates, and says so', async () => {
    const r = await held('c-reject');
    const before = await api(rt, 'GET', '/v1/users/c-reject/risk', ADMIN);
    expect(before.body.aggregates.count24h).toBe(1);
    const c = await caseOf(rt, 'c-reject', 'transaction');
    const d = await api(rt, 'POST', `/v1/cases/${c.id}/decision`, ADMIN, { outcome: 'reject', reason: 'no_sof' });
    expect(d.status).toBe(200);
    const tx = await api(rt, 'GET', `/v1/transactions/${r.transactionId}`, ADMIN);
    expect(tx.body).toMatchObject({ finalOutcome: 'rejected', countedInAggregates: false });
    const after = await api(rt, 'GET', '/v1/users/c-reject/risk', ADMIN);
    expect(after.body.aggregates.count24h).toBe(0);
    expect(after.body.lifetimeVolumeUsd).toBe('0');
    expect((await notifications(rt, 'transaction.rejected')).map((n) => n.transactionId)).toContain(r.transactionId);
  });

  it('an escalated case is refused to a plain admin and decided by a senior', async () => {
    await verifiedCustomer(rt, 'c-esc');
    const blocked = await screenOk(rt, { userId: 'c-esc', amount: '75000', at: NOW - HOUR });
    expect(blocked.decision).toBe('block');
    const c = await caseOf(rt, 'c-esc', 'transaction');
    const esc = await api(rt, 'POST', `/v1/cases/${c.id}/decision`, ADMIN, { outcome: 'escalate', reason: 'pattern' });
    expect(esc.body).toMatchObject({ status: 'escalated', escalated: true, priority: 'high' });
    expect((await notifications(rt, 'case.escalated')).map((n) => n.caseId)).toContain(c.id);
    const refused = await api(rt, 'POST', `/v1/cases/${c.id}/decision`, ADMIN, { outcome: 'clear', reason: 'ok' });
    expect(refused.status).toBe(403);
    const ok = await api(rt, 'POST', `/v1/cases/${c.id}/decision`, SENIOR, { outcome: 'clear', reason: 'ok' });
    expect(ok.status).toBe(200);
    const alert = await api(rt, 'GET', `/v1/alerts/${c.subjectId}`, ADMIN);
    expect(alert.body.status).toBe('closed');
  });

  it('assigns and comments (encrypted at rest), and PATCH /v1/alerts keeps alert and case in step', async () => {
    await verifiedCustomer(rt, 'c-patch');
    await screenOk(rt, { userId: 'c-patch', amount: '75000', at: NOW - HOUR });
    const c = await caseOf(rt, 'c-patch', 'transaction');
    const a = await api(rt, 'POST', `/v1/cases/${c.id}/assign`, ADMIN, { assignee: 'jane' });
    expect(a.body).toMatchObject({ status: 'in_progress', assignee: 'jane' });
    const cm = await api(rt, 'POST', `/v1/cases/${c.id}/comments`, ADMIN, { text: 'Customer Max Mustermann called' });
    expect(cm.status).toBe(201);
    const raw = await rt.database.client.execute({
      sql: "select text_enc from case_events where case_id = ? and type = 'commented'",
      args: [c.id],
    });
    expect(String(raw.rows[0]!.text_enc)).not.toContain('Mustermann');
    const closed = await api(rt, 'PATCH', `/v1/alerts/${c.subjectId}`, ADMIN, { status: 'closed', note: 'fine' });
    expect(closed.status).toBe(200);
    expect((await api(rt, 'GET', `/v1/cases/${c.id}`, ADMIN)).body).toMatchObject({
      status: 'decided',
      decision: { outcome: 'clear' },
    });
    const reopen = await api(rt, 'PATCH', `/v1/alerts/${c.subjectId}`, ADMIN, { status: 'open' });
    expect(reopen.status).toBe(409);
    await held('c-patch-held');
    const h = await caseOf(rt, 'c-patch-held', 'transaction');
    const refused = await api(rt, 'PATCH', `/v1/alerts/${h.subjectId}`, ADMIN, { status: 'closed' });
    expect(refused.status).toBe(409);
  });
});

describe('four eyes', () => {
  let rt: TestRuntime;
  const clock = testClock(NOW);
  beforeAll(async () => {
    rt = await startTestRuntime({ API_KEYS: KEYS, CASES_FOUR_EYES: 'true' }, { clock: clock.clock });
  });
  afterAll(() => rt.dispose());

  it("releasing a high-risk customer's held transaction needs a second officer", async () => {
    await verifiedCustomer(rt, 'c-4eyes', { riskLevel: 'high' });
    const r = await screenOk(rt, { userId: 'c-4eyes', amount: '1500', travelRule: false });
    expect(r.decision).toBe('review');
    const c = await caseOf(rt, 'c-4eyes', 'transaction');
    const release = { outcome: 'release', reason: 'ok' };
    const first = await api(rt, 'POST', `/v1/cases/${c.id}/decision`, ADMIN, release, { 'x-actor': 'Ann' });
    expect(first.body.status).toBe('awaiting_confirmation');
    expect((await api(rt, 'GET', `/v1/transactions/${r.transactionId}`, ADMIN)).body.finalOutcome).toBeNull();
    const same = await api(rt, 'POST', `/v1/cases/${c.id}/decision`, ADMIN, release, { 'x-actor': 'Ann' });
    expect(same.status).toBe(409);
    const second = await api(rt, 'POST', `/v1/cases/${c.id}/decision`, ADMIN2, release, { 'x-actor': 'Ben' });
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('decided');
    expect((await api(rt, 'GET', `/v1/transactions/${r.transactionId}`, ADMIN)).body.finalOutcome).toBe('released');
  });
});

describe('a manual review decided from the queue', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld({ API_KEYS: `${KYC_KEY}:kyc,${ADMIN_KEY}:admin+screen` });
  });
  afterAll(() => w.close());

  it('opens a kyc_review case when the provider says review, and the queue decision approves', async () => {
    const a = applicant({ country: 'DE' });
    const started = await w.start({ ...a, provider: 'onfido' });
    const id = started.body.verificationId;
    const ref = (await w.get(`/v1/kyc/verifications/${id}`, ADMIN_KEY)).body.providerRef;
    expect((await w.onfido.sendWebhook(ref, 'review')).body).toMatchObject({ status: 'manual_review' });
    const page = await api(w.rt, 'GET', '/v1/cases?kind=kyc_review&status=open', ADMIN_KEY);
    const c = page.body.cases.find((x: Json) => x.subjectId === id);
    expect(c).toMatchObject({ kind: 'kyc_review', userId: a.userId });
    const detail = await api(w.rt, 'GET', `/v1/cases/${c.id}`, ADMIN_KEY);
    expect(detail.body.subject).toMatchObject({ verificationId: id, status: 'manual_review' });
    const d = await api(w.rt, 'POST', `/v1/cases/${c.id}/decision`, ADMIN_KEY, {
      outcome: 'approve',
      reason: 'documents_ok',
      notes: 'checked the passport',
    });
    expect(d.status).toBe(200);
    expect((await w.get(`/v1/kyc/verifications/${id}`, ADMIN_KEY)).body).toMatchObject({ status: 'approved' });
    expect((await w.get(`/v1/users/${a.userId}/kyc`)).body).toMatchObject({ kycStatus: 'approved' });
    const changed = await notifications(w.rt, 'customer.status_changed');
    expect(changed.some((n) => n.verificationId === id && n.kycStatus === 'approved')).toBe(true);
  });
});
