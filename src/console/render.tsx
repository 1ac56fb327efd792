/** Rendering and form plumbing shared by the console's pages. */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { DomainError } from '../errors.ts';

export function render(c: Context, page: JSX.Element, status: 200 | 400 | 401 | 403 | 404 | 409 | 429 = 200) {
  return c.html(
    <>
      {raw('<!doctype html>')}
      {page}
    </>,
    status,
  );
}

/** A form field as a trimmed string ('' when absent or a file). */
export function field(form: Record<string, unknown>, name: string): string {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** The one-line message a page shows after a redirect (?msg= / ?err=), bounded. */
export function flash(c: Context): { text?: string; error: boolean } {
  const err = c.req.query('err');
  if (err) return { text: err.slice(0, 300), error: true };
  const msg = c.req.query('msg');
  return msg ? { text: msg.slice(0, 300), error: false } : { error: false };
}

const withQuery = (back: string, params: Record<string, string>) =>
  `${back}${back.includes('?') ? '&' : '?'}${new URLSearchParams(params)}`;

/**
 * Runs one domain call for a form and answers post-redirect-get: back to the page with a message (and any extra
 * query parameters the action returns), or with the domain error's own message (a refusal, a conflict) so that
 * the officer reads why.
 */
export async function formAction(
  c: Context,
  back: string,
  act: () => Promise<string | { text: string; params: Record<string, string> }>,
) {
  try {
    const done = await act();
    const { text, params } = typeof done === 'string' ? { text: done, params: {} } : done;
    return c.redirect(withQuery(back, { msg: text.slice(0, 300), ...params }), 303);
  } catch (err) {
    if (err instanceof DomainError) return c.redirect(withQuery(back, { err: err.message.slice(0, 300) }), 303);
    throw err;
  }
}
