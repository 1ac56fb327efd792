import { describe, expect, it } from 'vitest';
import type { Entity, EntityName, EntityType, SourceId } from '../../../src/sanctions/entity.ts';
import { SanctionsIndex, type ScreenQuery } from '../../../src/sanctions/index.ts';
import { DEFAULT_MATCH_THRESHOLD } from '../../../src/sanctions/score.ts';

/** A list entry built by hand, the way the parsers shape them (real, public list entries). */
function entity(
  source: SourceId,
  sourceId: string,
  type: EntityType,
  names: (string | (Partial<EntityName> & { full: string }))[],
  extra: Partial<Entity> = {},
): Entity {
  const list: EntityName[] = names.map((n, i) =>
    typeof n === 'string'
      ? { full: n, kind: i === 0 ? 'primary' : 'alias', quality: 'strong' }
      : { kind: i === 0 ? 'primary' : 'alias', quality: 'strong', ...n },
  );
  return {
    source,
    sourceId,
    type,
    name: list[0]!.full,
    names: list,
    birthDates: [],
    birthPlaces: [],
    nationalities: [],
    countries: [],
    documents: [],
    addresses: [],
    programs: [],
    digitalCurrencyAddresses: [],
    ...extra,
  };
}

const PUTIN = entity(
  'ofac-sdn',
  '35096',
  'person',
  ['PUTIN, Vladimir Vladimirovich', { full: 'Владимир Владимирович Путин', script: 'original' }],
  {
    birthDates: [{ date: '1952-10-07' }],
    nationalities: ['RU'],
    programs: ['RUSSIA-EO14024'],
  },
);
const PUTIN_UK = entity('uk-sl', 'RUS0251', 'person', [{ full: 'Vladimir Vladimirovich PUTIN', last: 'PUTIN' }], {
  birthDates: [{ date: '1952-10-07' }],
});
const PUTINA = entity('ofac-sdn', '51000', 'person', ['PUTINA, Maria Vladimirovna'], {
  birthDates: [{ date: '1985' }],
});
const KIM = entity('ofac-sdn', '20157', 'person', ['KIM, Jong Un'], {
  birthDates: [{ date: '1984-01-08' }],
  nationalities: ['KP'],
});
const BARADAR = entity(
  'un-sc',
  'TAi.024',
  'person',
  [
    'ABDUL GHANI BARADAR ABDUL AHMAD TURK',
    { full: 'Mullah Baradar Akhund', quality: 'strong' },
    { full: 'Abdul Ghani Baradar', quality: 'strong' },
    { full: 'Mullah Brother', quality: 'weak' },
    { full: 'عبدالغنی برادر عبد الاحمد ترک', script: 'original' },
  ],
  { birthDates: [{ date: '1968' }], nationalities: ['AF'], programs: ['TA'] },
);
const MAKHLOUF = entity('eu-fsf', '100', 'person', ['Rami Makhlouf', 'Rami Mohammad MAKHLOUF'], {
  birthDates: [{ date: '1969-07-10' }],
  nationalities: ['SY'],
});
const LAKHAL = entity('un-sc', 'QDi.062', 'person', ['MOHAMED LAKHAL'], { birthDates: [{ date: '1971' }] });
const TACTICAL = entity(
  'ofac-sdn',
  '12570',
  'organization',
  ['TACTICAL MISSILES CORPORATION JSC', 'KORPORATSIYA TAKTICHESKOE RAKETNOE VOORUZHENIE AO'],
  { countries: ['RU'] },
);
const KOMID = entity('un-sc', 'KPe.001', 'organization', ['KOREA MINING DEVELOPMENT TRADING CORPORATION', 'KOMID'], {
  countries: ['KP'],
});
const GREEN_PINE = entity(
  'un-sc',
  'KPe.010',
  'organization',
  ['GREEN PINE ASSOCIATED CORPORATION', 'Chongsong Yonhap'],
  { countries: ['KP'] },
);
const RYONBONG = entity('uk-sl', 'DPR0005', 'organization', ['KOREA RYONBONG GENERAL CORPORATION']);
const GLOBAL_TRADING = entity('ofac-sdn', '30001', 'organization', ['GLOBAL VISION TRADING GROUP LLC']);
const GAZPROM = entity('eu-fsf', '200', 'organization', [
  'Public Joint Stock Company Gazprom Neft',
  'PAO Gazprom Neft',
  'ПАО «Газпром нефть»',
]);
const ADRIAN = entity('ofac-sdn', '27304', 'vessel', ['ADRIAN DARYA 1', 'GRACE 1'], { vessel: { imo: '9116412' } });
const HASSAN_TRADING = entity('uk-sl', 'IRN0100', 'organization', ['HASSAN TRADING COMPANY']);
const GHORBANIYAN = entity('ofac-sdn', '26138', 'person', [
  'GHORBANIYAN, Mohammad',
  { full: 'محمد قربانیان', script: 'original' },
]);

const ALL = [
  PUTIN,
  PUTIN_UK,
  PUTINA,
  KIM,
  BARADAR,
  MAKHLOUF,
  LAKHAL,
  TACTICAL,
  KOMID,
  GREEN_PINE,
  RYONBONG,
  GLOBAL_TRADING,
  GAZPROM,
  ADRIAN,
  HASSAN_TRADING,
  GHORBANIYAN,
];
const index = SanctionsIndex.build(ALL);

const screen = (name: string, q: Partial<ScreenQuery> = {}) =>
  index.screen({ name, threshold: DEFAULT_MATCH_THRESHOLD, limit: 10, ...q });
const ids = (name: string, q: Partial<ScreenQuery> = {}) => screen(name, q).map((m) => `${m.source}:${m.sourceId}`);

describe('SanctionsIndex.screen: finds the entry', () => {
  it.each([
    ['exact', 'Vladimir Putin', 'ofac-sdn:35096'],
    ['typo', 'Vladimir Pudin', 'ofac-sdn:35096'],
    ['LAST, First', 'PUTIN, Vladimir', 'ofac-sdn:35096'],
    ['Cyrillic', 'Путин Владимир', 'ofac-sdn:35096'],
    ['German transliteration', 'Wladimir Putin', 'ofac-sdn:35096'],
    ['Korean name in Hangul', '김정은', 'ofac-sdn:20157'],
    ['dropped middle names', 'Abdul Ghani Turk', 'un-sc:TAi.024'],
    ['Arabic script against a Latin and an original-script name', 'عبدالغني برادر', 'un-sc:TAi.024'],
    ['transposed letters', 'Mohamed Lakahl', 'un-sc:QDi.062'],
    ['Muhammad spelling', 'Muhammad Lakhal', 'un-sc:QDi.062'],
    ['title and run-together', 'Dr. RamiMakhlouf', 'eu-fsf:100'],
    ['legal form changed', 'Tactical Missiles Corporation OJSC', 'ofac-sdn:12570'],
    ['legal form in Russian', 'ПАО Газпром Нефть', 'eu-fsf:200'],
    ['exact generic-looking company', 'Global Vision Trading Group', 'ofac-sdn:30001'],
  ])('%s: %s', (_why, query, expected) => {
    expect(ids(query)).toContain(expected);
  });

  it('returns one row per entity, its best-matching name, best first', () => {
    const m = screen('Vladimir Vladimirovich Putin');
    expect(m.map((x) => x.sourceId)).toEqual(['35096', 'RUS0251']);
    expect(m[0]!.score).toBe(1);
    expect(m[0]!.name).toBe('PUTIN, Vladimir Vladimirovich');
    expect(m[0]!.matchedName).toBe('PUTIN, Vladimir Vladimirovich');
    expect(m[0]!.programs).toEqual(['RUSSIA-EO14024']);
    expect(m[0]!.entity).toBe(PUTIN);
  });

  it('matches a name in its original script, and reports that name', () => {
    expect(screen('Владимир Владимирович Путин')[0]!.score).toBe(1);
    const m = screen('محمد قربانیان');
    expect(m[0]!.sourceId).toBe('26138');
    expect(m[0]!.matchedName).toBe('محمد قربانیان');
    expect(m[0]!.explanation.candidate.script).toBe('original');
  });
});

describe('SanctionsIndex.screen: does not over-match', () => {
  it.each([
    'Global Trading Corp',
    'International Trading Company',
    'General Trading Corporation',
    'Mining Development Trading Corporation',
    'Pine Corporation',
    'Al Bin Trading',
  ])('a query of generic words (%s) does not hit every entity sharing them', (q) => {
    expect(ids(q, { type: 'organization' })).toEqual([]);
  });

  it('a person sharing only a common first name is not a match', () => {
    expect(ids('Vladimir Ivanov')).toEqual([]);
    expect(ids('Mohamed Salah')).toEqual([]);
  });

  it('the feminine form of a surname is another person', () => {
    expect(ids('Maria Putin')).not.toContain('ofac-sdn:35096');
  });
});

describe('SanctionsIndex.screen: adjustments', () => {
  it('a matching birth year raises the score, a distant one lowers it', () => {
    const base = screen('Vladimir Putin')[0]!.score;
    const same = screen('Vladimir Putin', { birthDate: '1952' })[0]!;
    const far = screen('Vladimir Putin', { birthDate: '1975-03-01', threshold: 0 }).find(
      (m) => m.sourceId === '35096',
    )!;
    expect(same.score).toBeGreaterThanOrEqual(base);
    expect(same.explanation.adjustments.find((a) => a.factor === 'birth-date')?.delta).toBeGreaterThan(0);
    expect(far.score).toBeLessThan(base);
    expect(far.explanation.adjustments.find((a) => a.factor === 'birth-date')?.reason).toMatch(/1975.*1952/);
  });

  it('a full birth date match counts more than a year', () => {
    const year = screen('Kim Jong Un', { birthDate: '1984' })[0]!;
    const date = screen('Kim Jong Un', { birthDate: '1984-01-08' })[0]!;
    expect(date.explanation.adjustments[0]!.delta).toBeGreaterThan(year.explanation.adjustments[0]!.delta);
  });

  it('another full date of birth in the same year lowers the score; day and month swapped do not', () => {
    const kim = (birthDate: string) =>
      screen('Kim Jong Un', { birthDate, threshold: 0 })[0]!.explanation.adjustments.find(
        (a) => a.factor === 'birth-date',
      )!;
    expect(kim('1984-07-21').delta).toBeLessThan(0);
    expect(kim('1984-07-21').reason).toMatch(/not the list/);
    expect(kim('1984-08-01').delta).toBeGreaterThanOrEqual(0);
  });

  it('a query with a birth date is a person: no vessel, an organisation only at a cost', () => {
    expect(ids('Adrian Darya 1')).toContain('ofac-sdn:27304');
    expect(ids('Adrian Darya 1', { birthDate: '1980-01-01', threshold: 0 })).not.toContain('ofac-sdn:27304');
    const org = screen('Hassan Trading Company', { birthDate: '1980-01-01', threshold: 0 }).find(
      (m) => m.sourceId === 'IRN0100',
    );
    expect(org?.explanation.adjustments.some((a) => a.factor === 'type' && a.delta < 0)).toBe(true);
  });

  it('birth date and country never create a match on their own', () => {
    expect(ids('Sergey Lavrov', { birthDate: '1952-10-07', countries: ['RU'] })).toEqual([]);
    expect(ids('Vladimir Ivanov', { birthDate: '1952-10-07', countries: ['RU'] })).toEqual([]);
  });

  it('a shared country helps a little, a different one costs a little', () => {
    const none = screen('Kim Jong Un')[0]!.score;
    const kp = screen('Kim Jong Un', { countries: ['KP'] })[0]!;
    const fr = screen('Kim Jong Un', { countries: ['FR'], threshold: 0 })[0]!;
    expect(kp.score).toBeGreaterThanOrEqual(none);
    expect(fr.score).toBeLessThan(none);
    expect(fr.explanation.adjustments.find((a) => a.factor === 'country')?.reason).toMatch(/FR/);
  });

  it('a weak alias scores lower than the same words as a strong name', () => {
    const weak = screen('Mullah Brother', { threshold: 0 }).find((m) => m.sourceId === 'TAi.024')!;
    expect(weak.matchedName).toBe('Mullah Brother');
    expect(weak.score).toBeLessThan(1);
    expect(weak.explanation.aliasQuality).toBe('weak');
    expect(weak.explanation.adjustments.some((a) => a.factor === 'alias-quality' && a.delta < 0)).toBe(true);
  });
});

describe('SanctionsIndex.screen: filters', () => {
  it('a person query never hits a vessel; without a type it does', () => {
    expect(ids('Adrian Darya', { threshold: 0.7 })).toContain('ofac-sdn:27304');
    expect(ids('Adrian Darya', { type: 'person', threshold: 0.7 })).toEqual([]);
    expect(ids('Adrian Darya 1', { type: 'vessel' })).toEqual(['ofac-sdn:27304']);
  });

  it('a person query against an organisation is penalised', () => {
    const any = screen('Hassan Trading Company', { threshold: 0 }).find((m) => m.sourceId === 'IRN0100')!;
    const asPerson = screen('Hassan Trading Company', { type: 'person', threshold: 0 }).find(
      (m) => m.sourceId === 'IRN0100',
    )!;
    expect(asPerson.score).toBeLessThan(any.score);
    expect(asPerson.explanation.adjustments.some((a) => a.factor === 'type')).toBe(true);
  });

  it('sources restricts the lists searched', () => {
    expect(ids('Vladimir Putin', { sources: ['uk-sl'] })).toEqual(['uk-sl:RUS0251']);
    expect(ids('Vladimir Putin', { sources: ['un-sc'] })).toEqual([]);
  });

  it('limit caps the rows, threshold drops the weak ones', () => {
    expect(screen('Vladimir Putin', { limit: 1 })).toHaveLength(1);
    const loose = screen('Vladimir Putin', { threshold: 0.3 });
    const strict = screen('Vladimir Putin', { threshold: 0.99 });
    expect(loose.length).toBeGreaterThan(strict.length);
    expect(strict.every((m) => m.score >= 0.99)).toBe(true);
    expect(loose.every((m, i) => i === 0 || loose[i - 1]!.score >= m.score)).toBe(true);
  });

  it('an empty or punctuation-only name matches nothing', () => {
    expect(screen('')).toEqual([]);
    expect(screen(' -- ')).toEqual([]);
  });
});

describe('SanctionsIndex.screen: explanation', () => {
  it('says what was compared, how tokens paired, and sums it up in one line', () => {
    const m = screen('Wladimir Putin', { birthDate: '1952' })[0]!;
    const e = m.explanation;
    expect(e.query.tokens).toEqual(['wladimir', 'putin']);
    expect(e.candidate.tokens).toEqual(['vladimir', 'vladimirovich', 'putin']);
    expect(e.pairs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ query: 'wladimir', candidate: 'vladimir', kind: 'phonetic' }),
        expect.objectContaining({ query: 'putin', candidate: 'putin', kind: 'exact' }),
        expect.objectContaining({ query: null, candidate: 'vladimirovich', kind: 'unmatched' }),
      ]),
    );
    expect(e.nameScore).toBeGreaterThan(0.8);
    expect(e.nameScore).toBeLessThanOrEqual(m.score);
    expect(e.summary).toContain('Wladimir Putin');
    expect(e.summary).toMatch(/birth year 1952/);
  });

  it('marks legal forms as such', () => {
    const e = screen('Tactical Missiles Corp LLC')[0]!.explanation;
    expect(e.pairs.find((p) => p.query === 'llc')).toMatchObject({ candidate: 'jsc', kind: 'legal-form' });
  });
});

describe('SanctionsIndex.stats', () => {
  it('counts entities, names and distinct tokens per source', () => {
    const s = index.stats;
    expect(s.entities).toBe(ALL.length);
    expect(s.bySource['un-sc']).toEqual({ entities: 4, names: 10 });
    expect(s.names).toBeGreaterThan(20);
    expect(s.tokens).toBeGreaterThan(40);
  });
});

describe('SanctionsIndex.screen: remembered token lookups', () => {
  // Typos (one and two edits), a glued particle, a split name, variants: every fuzzy path of lookup().
  const queries = [
    'Vladimir Putin',
    'Wladimir Pudin',
    'Ghorbaniyn Mohammad',
    'Makhlouff Rami',
    'Mohamed Lakahl',
    'Korea Mining Developmnet Tradign Corporation',
    'Koreamining Development',
    'Global Visoin Trading Group',
    'Hasan Trading Co',
    'Jong Un Kim',
  ];

  it('a repeated query gets the same matches, scores and explanations as the first time and as a fresh index', () => {
    const first = queries.map((q) => screen(q));
    const again = queries.map((q) => screen(q));
    const fresh = SanctionsIndex.build(ALL);
    const reversed = [...queries]
      .reverse()
      .map((q) => fresh.screen({ name: q, threshold: DEFAULT_MATCH_THRESHOLD, limit: 10 }));
    expect(again).toEqual(first);
    expect(reversed.reverse()).toEqual(first);
    expect(first.some((r) => r.length > 0)).toBe(true);
  });
});
