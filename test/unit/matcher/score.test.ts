import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_THRESHOLD as T, explainNames, scoreNames } from '../../../src/sanctions/score.ts';
import { editDistance, jaroWinkler, withinOneEdit, withinTwoEdits } from '../../../src/sanctions/similarity.ts';

const person = { type: 'person' as const };
const org = { type: 'organization' as const };

describe('similarity primitives', () => {
  it('edit distance counts an adjacent swap as half an edit', () => {
    expect(editDistance('scholz', 'schloz')).toBe(0.5);
    expect(editDistance('putin', 'pudin')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3); // capped: stops early
  });

  // Every string of length 0..5 over a 3-letter alphabet, against every other: 364² pairs.
  const words: string[] = [''];
  for (let len = 1; len <= 5; len++)
    for (let n = 0; n < 3 ** len; n++)
      words.push(
        n
          .toString(3)
          .padStart(len, '0')
          .replace(/[012]/g, (d) => 'abc'[Number(d)]!),
      );

  it('a capped edit distance is the full distance, or over the cap when the full one is', () => {
    // Two swaps in a row cost one edit: the early stop must not cut off the second (abba / baab).
    expect(editDistance('abba', 'baab', 1)).toBe(1);
    let wrong = 0;
    for (const a of words) {
      for (const b of words) {
        const full = editDistance(a, b);
        for (const cap of [1, 2])
          if (full <= cap ? editDistance(a, b, cap) !== full : editDistance(a, b, cap) <= cap) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it('withinOneEdit agrees with editDistance(a, b, 1) <= 1 on every pair of short strings', () => {
    let agreeing = 0;
    for (const a of words) for (const b of words) if (withinOneEdit(a, b) === editDistance(a, b, 1) <= 1) agreeing++;
    expect(agreeing).toBe(words.length ** 2);
    expect(withinOneEdit('abcdef', 'badcfe')).toBe(false); // three swaps: 1.5 edits
    expect(withinOneEdit('abcdef', 'badcef')).toBe(true); // two swaps: 1 edit
  });

  it('jaro-winkler rewards a shared prefix', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});

describe('scoreNames: the same person written differently', () => {
  it.each([
    ['typo', 'Vladimir Pulin', 'Vladimir Putin'],
    ['transposition', 'Olaf Schloz', 'Olaf Scholz'],
    ['doubled letter', 'Barackk Obama', 'Barack Obama'],
    ['token order', 'Putin Vladimir', 'Vladimir Putin'],
    ['OFAC LAST, First', 'Vladimir Putin', 'PUTIN, Vladimir'],
    ['dropped patronymic', 'Vladimir Putin', 'PUTIN, Vladimir Vladimirovich'],
    ['added patronymic', 'Vladimir Vladimirovich Putin', 'Vladimir Putin'],
    ['Cyrillic query, Latin list name', 'Владимир Путин', 'PUTIN, Vladimir Vladimirovich'],
    ['Latin query, Cyrillic list name', 'Sergei Lavrov', 'Сергей Викторович Лавров'],
    ['Arabic query, Latin list name', 'محمد علي', 'Mohamed Ali'],
    ['Latin query, Arabic list name', 'Saddam Hussein al-Tikriti', 'صدام حسين التكريتي'],
    ['Greek query', 'Βλαντίμιρ Πούτιν', 'Vladimir Putin'],
    ['Mohammed / Muhammad', 'Muhammad bin Salman', 'Mohammed bin Salman'],
    ['Aleksandr / Alexander', 'Aleksandr Lukashenko', 'Alexander Lukashenko'],
    ['Usama / Osama, Laden / Ladin', 'Usama bin Ladin', 'Osama bin Laden'],
    ['Yousef / Yusuf', 'Ramzi Yousef', 'Ramzi Ahmed YUSUF'],
    ['Abdul Rahman / Abdulrahman', 'Abdulrahman Al-Khalil', 'Abdul Rahman al-Khalil'],
    ['name run together', 'VladimirPutin', 'Vladimir Putin'],
    ['initial', 'V. Putin', 'Vladimir Putin'],
    ['initials of a hyphenated name', 'JC Juncker', 'Jean-Claude Juncker'],
    ['diacritics', 'Aleksandar Vucic', 'Aleksandar Vučić'],
    ['leading title', 'Dr. Rami Makhlouf', 'MAKHLOUF, Rami'],
    ['Baltic ending', 'Vladimiras Putinas', 'Vladimir Putin'],
  ])('%s: %s ~ %s', (_why, a, b) => {
    expect(scoreNames(a, b, person)).toBeGreaterThanOrEqual(T);
  });

  it('scores an exact name 1', () => {
    expect(scoreNames('KIM, Jong Un', 'Kim Jong Un', person)).toBe(1);
  });
});

describe('scoreNames: particles glued on, two slips in a long word (issue 16)', () => {
  it.each([
    [
      'glued particle, the list particle paired elsewhere',
      'Al Habib benahmad ben al Tayib al Lubiri',
      'Al-Habib ben Ahmad ben al-Tayib al-Lubiri',
    ],
    ['glued article after Abd', 'Abd alhadi ZARQUN', 'Abd al Hadi ZARQUN'],
    ['glued article, list side', 'Hashim AL HASHIMI', 'Hashim ALHASHIMI'],
    ['two particles run together', 'Mahfouz Ouldal Walid', 'MAHFOUZ OULD AL-WALID'],
    ['assimilated article glued (as-Sadiq)', 'Jafar Assadiq Mahmoud', 'Jafar as-Sadiq Mahmoud'],
    ['a swap with a letter inserted between', 'Vostochny Pogrspect', 'Vostochny Prospect'],
    ['a long word that lost a letter to two slips', 'Munllal Khoury', 'Mudallal Khoury'],
  ])('%s: %s ~ %s', (_why, a, b) => {
    expect(scoreNames(a, b, person)).toBeGreaterThanOrEqual(T);
  });

  it('needs a particle before the bare name on the other side: Daniel is not da + Niel', () => {
    expect(scoreNames('Daniel Smith', 'Niel Smith', person)).toBeLessThan(T);
    expect(scoreNames('Daniel Smith', 'de Niel Smith', person)).toBeGreaterThanOrEqual(T);
  });

  it('a two-slip pairing still gives way to a legal form run together (SiemensAG)', () => {
    expect(scoreNames('SiemensAG', 'Siemens AG', org)).toBe(1);
  });

  it('withinTwoEdits sees slips the alignment distance counts as three', () => {
    expect(editDistance('pogrspect', 'prospect', 2)).toBeGreaterThan(2);
    expect(withinTwoEdits('pogrspect', 'prospect')).toBe(true);
    expect(withinTwoEdits('mohammdra', 'mohammad')).toBe(true);
    expect(withinTwoEdits('happiernss', 'happiness')).toBe(true);
    expect(withinTwoEdits('alexander', 'alexandra')).toBe(true);
    expect(withinTwoEdits('gabrelyanov', 'gorbachev')).toBe(false);
  });
});

describe('scoreNames: different people sharing names', () => {
  it.each([
    ['surname swapped', 'Saddam Hussein al-Dulaimi', 'Saddam Hussein al-Tikriti'],
    ['given name swapped', 'Sergey Ivanov', 'Sergey Viktorovich LAVROV'],
    ['different given name, one edit away in letters but another name', 'Daniel Ortiz', 'Daniel Ortega'],
    ['patronymic reversed', 'Salman bin Muhammad al-Rawi', 'Muhammad bin Salman al-Rawi'],
    ['feminine form', 'Maria Putina', 'Vladimir Putin'],
    ['one shared first name', 'Vladimir Ivanov', 'Vladimir Putin'],
    ['different initial', 'A. Nazarbayev', 'Nursultan Nazarbayev'],
    ['shared common Arabic names only', 'Mohammad Ali Rahimi', 'Mohammad Ali Hassan Karimi'],
  ])('%s: %s vs %s', (_why, a, b) => {
    expect(scoreNames(a, b, person)).toBeLessThan(T);
  });

  it('a dropped middle name costs less than a substituted one', () => {
    const dropped = scoreNames('Jamal Sultan al-Tikriti', 'Jamal Mustafa Sultan al-Tikriti', person);
    const swapped = scoreNames('Jamal Ahmed Sultan al-Tikriti', 'Jamal Mustafa Sultan al-Tikriti', person);
    expect(dropped).toBeGreaterThan(swapped);
    expect(dropped).toBeGreaterThanOrEqual(T);
  });
});

describe('scoreNames: organisations', () => {
  it.each([
    ['LLC spelled out', 'Stripe LLC', 'Stripe Limited Liability Company'],
    ['OOO / LLC', 'OOO Oboronnye Initsiativy', 'Oboronnye Initsiativy LLC'],
    ['OAO / JSC / PAO', 'OAO Gazprom', 'Public Joint Stock Company Gazprom'],
    ['Ltd / Limited', 'CRYSTALORD LIMITED', 'CRYSTALORD LTD'],
    ['GmbH spelled out', 'Volkswagen Gesellschaft mit beschränkter Haftung', 'Volkswagen GmbH'],
    ['legal form dropped', 'Iskusstvo Krasoty', 'LIMITED LIABILITY COMPANY ISKUSSTVO KRASOTY'],
    ['run together with its legal form', 'SiemensAG', 'Siemens AG'],
    ['& / and', 'Procter & Gamble Co.', 'Procter and Gamble Company'],
    ['number words', 'Brigade Forty-Four', 'Brigade 44'],
    ['Cyrillic company name', 'ООО "Искусство Красоты"', 'Iskusstvo Krasoty LLC'],
  ])('%s: %s ~ %s', (_why, a, b) => {
    expect(scoreNames(a, b, org)).toBeGreaterThanOrEqual(T);
  });

  it.each([
    ['generic words only in common', 'Global Trading Corp', 'Korea Mining Development Trading Corporation'],
    ['one distinctive word differs', 'Bank of China', 'Bank of Chad'],
    [
      'different brand, same sector words',
      'China National Pipeline Corporation',
      'China National Petroleum Corporation',
    ],
    ['legal form alone in common', 'Acme LLC', 'Tactical Missiles LLC'],
  ])('%s: %s vs %s', (_why, a, b) => {
    expect(scoreNames(a, b, org)).toBeLessThan(T);
  });

  it('a legal form weighs little: changing it costs less than changing a word', () => {
    const legal = scoreNames('Tactical Missiles Corporation JSC', 'Tactical Missiles Corporation LLC', org);
    const word = scoreNames('Tactical Kittens Corporation JSC', 'Tactical Missiles Corporation JSC', org);
    expect(legal).toBeGreaterThan(word);
    expect(legal).toBeGreaterThanOrEqual(T);
  });
});

describe('explainNames', () => {
  it('says which token paired with which, and how', () => {
    const e = explainNames('Mohamed Lakhal Vladimirovich', 'LAKHAL, Muhammad', person);
    const byQuery = new Map(e.pairs.map((p) => [p.query, p]));
    expect(byQuery.get('lakhal')?.kind).toBe('exact');
    expect(byQuery.get('mohamed')?.kind).toBe('phonetic');
    expect(byQuery.get('vladimirovich')?.kind).toBe('unmatched');
    expect(e.candidate.tokens.find((t) => t.text === 'lakhal')?.surname).toBe(true);
  });

  it('reports a concatenation as one pairing of several tokens', () => {
    const e = explainNames('Abdulrahman', 'Abdul Rahman', person);
    expect(e.pairs[0]).toMatchObject({ query: 'abdulrahman', candidate: 'abdul+rahman' });
  });

  it('reports cross-script pairings as script', () => {
    const e = explainNames('حسين', 'Hussein', person);
    expect(e.pairs[0]?.kind).toBe('script');
  });
});
