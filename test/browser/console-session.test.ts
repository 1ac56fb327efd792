/**
 * Console sessions without a browser, over the real app with a movable clock: idle expiry, the absolute lifetime,
 * and the per-address limit on failed sign-ins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { testClock } from '../helpers/transactions.ts';

const ADMIN = 'console-admin-key-0123456789';
const MIN = 60_000;

describe('console sessions', () => {
  const clock = testClock(Date.now());
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(
      { API_KEYS: `${ADMIN}:admin`, CONSOLE_SESSION_IDLE: '30m', CONSOLE_SESSION_LIFETIME: '2h' },
      { clock: clock.clock, background: false },
    );
  });
  afterAll(() => rt.dispose());

  async function signIn(apiKey: string) {
    const form = await rt.app.request('/console/signin');
    const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const res = await rt.app.request('/console/signin', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, apiKey, officer: 'Ada Officer' }),
    });
    const session = /console_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    return { status: res.status, cookie: session ? `console_session=${session}` : '' };
  }
  const open = (cookie: string) => rt.app.request('/console/search', { headers: { cookie } });

  it('ends a session left idle for CONSOLE_SESSION_IDLE, not one in use', async () => {
    const { status, cookie } = await signIn(ADMIN);
    expect(status).toBe(303);
    for (let i = 0; i < 4; i++) {
      clock.advance(25 * MIN);
      expect((await open(cookie)).status).toBe(200);
    }
    clock.advance(31 * MIN);
    const expired = await open(cookie);
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toBe('/console/signin?expired=1');
    // Gone for good, not only refused once.
    expect((await open(cookie)).status).toBe(303);
  });

  it('ends a session at CONSOLE_SESSION_LIFETIME, however active', async () => {
    const { cookie } = await signIn(ADMIN);
    for (let i = 0; i < 4; i++) {
      clock.advance(25 * MIN);
      expect((await open(cookie)).status).toBe(200);
    }
    clock.advance(25 * MIN);
    expect((await open(cookie)).status).toBe(303);
  });

  it('limits failed sign-ins per address, then refuses even the right key for a while', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn('wrong-key-0000000000000000')).status).toBe(401);
    expect((await signIn(ADMIN)).status).toBe(429);
    clock.advance(16 * MIN);
    expect((await signIn(ADMIN)).status).toBe(303);
  });
});
