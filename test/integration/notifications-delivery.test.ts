/**
 * The outbox dispatcher against real local receivers: signed deliveries to every receiver, retries recorded,
 * 410 stops, 24 h give-up, a timeout, a restart that resumes pending deliveries, and a replay under the same id.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueueNotification } from '../../src/notifications/outbox.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { getJson, HOUR, NOW, testClock } from '../helpers/transactions.ts';
import { type Receiver, startReceiver } from '../helpers/webhook-receiver.ts';

const SECRET = 'whsec-notify-test-0123456789';
const clock = testClock(NOW);
let a: Receiver;
let b: Receiver;
let rt: TestRuntime;

const env = () => ({
  NOTIFY_WEBHOOK_URLS: `${a.url},${b.url}`,
  NOTIFY_WEBHOOK_SECRET: SECRET,
  NOTIFY_BACKOFF_BASE: '10s',
  NOTIFY_BACKOFF_MAX: '60s',
  NOTIFY_TIMEOUT: '300ms',
});

beforeAll(async () => {
  a = await startReceiver(SECRET, clock.clock);
  b = await startReceiver(SECRET, clock.clock);
  rt = await startTestRuntime(env(), { clock: clock.clock, background: false });
});
afterEach(() => {
  a.respond(() => 200);
  b.respond(() => 200);
});
afterAll(async () => {
  await rt.dispose();
  await a.close();
  await b.close();
});

async function enqueue(runtime: TestRuntime, data: Record<string, unknown> = {}): Promise<string> {
  return enqueueNotification(runtime.database.db, 'case.created', { caseId: 'case_x', ...data }, clock.clock());
}

async function deliveries(runtime: TestRuntime, eventId: string) {
  const r = await getJson(runtime, `/v1/notifications/deliveries?eventId=${eventId}`);
  expect(r.status).toBe(200);
  return r.body.deliveries as {
    url: string;
    status: string;
    attemptCount: number;
    attempts: { statusCode: number | null; error: string | null; durationMs: number }[];
  }[];
}

const forEvent = (r: Receiver, id: string) => r.received.filter((e) => e.id === id);

describe('notification delivery', () => {
  it('POSTs { id, type, createdAt, data } to every receiver, signed, with Webhook-Id = event id', async () => {
    const id = await enqueue(rt, { caseId: 'case_1', priority: 'high' });
    await rt.deps.notifications.runOnce();
    for (const r of [a, b]) {
      const got = forEvent(r, id);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({
        id,
        type: 'case.created',
        createdAt: new Date(NOW).toISOString(),
        data: { caseId: 'case_1', priority: 'high' },
        webhookId: id,
        signatureValid: true,
      });
    }
    const ds = await deliveries(rt, id);
    expect(ds.map((d) => [d.url, d.status, d.attemptCount]).sort()).toEqual(
      [
        [a.url, 'delivered', 1],
        [b.url, 'delivered', 1],
      ].sort(),
    );
    expect(ds[0]!.attempts[0]).toMatchObject({ statusCode: 200, error: null });
  });

  it('retries a receiver that fails twice, records each attempt, then delivers', async () => {
    const start = a.received.length;
    a.respond((n) => (n - start < 2 ? 500 : 200));
    const id = await enqueue(rt);
    await rt.deps.notifications.runOnce();
    // Not due again until the back-off passed: a pass now sends nothing to the failing receiver.
    await rt.deps.notifications.runOnce();
    expect(forEvent(a, id)).toHaveLength(1);
    clock.advance(61_000);
    await rt.deps.notifications.runOnce();
    clock.advance(61_000);
    await rt.deps.notifications.runOnce();
    expect(forEvent(a, id).map((e) => e.answeredWith)).toEqual([500, 500, 200]);
    expect(forEvent(a, id).every((e) => e.signatureValid && e.webhookId === id)).toBe(true);
    const toA = (await deliveries(rt, id)).find((d) => d.url === a.url)!;
    expect(toA.status).toBe('delivered');
    expect(toA.attempts.map((x) => [x.statusCode, x.error])).toEqual([
      [500, 'HTTP 500'],
      [500, 'HTTP 500'],
      [200, null],
    ]);
    expect(forEvent(b, id)).toHaveLength(1);
  });

  it('stops at 410 Gone and gives up 24 h after the event; a timeout is retried', async () => {
    a.respond(() => 410);
    b.respond(() => 503);
    const id = await enqueue(rt);
    await rt.deps.notifications.runOnce();
    clock.advance(61_000);
    await rt.deps.notifications.runOnce();
    expect(forEvent(a, id)).toHaveLength(1);
    const ds = await deliveries(rt, id);
    expect(ds.find((d) => d.url === a.url)).toMatchObject({ status: 'failed', attemptCount: 1 });
    expect(ds.find((d) => d.url === b.url)).toMatchObject({ status: 'pending', attemptCount: 2 });
    clock.advance(24 * HOUR);
    await rt.deps.notifications.runOnce();
    expect((await deliveries(rt, id)).find((d) => d.url === b.url)).toMatchObject({ status: 'failed' });
    const after = forEvent(b, id).length;
    clock.advance(HOUR);
    await rt.deps.notifications.runOnce();
    expect(forEvent(b, id)).toHaveLength(after);

    a.respond(() => 'hang');
    const slow = await enqueue(rt);
    await rt.deps.notifications.runOnce();
    const toA = (await deliveries(rt, slow)).find((d) => d.url === a.url)!;
    expect(toA).toMatchObject({ status: 'pending' });
    expect(toA.attempts[0]).toMatchObject({ statusCode: null, error: 'timeout' });
  });

  it('a replay delivers the event again under the same id', async () => {
    const id = await enqueue(rt);
    await rt.deps.notifications.runOnce();
    const replay = await rt.call('POST', `/v1/notifications/events/${id}/replay`);
    expect(replay.status).toBe(202);
    expect(((await replay.json()) as { deliveryIds: string[] }).deliveryIds).toHaveLength(2);
    await rt.deps.notifications.runOnce();
    expect(forEvent(a, id).map((e) => e.webhookId)).toEqual([id, id]);
    expect(forEvent(b, id)).toHaveLength(2);
    expect([...forEvent(a, id), ...forEvent(b, id)].every((e) => e.signatureValid)).toBe(true);
    expect((await rt.call('POST', '/v1/notifications/events/evt_nope/replay')).status).toBe(404);
  });

  it('pending deliveries survive a restart and are delivered by the next process', async () => {
    a.respond(() => 503);
    const failing = await enqueue(rt);
    await rt.deps.notifications.runOnce();
    const unsent = await enqueue(rt);
    rt = await rt.restart(env());
    a.respond(() => 200);
    clock.advance(61_000);
    await rt.deps.notifications.runOnce();
    expect(forEvent(a, failing).map((e) => e.answeredWith)).toEqual([503, 200]);
    expect(forEvent(a, unsent)).toHaveLength(1);
    expect(forEvent(b, unsent)).toHaveLength(1);
    expect([...forEvent(a, failing), ...forEvent(a, unsent)].every((e) => e.signatureValid)).toBe(true);
    const metrics = await (await rt.call('GET', '/metrics')).text();
    expect(metrics).toMatch(/notification_deliveries_total\{outcome="delivered"\} [1-9]/);
    expect(metrics).toMatch(/notification_outbox_backlog \d+/);
  });

  it('lists deliveries by status, page by page, and refuses a bad cursor', async () => {
    const first = await getJson(rt, '/v1/notifications/deliveries?status=delivered&limit=2');
    expect(first.body.deliveries).toHaveLength(2);
    expect(first.body.deliveries.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
    const second = await getJson(rt, `/v1/notifications/deliveries?status=delivered&limit=2&cursor=${first.body.next}`);
    const ids = [...first.body.deliveries, ...second.body.deliveries].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await getJson(rt, '/v1/notifications/deliveries?cursor=bad')).status).toBe(422);
  });
});

describe('the background dispatcher (bootstrap without background: false)', () => {
  it('delivers without anyone calling runOnce, and stops with the runtime', async () => {
    const background = await startTestRuntime(
      { ...env(), NOTIFY_WEBHOOK_URLS: a.url, NOTIFY_POLL_INTERVAL: '50ms' },
      { clock: clock.clock },
    );
    try {
      const id = await enqueue(background);
      await vi.waitFor(() => expect(forEvent(a, id)).toHaveLength(1), { timeout: 10_000, interval: 50 });
      expect(forEvent(a, id)[0]!.signatureValid).toBe(true);
    } finally {
      await background.dispose();
    }
  });
});
