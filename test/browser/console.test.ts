/**
 * The compliance console as an officer uses it, in headless chromium against the real service: sign in, work
 * the queue and the cases, dashboards, search, sign out; the CSRF refusal; axe-core on every page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applicant, KYC_KEY } from '../helpers/kyc-world.ts';
import { txBody } from '../helpers/transactions.ts';
import { type ConsoleWorld, checkPage, describeBrowser, drawnPixels, startConsoleWorld } from './harness.ts';

const ADMIN = 'console-admin-key-0123456789';
const SENIOR = 'console-senior-key-0123456789';
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely, each test asserts what it needs
type Json = any;

describeBrowser('the compliance console in a browser', () => {
  let w: ConsoleWorld;
  const api = (method: string, url: string, body?: unknown, key = ADMIN) =>
    w.rt.call(method, url, body, { authorization: `Bearer ${key}` });
  const apiJson = async (method: string, url: string, body?: unknown, key = ADMIN): Promise<Json> =>
    (await api(method, url, body, key)).json();

  /** A monitored customer whose name is on the sample OFAC list: re-screening raises a hit, and so a case. */
  async function rescreenCase(userId: string): Promise<Json> {
    const put = await api('PUT', `/v1/users/${userId}`, {
      kycStatus: 'approved',
      name: 'Nicolas Maduro Moros',
      dateOfBirth: '1962-11-23',
      nationality: 'VE',
    });
    expect(put.status).toBe(201);
    const screened = await apiJson('POST', `/v1/users/${userId}/screening`);
    expect(screened.alertsRaised).toBeGreaterThan(0);
    const list = await apiJson('GET', `/v1/cases?userId=${userId}&kind=sanctions_rescreen`);
    expect(list.cases).toHaveLength(1);
    return list.cases[0];
  }

  async function decideInPage(reason: string, outcome: string) {
    const { page } = w;
    await page.getByLabel('Reason (required)').fill(reason);
    await page.getByRole('button', { name: outcome }).click();
    await page.waitForLoadState('load');
  }

  beforeAll(async () => {
    w = await startConsoleWorld({
      API_KEYS: `${KYC_KEY}:kyc,${ADMIN}:admin+screen,${SENIOR}:senior`,
      // Any customer with volume appeals to senior compliance, so one small transaction sets up an escalation.
      APPEAL_ESCALATION_VOLUME_USD: '10',
    });
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  async function signIn(key: string, officer: string) {
    const { page, base } = w;
    await page.goto(`${base}/console/signin`);
    await page.getByLabel('API key').fill(key);
    await page.getByLabel('Your name').fill(officer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
  }

  it('refuses a wrong key with the form again and a clear message', async () => {
    const { page, base } = w;
    await page.goto(`${base}/console/queue`);
    expect(new URL(page.url()).pathname).toBe('/console/signin');
    await checkPage(page, 'signin');
    await signIn('not-a-key-at-all-000000', 'Ada Officer');
    expect(new URL(page.url()).pathname).toBe('/console/signin');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not valid/);
  });

  it('signs in with an admin key and sends the strict CSP and an HttpOnly, SameSite=Strict cookie', async () => {
    const { page } = w;
    await signIn(ADMIN, 'Ada Officer');
    await expect(page.getByText('Signed in as')).toBeDefined();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'console_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' });
    const res = await page.request.get(`${w.base}/console/search`);
    expect(res.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers()['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('refuses a POST without the CSRF token, even with the session cookie', async () => {
    const { page, base } = w;
    // page.request shares the browser context's cookies: the session is sent, the token is not.
    const res = await page.request.post(`${base}/console/search`, { form: { name: 'Nicolas Maduro' } });
    expect(res.status()).toBe(403);
    expect(await res.text()).toMatch(/CSRF/);
    const wrong = await page.request.post(`${base}/console/search`, {
      form: { name: 'Nicolas Maduro', _csrf: 'x'.repeat(43) },
    });
    expect(wrong.status()).toBe(403);
  });

  it('screens a name ad hoc and shows the match aligned token by token', async () => {
    const { page, base } = w;
    await page.goto(`${base}/console/search`);
    await page.getByLabel('Name').fill('Nicolas Maduro Moros');
    await page.getByRole('button', { name: 'Screen' }).click();
    await page.waitForLoadState('load');
    const rows = await page.locator('table.align tbody tr').first().locator('td').allTextContents();
    expect(rows.slice(0, 2)).toEqual(['nicolas', 'nicolas']);
    await expect(page.getByRole('link', { name: /official entry/ }).getAttribute('href')).resolves.toBe(
      'https://sanctionssearch.ofac.treas.gov/Details.aspx?id=22790',
    );
    await checkPage(page, 'search');
  });

  it('draws the list-freshness chart on its canvas', async () => {
    const { page, base } = w;
    await page.goto(`${base}/console/dashboards`);
    await page.waitForSelector('canvas#list-freshness[data-drawn="true"]');
    expect(await drawnPixels(page, 'canvas#list-freshness')).toBeGreaterThan(100);
    await checkPage(page, 'dashboards');
  });

  it('shows a customer: profile, aggregates, lifetime volume, screening', async () => {
    const { page, base } = w;
    expect(
      (await api('PUT', '/v1/users/cust-1', { kycStatus: 'approved', riskLevel: 'low', country: 'DE' })).status,
    ).toBe(201);
    await page.goto(`${base}/console/customers/cust-1`);
    await expect(page.getByRole('heading', { name: 'Customer cust-1' }).count()).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.toMatch(/Lifetime volume\s*0(\.0+)? USD/);
    await checkPage(page, 'customer');
  });

  it('shows in the queue a case created through the API, and opens it with the names aligned token by token', async () => {
    const { page, base } = w;
    const created = await rescreenCase('cust-hit-1');
    await page.goto(`${base}/console/queue?kind=sanctions_rescreen`);
    const row = page.locator('tbody tr', { hasText: created.summary });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('.sla').textContent()).resolves.toMatch(/on time|due soon|overdue/);
    await checkPage(page, 'queue');

    await row.getByRole('button', { name: /Take case/ }).click();
    await page.waitForLoadState('load');
    expect((await apiJson('GET', `/v1/cases/${created.id}`)).assignee).toBe('Ada Officer');

    await page.goto(`${base}/console/queue?kind=sanctions_rescreen`);
    await page
      .locator('tbody tr', { hasText: created.summary })
      .getByRole('link', { name: /Open case/ })
      .click();
    await page.waitForLoadState('load');
    const aligned = await page
      .locator('table.align tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) =>
          [...(r as unknown as { cells: { textContent: string }[] }).cells].slice(0, 2).map((c) => c.textContent),
        ),
      );
    expect(aligned).toEqual([
      ['nicolas', 'nicolas'],
      ['maduro', 'maduro'],
      ['moros', 'moros'],
    ]);
    await expect(page.getByRole('link', { name: /official entry/ }).getAttribute('href')).resolves.toContain(
      'id=22790',
    );
    await expect(page.locator('main').textContent()).resolves.toContain('1962-11-23');
    await checkPage(page, 'case');
  });

  it('decides a case and the decision is recorded, by the named officer, through the API', async () => {
    const { page, base } = w;
    const created = await rescreenCase('cust-hit-2');
    await page.goto(`${base}/console/cases/${created.id}`);
    await page.getByRole('button', { name: 'Confirm true match (blocks the customer)' }).click();
    await page.waitForLoadState('load');
    // The reason is required: the browser keeps the form until it is given.
    expect((await apiJson('GET', `/v1/cases/${created.id}`)).status).not.toBe('decided');
    await decideInPage('same person: birth date and nationality agree', 'Confirm true match (blocks the customer)');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Decided: confirm_match/);
    const c = await apiJson('GET', `/v1/cases/${created.id}`);
    expect(c.decision).toMatchObject({
      outcome: 'confirm_match',
      reason: 'same person: birth date and nationality agree',
    });
    const decided = c.timeline.find((e: Json) => e.type === 'decided');
    expect(decided.actor).toMatchObject({ officer: 'Ada Officer' });
  });

  it('releases a held transaction from its case: the reasons are shown, the final outcome recorded', async () => {
    const { page, base } = w;
    expect((await api('PUT', '/v1/users/cust-tx', { kycStatus: 'approved', riskLevel: 'low' })).status).toBe(201);
    // Missing Travel Rule data above the threshold holds the transaction for review.
    const body = txBody({ userId: 'cust-tx', amount: '1500', travelRule: false, at: Date.now() });
    expect((await apiJson('POST', '/v1/transactions/screen', body)).decision).toBe('review');
    const [held] = (await apiJson('GET', '/v1/cases?userId=cust-tx&kind=transaction')).cases;
    await page.goto(`${base}/console/cases/${held.id}`);
    await expect(page.getByRole('table', { name: /Reasons/ }).textContent()).resolves.toMatch(/travel_rule/);
    await decideInPage('originator confirmed by phone', 'Release the transaction');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Decided: release/);
    const tx = await apiJson('GET', `/v1/transactions/${body.transactionId}`);
    expect(tx).toMatchObject({ finalOutcome: 'released' });

    // A SAR draft from the case, and its PDF.
    await page.getByRole('button', { name: 'Draft a SAR' }).click();
    await page.waitForLoadState('load');
    const href = await page.getByRole('link', { name: /SAR draft \(PDF\)/ }).getAttribute('href');
    const pdf = await page.request.get(`${base}${href}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('clears a re-screen hit as a false positive: the clearing sticks', async () => {
    const { page, base } = w;
    const created = await rescreenCase('cust-hit-3');
    await page.goto(`${base}/console/cases/${created.id}`);
    await decideInPage('different person: another birth date on the ID', 'Clear as false positive (sticky)');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Decided: clear_false_positive/);
    const state = await apiJson('GET', '/v1/users/cust-hit-3/screening');
    expect(state.openHits).toHaveLength(0);
    expect(state.clearings).toHaveLength(1);
    expect(state.clearings[0]).toMatchObject({ source: 'ofac-sdn', sourceId: '22790', revokedAt: null });
    // Screening again raises nothing: the clearing is sticky.
    expect((await apiJson('POST', '/v1/users/cust-hit-3/screening')).alertsRaised).toBe(0);
  });

  it('refuses an escalated appeal to a plain admin key and lets a senior key overturn it', async () => {
    const { page, base } = w;
    const a = applicant();
    expect((await api('PUT', `/v1/users/${a.userId}`, { kycStatus: 'approved', riskLevel: 'low' })).status).toBe(201);
    expect(
      (await apiJson('POST', '/v1/transactions/screen', txBody({ userId: a.userId, amount: '50', at: Date.now() })))
        .decision,
    ).toBe('approve');
    const started = await w.kyc.start(a);
    expect(started.status).toBe(201);
    const verificationId = started.body.verificationId as string;
    const session = String(started.body.redirectUrl).split('/').at(-1);
    const done = await api('POST', `/v1/kyc/sandbox/sessions/${session}/complete`, { outcome: 'rejected' });
    expect(done.status).toBe(200);
    const appeal = await apiJson(
      'POST',
      `/v1/kyc/verifications/${verificationId}/appeals`,
      { reason: 'The photo was blurred' },
      KYC_KEY,
    );
    expect(appeal).toMatchObject({ status: 'pending_review', escalated: true });

    await page.goto(`${base}/console/appeals`);
    await expect(page.locator('tbody tr', { hasText: appeal.appealId }).textContent()).resolves.toMatch(/senior only/);
    await checkPage(page, 'appeals');
    await page.getByRole('link', { name: appeal.appealId }).click();
    await page.waitForLoadState('load');
    await page.getByLabel(/Overturn/).check();
    await page.getByLabel('Notes (required)').fill('A clear photo was received');
    await page.getByRole('button', { name: 'Decide the appeal' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/senior/);
    expect((await apiJson('GET', `/v1/kyc/verifications/${verificationId}`)).status).toBe('rejected');
    await checkPage(page, 'appeal');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(SENIOR, 'Grace Senior');
    await page.goto(`${base}/console/appeals/${appeal.appealId}`);
    await page.getByLabel(/Overturn/).check();
    await page.getByLabel('Notes (required)').fill('A clear photo was received');
    await page.getByRole('button', { name: 'Decide the appeal' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/overturned/);
    expect((await apiJson('GET', `/v1/kyc/verifications/${verificationId}`)).status).toBe('approved');
    expect((await apiJson('GET', `/v1/appeals/${appeal.appealId}`)).decidedBy).toBeTruthy();
  });

  it('signs out: the session no longer opens a page', async () => {
    const { page, base } = w;
    await page.goto(`${base}/console/search`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/console/signin');
    await page.goto(`${base}/console/search`);
    expect(new URL(page.url()).pathname).toBe('/console/signin');
  });
});
