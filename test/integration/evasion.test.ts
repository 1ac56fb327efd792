/**
 * Issue 17 end to end: "Ayman al-Zawahiri" (OFAC SDN 2676, UN QDi.006) disguised with invisible,
 * bidirectional, compatibility or look-alike characters is still found on every screening path —
 * POST /v1/screen (and batch), the transaction counterparty and Travel Rule names, and the KYC
 * applicant — over the real list snapshots (the bundled sample does not list him).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { json } from '../helpers/json.ts';
import { ADMIN_KEY, applicant, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { SHARED_LISTS_DIR, describeShared } from '../helpers/shared-data.ts';
import {
  cleanWallet,
  codes,
  completeTravelRule,
  NOW,
  screenOk,
  testClock,
  verifiedCustomer,
  type Json,
} from '../helpers/transactions.ts';

const LISTS = { LISTS_DIR: SHARED_LISTS_DIR, LIST_SOURCES: 'ofac-sdn,un-sc' };
const PLAIN = 'Ayman al-Zawahiri';
const LISTED = ['ofac-sdn:2676', 'un-sc:111923'];

/** The variants of the adversarial test, and what obfuscationKinds says about each. */
const VARIANTS: [label: string, name: string, obfuscation: string[]][] = [
  ['zero-width space', 'Ayman al-Zawa\u200bhiri', ['invisible_character']],
  ['LRM and RLM', '\u200eAyman al-Zawa\u200fhiri', []],
  ['right-to-left override', '\u202eAyman al-Zawahiri\u202c', ['bidi_control']],
  ['word joiner', 'Ayman al-Za\u2060wahiri', ['invisible_character']],
  ['NUL', 'Ayman al-Zawa\u0000hiri', ['invisible_character']],
  ['lone surrogate', 'Ayman al-Zawa\ud800hiri', ['invisible_character']],
  ['Mongolian vowel separator', 'Ayman al-Zawa\u180ehiri', ['invisible_character']],
  ['Hangul filler', 'Ayman al-Zawa\u3164hiri', ['invisible_character']],
  ['tag characters', 'Ayman al-Zawa\u{e0041}hiri\u{e007f}', ['tag_character']],
  ['fullwidth', 'Ａｙｍａｎ ａｌ－Ｚａｗａｈｉｒｉ', []],
  ['Cyrillic look-alikes', 'Aуman аl-Zаwаhiri', []],
];

const hits = (matches: Json[]) =>
  matches.map((m: { source: string; sourceId: string; score: number }) => `${m.source}:${m.sourceId}:${m.score}`);

describeShared('disguised names over HTTP: screen, batch, transactions (real lists)', () => {
  const clock = testClock(NOW);
  let rt: TestRuntime;
  let plain: string[];
  let customers = 1;

  beforeAll(async () => {
    rt = await startTestRuntime(LISTS, { clock: clock.clock });
    await verifiedCustomer(rt, 'evasion-1');
    const res = await rt.call('POST', '/v1/screen', { name: PLAIN });
    plain = hits((await json(res)).matches);
  }, 180_000);
  afterAll(() => rt?.dispose());

  it('the plain name matches both listings at score 1 and is not marked as disguised', async () => {
    for (const id of LISTED) expect(plain).toContain(`${id}:1`);
    const body = await json(await rt.call('POST', '/v1/screen', { name: PLAIN }));
    expect(body.input).toEqual({ obfuscated: false });
  });

  it.each(VARIANTS)('POST /v1/screen: %s matches like the plain name', async (_label, name, obfuscation) => {
    const res = await rt.call('POST', '/v1/screen', { name });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(hits(body.matches)).toEqual(plain);
    expect(body.input).toEqual(obfuscation.length > 0 ? { obfuscated: true, obfuscation } : { obfuscated: false });
  });

  it('POST /v1/screen/batch: every variant matches, each result says whether it was disguised', async () => {
    const queries = VARIANTS.map(([, name], i) => ({ id: `q${i}`, name }));
    const res = await rt.call('POST', '/v1/screen/batch', { queries });
    expect(res.status).toBe(200);
    const body = await json(res);
    body.results.forEach((r: { id: string; matches: Json[]; input: Json }, i: number) => {
      expect(r.id).toBe(`q${i}`);
      expect(hits(r.matches)).toEqual(plain);
      expect(r.input.obfuscated).toBe(VARIANTS[i]![2].length > 0);
    });
  });

  it.each(VARIANTS)('POST /v1/transactions/screen: counterparty named with %s is blocked', async (_l, name) => {
    // A customer of its own per variant, so that no other rule (fan-out, bursts) has a say.
    const userId = `evasion-${++customers}`;
    await verifiedCustomer(rt, userId);
    const r = await screenOk(rt, {
      userId,
      amount: '50',
      counterparty: { name, walletAddress: cleanWallet() },
    });
    expect(codes(r)).toContain('sanctions.counterparty_name');
    expect(r.decision).toBe('block');
    const ids = r.sanctions.hits.map((h: { source: string; sourceId: string }) => `${h.source}:${h.sourceId}`);
    expect(ids).toEqual(expect.arrayContaining(LISTED));
  });

  it('POST /v1/transactions/screen: a disguised Travel Rule beneficiary is blocked', async () => {
    const travelRule = completeTravelRule() as Record<string, Json>;
    travelRule.beneficiary.beneficiaryPerson[0].naturalPerson.name.nameIdentifier[0] = {
      primaryIdentifier: '\u202eal-Zawa\u200bhiri\u202c',
      secondaryIdentifier: 'Ａｙｍａｎ',
      naturalPersonNameIdentifierType: 'LEGL',
    };
    const r = await screenOk(rt, { userId: 'evasion-1', amount: '2000', travelRule });
    expect(codes(r)).toContain('sanctions.counterparty_name');
    expect(r.decision).toBe('block');
  });
});

describeShared('a disguised KYC applicant is screened as listed and never auto-approved (real lists)', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld(LISTS);
  }, 180_000);
  afterAll(() => w?.close());

  it.each([
    ['zero-width space', { firstName: 'Ay\u200bman', lastName: 'al-Zawa\u200bhiri' }],
    ['right-to-left override', { firstName: '\u202eAyman', lastName: 'al-Zawahiri\u202c' }],
    ['tag characters', { firstName: 'Ayman\u{e0020}', lastName: 'al-Zawa\u{e0041}hiri' }],
    ['fullwidth', { firstName: 'Ａｙｍａｎ', lastName: 'ａｌ－Ｚａｗａｈｉｒｉ' }],
    ['Cyrillic look-alikes', { firstName: 'Aуman', lastName: 'аl-Zаwаhiri' }],
  ])('%s', async (_label, name) => {
    const res = await w.start({
      ...applicant({ ...name, dateOfBirth: '1951-06-19', country: 'EG' }),
      provider: 'veriff',
    });
    expect(res.status).toBe(201);
    expect(res.body.sanctions.screened).toBe(true);
    const ids = res.body.sanctions.hits.map((h: { source: string; sourceId: string }) => `${h.source}:${h.sourceId}`);
    expect(ids).toEqual(expect.arrayContaining(LISTED));
    expect(res.body.riskLevel).toBe('high');

    const id = res.body.verificationId;
    const session = (await w.get(`/v1/kyc/verifications/${id}`, ADMIN_KEY)).body.providerRef;
    await w.veriff.send(w.veriff.decisionWebhook(session, 9001));
    expect((await w.get(`/v1/kyc/verifications/${id}`)).body.status).toBe('manual_review');
  });
});
