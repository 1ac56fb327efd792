/**
 * The document pre-check over HTTP, on images the test builds itself (test/fakes/document-images.ts):
 * a sharp passport page is accepted with its MRZ read and its check digits validated; the same page
 * blurred, shrunk, overexposed, with a wrong check digit or expired is refused with the right code.
 * Real sharp, real tesseract.js (language data from the npm package), real HTTP app.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blurred, overexposed, passportJpeg, SAMPLE_TD3, shrunk, td3Lines } from '../fakes/document-images.ts';
import { ADMIN_KEY, auth, KYC_KEY } from '../helpers/kyc-world.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const PATH = '/v1/kyc/documents/check';

describe('POST /v1/kyc/documents/check', () => {
  let rt: TestRuntime;
  const logLines: string[] = [];
  let good: Buffer;
  beforeAll(async () => {
    const sink = new Writable({
      write: (chunk, _enc, cb) => {
        logLines.push(String(chunk));
        cb();
      },
    });
    rt = await startTestRuntime(
      { API_KEYS: `${KYC_KEY}:kyc,${ADMIN_KEY}:admin`, LOG_LEVEL: 'debug', DOCUMENT_OCR_WORKERS: '1' },
      { logger: pino({ level: 'debug' }, sink) },
    );
    good = await passportJpeg();
  });
  afterAll(() => rt.dispose());

  const multipart = async (img: Uint8Array, extra: Record<string, string> = {}, key = KYC_KEY) => {
    const form = new FormData();
    form.set('image', new Blob([img], { type: 'image/jpeg' }), 'document.jpg');
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    const res = await rt.app.request(PATH, { method: 'POST', body: form, headers: auth(key) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const asJson = async (body: unknown) => {
    const res = await rt.call('POST', PATH, body, auth(KYC_KEY));
    return { status: res.status, body: (await res.json()) as any };
  };
  const codes = (b: any) => (b.problems as { code: string }[]).map((p) => p.code);

  it('accepts a sharp passport page and reads its MRZ, every check digit valid', async () => {
    const { status, body } = await multipart(good, { documentType: 'passport' });
    expect(status).toBe(200);
    expect(body.problems).toEqual([]);
    expect(body.accepted).toBe(true);
    expect(body.checks.ocrConfidence).toBeGreaterThanOrEqual(80);
    expect(body.checks.resolution).toMatchObject({ width: 1600, height: 1100, passed: true });
    expect(body.checks.sharpness.passed).toBe(true);
    expect(body.checks.glare.passed).toBe(true);
    expect(body.checks.mrz).toMatchObject({
      present: true,
      valid: true,
      format: 'TD3',
      documentNumber: SAMPLE_TD3.documentNumber,
      surname: 'PLUMTREE',
      givenNames: 'HARRIET ANN',
      nationality: 'GBR',
      dateOfBirth: '1988-06-21',
      expiryDate: '2034-09-15',
    });
    expect(body.checks.mrz.checkDigits.length).toBeGreaterThanOrEqual(4);
    expect(body.checks.mrz.checkDigits.every((d: { valid: boolean }) => d.valid)).toBe(true);
  });

  it('takes the same image as base64 JSON (a data: URL too)', async () => {
    const { status, body } = await asJson({
      image: `data:image/jpeg;base64,${good.toString('base64')}`,
      documentType: 'passport',
      side: 'front',
    });
    expect(status).toBe(200);
    expect(body.accepted).toBe(true);
    expect(body.checks.mrz.documentNumber).toBe(SAMPLE_TD3.documentNumber);
  });

  it('refuses the page blurred, with an actionable message, without running OCR', async () => {
    const { status, body } = await multipart(await blurred(good));
    expect(status).toBe(200);
    expect(body.accepted).toBe(false);
    expect(codes(body)).toEqual(['blurred']);
    expect(body.problems[0].message).toMatch(/blurred.*retake/i);
    expect(body.checks.ocrConfidence).toBeNull();
  });

  it('refuses the page too small', async () => {
    const { body } = await multipart(await shrunk(good));
    expect(body.accepted).toBe(false);
    expect(codes(body)).toContain('too_small');
    expect(body.checks.resolution.passed).toBe(false);
  });

  it('refuses the page overexposed (glare)', async () => {
    const { body } = await multipart(await overexposed(good));
    expect(body.accepted).toBe(false);
    expect(codes(body)).toContain('glare');
  });

  it('refuses an MRZ whose document-number check digit is wrong', async () => {
    const { body } = await multipart(await passportJpeg({ breakDigit: true }), { documentType: 'passport' });
    expect(body.accepted).toBe(false);
    expect(codes(body)).toEqual(['mrz_checksum']);
    expect(body.checks.mrz.valid).toBe(false);
    expect(body.checks.mrz.checkDigits).toContainEqual({ field: 'documentNumber', valid: false });
  });

  it('refuses an expired document', async () => {
    const img = await passportJpeg({ fields: { ...SAMPLE_TD3, expiry: '200115' } });
    const { body } = await multipart(img, { documentType: 'passport' });
    expect(codes(body)).toEqual(['expired']);
    expect(body.problems[0].message).toContain('2020-01-15');
  });

  it('a passport page without any MRZ is mrz_unreadable', async () => {
    const sharp = (await import('sharp')).default;
    // The bottom of the page (the MRZ) cut off, the rest scaled back up to a valid size.
    const top = await sharp(good).extract({ left: 0, top: 0, width: 1600, height: 800 }).jpeg().toBuffer();
    const { body } = await multipart(top, { documentType: 'passport' });
    expect(body.checks.mrz.present).toBe(false);
    expect(codes(body)).toContain('mrz_unreadable');
  });

  it('never logs the image or the text read from it', () => {
    const all = logLines.join('\n');
    expect(all).not.toContain('PLUMTREE');
    expect(all).not.toContain(SAMPLE_TD3.documentNumber);
    expect(all).not.toContain(td3Lines(SAMPLE_TD3)[1]);
    expect(all).not.toContain(good.subarray(0, 30).toString('base64'));
  });

  it('refuses what is not a JPEG, PNG or WebP with 422, and a wrong content type with 415', async () => {
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64');
    const a = await multipart(gif);
    expect(a.status).toBe(422);
    expect(a.body.errors[0].path).toBe('image');
    const b = await asJson({ image: Buffer.from('not an image at all').toString('base64') });
    expect(b.status).toBe(422);
    const c = await rt.app.request(PATH, {
      method: 'POST',
      body: 'x',
      headers: { ...auth(KYC_KEY), 'content-type': 'text/plain' },
    });
    expect(c.status).toBe(415);
    const d = await asJson({});
    expect(d.status).toBe(422);
  });

  it('needs the kyc scope', async () => {
    const { status } = await multipart(good, {}, ADMIN_KEY);
    expect(status).toBe(403);
  });
});

describe('DOCUMENT_MAX_BYTES', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ API_KEYS: `${KYC_KEY}:kyc`, DOCUMENT_MAX_BYTES: '2000000', MAX_BODY_BYTES: '1000' });
  });
  afterAll(() => rt.dispose());

  it('an image above it is a 413, as a file part or as base64; below it, MAX_BODY_BYTES does not apply', async () => {
    const big = Buffer.alloc(2_000_001, 7);
    const form = new FormData();
    form.set('image', new Blob([big], { type: 'image/jpeg' }), 'big.jpg');
    const a = await rt.app.request(PATH, { method: 'POST', body: form, headers: auth(KYC_KEY) });
    expect(a.status).toBe(413);
    const b = await rt.call('POST', PATH, { image: big.toString('base64') }, auth(KYC_KEY));
    expect(b.status).toBe(413);
    expect(((await b.json()) as { detail: string }).detail).toContain('DOCUMENT_MAX_BYTES');
    // 1.5 MB of not-an-image: past MAX_BODY_BYTES (1000), under DOCUMENT_MAX_BYTES, so it is read and refused as input.
    const c = await rt.call('POST', PATH, { image: Buffer.alloc(1_500_000, 7).toString('base64') }, auth(KYC_KEY));
    expect(c.status).toBe(422);
  });
});
