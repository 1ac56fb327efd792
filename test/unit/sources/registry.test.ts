import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_IDS } from '../../../src/sanctions/entity.ts';
import { loadSourcesFromDir, readSourceFiles } from '../../../src/sanctions/load.ts';
import { acceptedFileNames, parseSource, selectFiles } from '../../../src/sanctions/sources/index.ts';
import { describeShared, SAMPLE_LISTS_DIR, SHARED_LISTS_DIR } from '../../helpers/shared-data.ts';

describe('source registry', () => {
  it('knows the official file names of every source', () => {
    expect(acceptedFileNames('ofac-sdn')).toEqual(['SDN.XML', 'SDN.CSV', 'ALT.CSV', 'ADD.CSV', 'SDN_COMMENTS.CSV']);
    expect(acceptedFileNames('ofac-cons')).toContain('CONSOLIDATED.XML');
    for (const s of SOURCE_IDS) expect(acceptedFileNames(s).length).toBeGreaterThan(0);
  });

  it('matches names case-insensitively and prefers the XML when both formats are present', () => {
    const files = new Map([
      ['consolidated.xml', '<sdnList/>'],
      ['cons_prim.csv', ''],
      ['cons_alt.csv', ''],
      ['cons_add.csv', ''],
      ['cons_comments.csv', ''],
      ['README.md', 'x'],
    ]);
    const sel = selectFiles('ofac-cons', files);
    expect(sel.set.format).toBe('ofac-xml');
    expect(sel.ignored.sort()).toEqual(['cons_add.csv', 'cons_alt.csv', 'cons_comments.csv', 'cons_prim.csv']);
  });

  it('falls back to the complete CSV set, and names what is missing otherwise', () => {
    const csv = new Map([
      ['SDN.CSV', ''],
      ['ALT.CSV', ''],
      ['ADD.CSV', ''],
      ['SDN_COMMENTS.CSV', ''],
    ]);
    expect(selectFiles('ofac-sdn', csv).set.format).toBe('ofac-csv');
    csv.delete('ALT.CSV');
    expect(() => parseSource('ofac-sdn', csv)).toThrow(
      /ofac-sdn: missing required files: need SDN\.XML, or SDN\.CSV \+ ALT\.CSV \+ ADD\.CSV \+ SDN_COMMENTS\.CSV; have SDN\.CSV, ADD\.CSV, SDN_COMMENTS\.CSV/,
    );
    expect(() => parseSource('un-sc', new Map())).toThrow(
      /un-sc: missing required files: need consolidated\.xml; have none/,
    );
  });

  it('a source whose preferred file is broken fails instead of falling back', () => {
    const files = new Map([
      ['SDN.XML', '<sdnList><sdnEntry><uid>1</uid>'],
      ['SDN.CSV', '36,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'],
      ['ALT.CSV', ''],
      ['ADD.CSV', ''],
      ['SDN_COMMENTS.CSV', ''],
    ]);
    expect(() => parseSource('ofac-sdn', files)).toThrow(/SDN\.XML.*truncated/);
  });

  it.each([
    ['un-sc', 'consolidated.xml'],
    ['eu-fsf', 'xmlFullSanctionsList_1_1.xml'],
    ['uk-sl', 'UK-Sanctions-List.xml'],
    ['ofac-cons', 'CONSOLIDATED.XML'],
  ] as const)('%s: an HTML error page or an empty file fails', (source, name) => {
    expect(() =>
      parseSource(source, new Map([[name, '<!DOCTYPE html>\n<html><body><h1>502 Bad Gateway</h1></body></html>\n']])),
    ).toThrow(/HTML error page/);
    expect(() => parseSource(source, new Map([[name, '']]))).toThrow(/empty/);
  });
});

describe('bundled sample lists (lists/sample)', () => {
  it('every source parses, with wallets and original-script names for offline screening', async () => {
    const { parsed, errors, checksums } = await loadSourcesFromDir(SAMPLE_LISTS_DIR);
    expect(errors).toEqual({});
    expect(parsed.map((p) => p.source).sort()).toEqual([...SOURCE_IDS].sort());
    for (const p of parsed) {
      expect(p.entities.length, p.source).toBeGreaterThanOrEqual(3);
      expect(p.warnings, p.source).toEqual([]);
      expect(Object.keys(checksums[p.source]).length).toBeGreaterThan(0);
    }
    const all = parsed.flatMap((p) => p.entities);
    const wallets = all.flatMap((e) => e.digitalCurrencyAddresses);
    expect(wallets).toContainEqual({ currency: 'XBT', address: '3Lpoy53K625zVeE47ZasiG5jGkAxJ27kh1' });
    expect(wallets).toContainEqual({ currency: 'ETH', address: '0x7FF9cFad3877F21d41Da833E2F775dB0569eE3D9' });
    expect(all.filter((e) => e.names.some((n) => n.script === 'original')).map((e) => e.source)).toEqual(
      expect.arrayContaining(['un-sc', 'eu-fsf', 'uk-sl']),
    );
    expect(all.some((e) => e.type === 'vessel' && e.vessel?.imo !== undefined)).toBe(true);
  });

  it('is small (< 60 KB)', () => {
    let bytes = 0;
    for (const s of SOURCE_IDS)
      for (const f of fs.readdirSync(path.join(SAMPLE_LISTS_DIR, s)))
        bytes += fs.statSync(path.join(SAMPLE_LISTS_DIR, s, f)).size;
    expect(bytes).toBeLessThan(60 * 1024);
  });

  it('any sample file cut to a third of its length fails its source', async () => {
    for (const source of SOURCE_IDS) {
      const files = await readSourceFiles(SAMPLE_LISTS_DIR, source);
      expect(files).toBeDefined();
      for (const [name, text] of files ?? []) {
        const cut = new Map(files).set(name, text.slice(0, Math.floor(text.length / 3)));
        expect(() => parseSource(source, cut), `${source}/${name}`).toThrow();
      }
    }
  });
});

describe('loading from a folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lists-'));
    fs.mkdirSync(path.join(dir, 'un-sc'));
    fs.copyFileSync(
      path.join(SAMPLE_LISTS_DIR, 'un-sc', 'consolidated.xml'),
      path.join(dir, 'un-sc', 'consolidated.xml'),
    );
    fs.writeFileSync(path.join(dir, 'un-sc', 'README.md'), 'not a list file');
    fs.mkdirSync(path.join(dir, 'uk-sl'));
    fs.writeFileSync(path.join(dir, 'uk-sl', 'UK-Sanctions-List.xml'), '<html><body>Forbidden</body></html>');
    fs.mkdirSync(path.join(dir, 'ofac-sdn-2021'));
    fs.mkdirSync(path.join(dir, 'eu-fsf'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('readSourceFiles: only accepted files; undefined when the folder is absent', async () => {
    const files = await readSourceFiles(dir, 'un-sc');
    expect([...(files?.keys() ?? [])]).toEqual(['consolidated.xml']);
    expect(await readSourceFiles(dir, 'ofac-cons')).toBeUndefined();
    expect((await readSourceFiles(dir, 'eu-fsf'))?.size).toBe(0);
  });

  it('loadSourcesFromDir: parses what is there, reports per-source errors, ignores unknown folders', async () => {
    const { parsed, checksums, errors } = await loadSourcesFromDir(dir);
    expect(parsed.map((p) => p.source)).toEqual(['un-sc']);
    expect(Object.keys(errors).sort()).toEqual(['eu-fsf', 'uk-sl']);
    expect(errors['uk-sl']).toMatch(/HTML error page/);
    expect(errors['eu-fsf']).toMatch(/missing required files/);
    const bytes = fs.readFileSync(path.join(dir, 'un-sc', 'consolidated.xml'));
    expect(checksums['un-sc']).toEqual({ 'consolidated.xml': createHash('sha256').update(bytes).digest('hex') });
    expect(checksums['ofac-sdn']).toEqual({});
    expect(Object.keys(checksums).sort()).toEqual([...SOURCE_IDS].sort());
  });
});

describeShared('loading the shared snapshots', () => {
  it('all five sources load; ofac-sdn-2021 is not a source and is ignored', async () => {
    const { parsed, errors } = await loadSourcesFromDir(SHARED_LISTS_DIR);
    expect(errors).toEqual({});
    const counts = Object.fromEntries(parsed.map((p) => [p.source, p.entities.length]));
    expect(counts).toEqual({ 'ofac-sdn': 14965, 'ofac-cons': 442, 'un-sc': 1003, 'eu-fsf': 5795, 'uk-sl': 6046 });
    // ofac-cons has both formats: the XML is used, the CSVs are reported as ignored
    expect(parsed.find((p) => p.source === 'ofac-cons')?.publishedAt).toBe('2026-01-08');
    expect(parsed.find((p) => p.source === 'ofac-cons')?.warnings.join()).toMatch(
      /cons_prim\.csv.*ignored: CONSOLIDATED\.XML preferred/,
    );
  });
});
