/**
 * Sign-in, sign-out and the session guard. Keys are checked by the API's own lookup (createKeyLookup); the
 * session keeps the key's fingerprint, and its scopes are read from the configuration on every request, so a
 * key removed from API_KEYS ends its sessions at the next start.
 */
import { randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ApiKey, Scope } from '../config.ts';
import { createKeyLookup } from '../http/middleware/auth.ts';
import { CSRF_FIELD, csrfToken, csrfValid } from './csrf.ts';
import type { ConsoleEnv } from './env.ts';
import { SignInPage } from './pages/signin.tsx';
import { FailureLimiter } from './rate-limit.ts';
import { field, render } from './render.tsx';
import type { SessionStore } from './session.ts';

export const SESSION_COOKIE = 'console_session';
/** Before sign-in: the random value the sign-in form's token derives from (login CSRF). */
const PRE_COOKIE = 'console_signin';
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;

export interface AuthOptions {
  keys: readonly ApiKey[];
  sessions: SessionStore;
  secure: boolean;
  clock: () => Date;
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'unknown';
  }
}

export function mountAuth(app: Hono<ConsoleEnv>, opts: AuthOptions): MiddlewareHandler<ConsoleEnv> {
  const lookup = createKeyLookup(opts.keys);
  const scopesById = new Map<string, ReadonlySet<Scope>>();
  for (const k of opts.keys) {
    const p = lookup(k.key);
    if (p) scopesById.set(p.id, p.scopes);
  }
  const limiter = new FailureLimiter(MAX_FAILURES, FAILURE_WINDOW_MS);
  const cookie = { httpOnly: true, sameSite: 'Strict', secure: opts.secure, path: '/console' } as const;

  const signInForm = (c: Context, status: 200 | 401 | 403 | 429, msg: { error?: string; info?: string } = {}) => {
    const pre = randomBytes(24).toString('base64url');
    setCookie(c, PRE_COOKIE, pre, { ...cookie, maxAge: 3600 });
    return render(c, <SignInPage csrf={csrfToken(pre)} {...msg} />, status);
  };

  app.get('/signin', (c) =>
    signInForm(c, 200, c.req.query('expired') ? { info: 'Your session ended. Please sign in again.' } : {}),
  );

  app.post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const pre = getCookie(c, PRE_COOKIE);
    if (!pre || !csrfValid(pre, form[CSRF_FIELD]))
      return signInForm(c, 403, { error: 'The sign-in form expired. Please try again.' });
    const address = clientAddress(c);
    const now = opts.clock().getTime();
    if (limiter.blocked(address, now))
      return signInForm(c, 429, { error: 'Too many failed sign-ins from this address. Wait 15 minutes.' });
    const officer = field(form, 'officer').slice(0, 100);
    const key = lookup(field(form, 'apiKey'));
    if (!key?.scopes.has('admin')) {
      limiter.fail(address, now);
      return signInForm(c, 401, { error: 'That API key is not valid, or lacks the admin or senior scope.' });
    }
    if (officer === '') return signInForm(c, 401, { error: 'Enter your name: it is recorded on your actions.' });
    const session = await opts.sessions.create(key.id, officer);
    deleteCookie(c, PRE_COOKIE, cookie);
    setCookie(c, SESSION_COOKIE, session.id, cookie);
    return c.redirect('/console/queue', 303);
  });

  // Everything below needs a live session; every POST carries the session's form token.
  const guard: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    const session = id ? await opts.sessions.load(id) : undefined;
    const scopes = session && scopesById.get(session.keyId);
    if (!session || !scopes?.has('admin')) {
      if (session) await opts.sessions.destroy(session.id);
      if (id) deleteCookie(c, SESSION_COOKIE, cookie);
      if (c.req.method === 'GET') return c.redirect(`/console/signin${id ? '?expired=1' : ''}`, 303);
      return signInForm(c, 401, { error: 'Your session ended. Please sign in again.' });
    }
    const csrf = csrfToken(session.id);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!csrfValid(session.id, form[CSRF_FIELD])) {
        return c.text('Refused: this form did not carry the console’s token (CSRF). Reload the page.', 403);
      }
    }
    c.set('officer', { session, scopes, csrf });
    await next();
  };

  app.post('/signout', guard, async (c) => {
    await opts.sessions.destroy(c.get('officer').session.id);
    deleteCookie(c, SESSION_COOKIE, cookie);
    return c.redirect('/console/signin', 303);
  });
  return guard;
}
