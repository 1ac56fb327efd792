/** The OCR language data ships in the npm package and is read from disk: nothing is fetched at run time. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishLangPath } from '../../../src/kyc/documents/ocr-pool.ts';

describe('OCR language data', () => {
  it('is a local folder holding eng.traineddata.gz (not a URL)', () => {
    const dir = englishLangPath();
    expect(path.isAbsolute(dir)).toBe(true);
    const file = path.join(dir, 'eng.traineddata.gz');
    expect(fs.statSync(file).size).toBeGreaterThan(1_000_000);
    // gzip magic: tesseract.js is told gzip: true.
    expect([...fs.readFileSync(file).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
  });
});
