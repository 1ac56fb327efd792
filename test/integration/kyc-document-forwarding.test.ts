/**
 * POST /v1/kyc/verifications/{id}/documents over real HTTP: the sidecar listening, the fake provider
 * servers speaking each wire format and checking auth and signatures as the real ones do. A sharp
 * passport page (built by the tests, test/fakes/document-images.ts) passes the document check and
 * reaches Onfido (multipart documents), Sumsub (signed multipart idDoc), Veriff (signed JSON media) and
 * Shufti (base64 document proof); a blurred one is refused with 422 and reaches no one.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blurred, passportJpeg, SAMPLE_TD3 } from '../fakes/document-images.ts';
import { ADMIN_KEY, applicant, auth, KYC_KEY, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';

const MAX = 2_000_000;

describe('POST /v1/kyc/verifications/{id}/documents', () => {
  let w: KycWorld;
  let good: Buffer;
  let goodBase64: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write: (chunk, _enc, cb) => {
        logLines.push(String(chunk));
        cb();
      },
    });
    w = await startKycWorld(
      { DOCUMENT_OCR_WORKERS: '1', DOCUMENT_MAX_BYTES: String(MAX), LOG_LEVEL: 'debug' },
      { logger: pino({ level: 'debug' }, sink) },
    );
    good = await passportJpeg();
    goodBase64 = good.toString('base64');
  });
  afterAll(() => w.close());

  /** The applicant the sample passport belongs to (MRZ PLUMTREE<<HARRIET<ANN, born 1988-06-21). */
  const holder = (extra: Record<string, unknown> = {}) =>
    applicant({ firstName: 'Harriet Ann', lastName: 'Plumtree', dateOfBirth: '1988-06-21', ...extra });

  const startAt = async (provider: string, extra: Record<string, unknown> = {}) => {
    const res = await w.start({ ...holder(extra), provider });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const view = await w.get(`/v1/kyc/verifications/${res.body.verificationId}`, ADMIN_KEY);
    return { id: res.body.verificationId as string, ref: view.body.providerRef as string };
  };

  const path = (id: string) => `/v1/kyc/verifications/${id}/documents`;
  const asForm = async (id: string, img: Uint8Array, fields: Record<string, string> = {}, key = KYC_KEY) => {
    const form = new FormData();
    form.set('image', new Blob([img], { type: 'image/jpeg' }), 'passport.jpg');
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await fetch(w.baseUrl + path(id), { method: 'POST', body: form, headers: auth(key) });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
  };
  const asJson = async (id: string, body: unknown) => {
    const res = await fetch(w.baseUrl + path(id), {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { ...auth(KYC_KEY), 'content-type': 'application/json' },
    });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
  };
  const auditOf = async (id: string) =>
    (await w.get(`/v1/kyc/verifications/${id}`)).body.audit as { action: string; details: any }[];

  const expectForwarded = (body: any, id: string, provider: string) => {
    expect(body).toMatchObject({ verificationId: id, provider, forwarded: true });
    expect(body.checks.mrz).toMatchObject({ valid: true, documentNumber: SAMPLE_TD3.documentNumber, mismatches: [] });
  };

  it('Onfido: a multipart upload reaches POST /documents with the run applicant, type, side, country and the bytes', async () => {
    const { id, ref } = await startAt('onfido');
    const { status, body } = await asForm(id, good, { documentType: 'passport', side: 'front' });
    expect(status, JSON.stringify(body)).toBe(201);
    expectForwarded(body, id, 'onfido');
    // Recorded only after the Token auth passed.
    expect(w.onfido.documents).toHaveLength(1);
    const doc = w.onfido.documents[0]!;
    expect(doc).toMatchObject({
      id: body.providerDocumentId,
      applicant_id: w.onfido.runs.get(ref)!.applicant_id,
      type: 'passport',
      side: 'front',
      issuing_country: 'GBR',
      fileType: 'image/jpeg',
    });
    expect(doc.bytes.equals(good)).toBe(true);
  });

  it('Sumsub: a signed multipart idDoc (metadata + content) reaches the applicant', async () => {
    const { id, ref } = await startAt('sumsub');
    const { status, body } = await asForm(id, good, { documentType: 'passport' });
    expect(status, JSON.stringify(body)).toBe(201);
    expectForwarded(body, id, 'sumsub');
    // Recorded only after X-App-Access-Sig over ts + method + path + the exact multipart bytes matched.
    expect(w.sumsub.idDocs).toHaveLength(1);
    const doc = w.sumsub.idDocs[0]!;
    expect(doc).toMatchObject({
      applicantId: ref,
      imageId: body.providerDocumentId,
      metadata: { idDocType: 'PASSPORT', country: 'GBR' },
      contentType: 'image/jpeg',
    });
    expect(doc.bytes.equals(good)).toBe(true);
  });

  it('Veriff: a signed JSON media upload (document-front, data URL) reaches the session', async () => {
    const { id, ref } = await startAt('veriff');
    const { status, body } = await asJson(id, { image: goodBase64, documentType: 'passport', side: 'front' });
    expect(status, JSON.stringify(body)).toBe(201);
    expectForwarded(body, id, 'veriff');
    // Recorded only after X-HMAC-SIGNATURE over the body matched.
    expect(w.veriff.media).toHaveLength(1);
    const m = w.veriff.media[0]!;
    expect(m).toMatchObject({
      id: body.providerDocumentId,
      sessionId: ref,
      context: 'document-front',
      mediaType: 'image/jpeg',
    });
    expect(m.bytes.equals(good)).toBe(true);
  });

  it('Shufti: the document proof goes base64 in an offsite request with Basic auth', async () => {
    const { id, ref } = await startAt('shufti');
    const { status, body } = await asJson(id, {
      image: `data:image/jpeg;base64,${goodBase64}`,
      documentType: 'passport',
    });
    expect(status, JSON.stringify(body)).toBe(201);
    expectForwarded(body, id, 'shufti');
    // Recorded only after the Basic client_id:secret_key auth passed.
    expect(w.shufti.documentProofs).toHaveLength(1);
    const proof = w.shufti.documentProofs[0]!;
    expect(proof.reference).toBe(body.providerDocumentId);
    expect(proof.reference.startsWith(`${ref}-doc-`)).toBe(true);
    expect(proof.supportedTypes).toEqual(['passport']);
    expect(proof.bytes.equals(good)).toBe(true);
  });

  it('records the forward in the audit trail without image bytes, OCR text or MRZ personal fields', async () => {
    const { id } = await startAt('veriff');
    const before = w.veriff.media.length;
    const res = await asJson(id, { image: goodBase64, documentType: 'passport' });
    expect(res.status).toBe(201);
    expect(w.veriff.media.length).toBe(before + 1);
    const audit = await auditOf(id);
    const fwd = audit.find((e) => e.action === 'document_forwarded');
    expect(fwd?.details).toMatchObject({
      provider: 'veriff',
      documentType: 'passport',
      problems: [],
      mrzValid: true,
      mismatches: [],
      providerDocumentId: res.body.providerDocumentId,
    });
    const trail = JSON.stringify(audit);
    for (const secret of [goodBase64.slice(200, 260), SAMPLE_TD3.documentNumber, 'PLUMTREE', '1988-06-21'])
      expect(trail).not.toContain(secret);
    const logs = logLines.join('');
    expect(logs).not.toContain(goodBase64.slice(200, 260));
    expect(logs).not.toContain(SAMPLE_TD3.documentNumber);
  });

  it('an MRZ that names someone else is reported and audited, and the document still goes to the provider', async () => {
    const { id } = await startAt('onfido', { lastName: 'Okonkwo' });
    const before = w.onfido.documents.length;
    const res = await asForm(id, good, { documentType: 'passport' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.checks.mrz.mismatches).toEqual(['surname']);
    expect(w.onfido.documents.length).toBe(before + 1);
    const fwd = (await auditOf(id)).find((e) => e.action === 'document_forwarded');
    expect(fwd?.details.mismatches).toEqual(['surname']);
  });

  it('a blurred photo is a 422 problem with the check’s problems and checks, and no provider receives anything', async () => {
    const bad = await blurred(good);
    for (const provider of ['onfido', 'sumsub', 'veriff', 'shufti'] as const) {
      const { id } = await startAt(provider);
      const counts = [
        w.onfido.documents.length,
        w.sumsub.idDocs.length,
        w.veriff.media.length,
        w.shufti.documentProofs.length,
      ];
      const res = await asForm(id, bad, { documentType: 'passport' });
      expect(res.status).toBe(422);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.type).toMatch(/document-refused$/);
      expect(res.body.problems.map((p: { code: string }) => p.code)).toContain('blurred');
      expect(res.body.checks.sharpness.passed).toBe(false);
      expect([
        w.onfido.documents.length,
        w.sumsub.idDocs.length,
        w.veriff.media.length,
        w.shufti.documentProofs.length,
      ]).toEqual(counts);
      const refused = (await auditOf(id)).find((e) => e.action === 'document_refused');
      expect(refused?.details).toMatchObject({ provider, problems: ['blurred'] });
    }
  });

  it('Jumio collects documents in its hosted flow: 409, before any check', async () => {
    const { id } = await startAt('jumio');
    const calls = w.jumio.received.length;
    const res = await asForm(id, good, { documentType: 'passport' });
    expect(res.status).toBe(409);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.detail).toContain('hosted flow');
    expect(w.jumio.received.length).toBe(calls);
  });

  it('an unknown verification is a 404; a verification in a final state is a 409', async () => {
    const unknown = await asForm('6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f', good);
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('application/problem+json');

    const { id, ref } = await startAt('onfido');
    const hook = await w.onfido.sendWebhook(ref, 'declined');
    expect(hook.status).toBe(200);
    const before = w.onfido.documents.length;
    const final = await asForm(id, good, { documentType: 'passport' });
    expect(final.status).toBe(409);
    expect(final.body.detail).toContain('rejected');
    expect(w.onfido.documents.length).toBe(before);
  });

  it('an image above DOCUMENT_MAX_BYTES is a 413, as a file part or as base64', async () => {
    const { id } = await startAt('veriff');
    const big = Buffer.alloc(MAX + 1, 7);
    expect((await asForm(id, big)).status).toBe(413);
    const b = await asJson(id, { image: big.toString('base64') });
    expect(b.status).toBe(413);
    expect(b.body.detail).toContain('DOCUMENT_MAX_BYTES');
  });

  it('a provider outage is a 503 with Retry-After and an audited failure; the upload is not retried', async () => {
    const { id } = await startAt('veriff');
    const calls = w.veriff.calls('/v1/sessions');
    w.veriff.setFault('outage', 1);
    const res = await fetch(w.baseUrl + path(id), {
      method: 'POST',
      body: JSON.stringify({ image: goodBase64, documentType: 'passport' }),
      headers: { ...auth(KYC_KEY), 'content-type': 'application/json' },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(w.veriff.calls('/v1/sessions')).toBe(calls + 1);
    const failed = (await auditOf(id)).find((e) => e.action === 'document_forward_failed');
    expect(failed?.details).toMatchObject({ provider: 'veriff', errorKind: 'server', httpStatus: 502 });
  });

  it('needs the kyc scope', async () => {
    const res = await asForm('6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f', good, {}, ADMIN_KEY);
    expect(res.status).toBe(403);
  });
});
