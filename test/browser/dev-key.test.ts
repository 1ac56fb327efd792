/**
 * The quick start as a newcomer meets it: `npm start`'s build with API_KEYS empty in development prints the
 * console address and a random development key, and the console signs in with that key (and no other).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildService, spawnSidecar } from '../helpers/sidecar-process.ts';

beforeAll(buildService, 180_000);

/** Posts the sign-in form as a browser would: the form's token with the cookie the form page set. */
async function signIn(base: string, apiKey: string) {
  const form = await fetch(`${base}/console/signin`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  return fetch(`${base}/console/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, apiKey, officer: 'New Officer' }),
  });
}

describe('the development console key', () => {
  it('is printed at start when API_KEYS is empty in development, and signs in to the console', async () => {
    const sidecar = await spawnSidecar({
      LIST_DOWNLOAD: 'false',
      API_KEYS: '',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    });
    const { port } = sidecar;
    try {
      const line = /Console: http:\/\/localhost:(\d+)\/console — development key: (\S+)/;
      for (let i = 0; i < 300 && !line.test(sidecar.output()); i++) await new Promise((r) => setTimeout(r, 100));
      const m = line.exec(sidecar.output());
      expect(m, sidecar.output()).not.toBeNull();
      expect(Number(m![1])).toBe(port);
      const base = `http://127.0.0.1:${port}`;
      const refused = await signIn(base, 'x'.repeat(32));
      expect(refused.status).toBe(401);
      const ok = await signIn(base, m![2]!);
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe('/console/queue');
      expect(ok.headers.get('set-cookie')).toMatch(/console_session=[^;]+;.*HttpOnly/i);
    } finally {
      await sidecar.dispose();
    }
  });
});
