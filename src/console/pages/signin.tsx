/** The sign-in form: an admin or senior API key and the officer's name. */
import { CSRF_FIELD } from '../csrf.ts';
import { Layout, Message } from '../layout.tsx';

export const SignInPage = (p: { csrf: string; error?: string; info?: string; officer?: string }) => (
  <Layout title="Sign in">
    <div class="signin">
      <Message text={p.error} error />
      <Message text={p.info} />
      <form method="post" action="/console/signin" class="stack">
        <input type="hidden" name={CSRF_FIELD} value={p.csrf} />
        <label>
          API key
          <input type="password" name="apiKey" required autocomplete="current-password" aria-describedby="key-help" />
        </label>
        <p id="key-help" class="muted">
          A key with the admin or senior scope (API_KEYS). In development, the key the start-up printed.
        </p>
        <label>
          Your name
          <input type="text" name="officer" required maxlength={100} autocomplete="name" value={p.officer ?? ''} />
        </label>
        <p class="muted">Your name is recorded as the officer on every action you take.</p>
        <button type="submit">Sign in</button>
      </form>
    </div>
  </Layout>
);
