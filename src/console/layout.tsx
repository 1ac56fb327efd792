/** The page frame: landmarks, navigation, the officer and sign-out. Every page is rendered inside it. */
import type { Child, FC } from 'hono/jsx';
import { CSRF_FIELD } from './csrf.ts';
import type { Officer } from './env.ts';

export const NAV = [
  ['queue', 'Queue', '/console/queue'],
  ['appeals', 'Appeals', '/console/appeals'],
  ['customers', 'Customers', '/console/customers'],
  ['dashboards', 'Dashboards', '/console/dashboards'],
  ['search', 'Search', '/console/search'],
] as const;
export type NavKey = (typeof NAV)[number][0];

export const CsrfField: FC<{ officer: Officer }> = ({ officer }) => (
  <input type="hidden" name={CSRF_FIELD} value={officer.csrf} />
);

export const Message: FC<{ text?: string | undefined; error?: boolean }> = ({ text, error }) =>
  text ? (
    <p class={error ? 'message error' : 'message'} role={error ? 'alert' : 'status'}>
      {error ? 'Error: ' : ''}
      {text}
    </p>
  ) : null;

export const Layout: FC<{
  title: string;
  officer?: Officer;
  nav?: NavKey;
  scripts?: string[];
  children?: Child;
}> = ({ title, officer, nav, scripts = [], children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} — Compliance console`}</title>
      <link rel="stylesheet" href="/console/assets/console.css" />
    </head>
    <body>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <strong>Compliance console</strong>
        {officer ? (
          <nav aria-label="Main">
            <ul>
              {NAV.map(([key, label, href]) => (
                <li>
                  <a href={href} aria-current={key === nav ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {officer ? (
          <div class="who">
            <span>
              Signed in as <strong>{officer.session.officer}</strong>
              {officer.scopes.has('senior') ? ' (senior)' : ''}
            </span>
            <form method="post" action="/console/signout" class="inline">
              <CsrfField officer={officer} />
              <button type="submit">Sign out</button>
            </form>
          </div>
        ) : null}
      </header>
      <main id="main">
        <h1>{title}</h1>
        {children}
      </main>
      {scripts.map((s) => (
        <script src={s} />
      ))}
      <script src="/console/assets/console.js" />
    </body>
  </html>
);
