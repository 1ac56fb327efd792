/**
 * Spellings of one name across romanisation systems, as groups (folded: lowercase ASCII). A pair
 * from one group is the same name written by another system, not a typo and not another name.
 *
 * Sources:
 * - Korean: Revised Romanization of Korean (Ministry of Culture and Tourism, 2000) against
 *   McCune–Reischauer (1939; DPRK's official variant, 1992) and the customary surname spellings
 *   listed in the National Institute of Korean Language's surname romanisation survey (2009):
 *   unaspirated initials g/k, d/t, b/p, j/ch; vowels eo/o, eu/u.
 * - Chinese: Hanyu Pinyin (ISO 7098) against Wade–Giles, as tabulated in the Library of Congress
 *   pinyin conversion tables: zh/ch, x/hs, q/ch', j/ch, z/ts, c/ts', r/j, -ong/-ung, -ian/-ien.
 * - Arabic, Persian and Turkish given names: BGN/PCGN romanisation against French-colonial
 *   (ou, dj, ch), Turkish (final devoicing: Ahmet, Mehmet) and Indonesian/Malay (Achmad) spellings.
 */
export const NAME_VARIANT_GROUPS: readonly (readonly string[])[] = [
  // Korean surnames (RR / MR / customary).
  ['kim', 'gim'],
  ['park', 'pak', 'bak', 'bark'],
  ['lee', 'yi', 'ri', 'rhee', 'i'],
  ['choi', 'choe', 'chwe'],
  ['jung', 'jeong', 'chung', 'chong', 'cheong', 'jong'],
  ['kang', 'gang'],
  ['cho', 'jo', 'joe'],
  ['ko', 'go', 'koh'],
  ['kwon', 'gwon'],
  ['kwak', 'gwak'],
  ['kil', 'gil'],
  ['ku', 'gu', 'koo', 'goo'],
  ['ki', 'gi'],
  ['kyong', 'gyeong', 'kyung', 'gyong'],
  ['tae', 'dae'],
  ['tong', 'dong'],
  ['to', 'do'],
  ['chun', 'jun', 'jeon', 'chon', 'jon'],
  ['chol', 'cheol', 'chul', 'jol'],
  ['song', 'seong', 'sung'],
  ['sok', 'seok', 'suk'],
  ['yong', 'yeong', 'young'],
  ['hyok', 'hyeok', 'hyuk'],
  ['pyong', 'byeong', 'byung', 'byong'],
  ['shin', 'sin'],
  ['yoon', 'yun'],
  ['lim', 'im', 'rim'],
  ['ryu', 'yu', 'yoo'],
  ['oh', 'o'],
  ['han', 'hahn'],
  // Chinese surnames and syllables (pinyin / Wade–Giles / customary).
  ['zhang', 'chang', 'cheung'],
  ['zhu', 'chu', 'choo'],
  ['zhou', 'chou', 'chow'],
  ['zhao', 'chao', 'chiu'],
  ['zheng', 'cheng'],
  ['zhong', 'chung'],
  ['xu', 'hsu', 'hui'],
  ['xie', 'hsieh'],
  ['xiao', 'hsiao'],
  ['qian', 'chien'],
  ['qiu', 'chiu'],
  ['cai', 'tsai', 'choi'],
  ['cao', 'tsao'],
  ['cui', 'tsui'],
  ['zeng', 'tseng'],
  ['zou', 'tsou'],
  ['jiang', 'chiang'],
  ['jin', 'chin'],
  ['ren', 'jen'],
  ['rong', 'jung'],
  ['huang', 'hwang', 'wong'],
  ['guo', 'kuo'],
  ['gao', 'kao'],
  ['deng', 'teng'],
  ['du', 'tu'],
  ['dai', 'tai'],
  ['ding', 'ting'],
  ['bai', 'pai'],
  ['long', 'lung'],
  ['feng', 'fung'],
  ['xiong', 'hsiung'],
  ['li', 'lee'],
  // Arabic, Persian and Turkish given names.
  ['ahmed', 'ahmad', 'ahmet', 'achmad', 'akhmed', 'ahmat'],
  ['mehmet', 'mehmed', 'mohammed', 'muhammad', 'mohamed', 'muhammed'],
  ['noor', 'nur', 'nour'],
  ['hussein', 'husain', 'hussain', 'huseyin', 'hossein', 'hussien'],
  ['osman', 'uthman', 'usman', 'othman'],
  ['yusuf', 'yousef', 'youssef', 'yousuf', 'jusuf', 'yusef'],
  ['mustafa', 'mustapha', 'moustafa', 'mostafa'],
  ['mahmoud', 'mahmud', 'mahmut', 'mehmood'],
  ['hamid', 'hamed', 'hamit'],
  ['rashid', 'rachid', 'reshit', 'rasheed'],
  ['khalid', 'khaled', 'halid', 'khalit'],
  ['jamal', 'djamel', 'cemal', 'jamel'],
  ['jafar', 'djafar', 'cafer', 'jaafar'],
  ['abdulkadir', 'abdelkader', 'abdulqadir', 'abdul qadir'],
  ['omar', 'umar', 'omer', 'oumar'],
  ['ali', 'aly'],
  ['said', 'saeed', 'sait', 'saied'],
  ['walid', 'velit', 'waleed'],
];

/** Folded spelling → the other spellings of its group. */
export const NAME_VARIANTS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const g of NAME_VARIANT_GROUPS) {
    const spellings = g.filter((x) => !x.includes(' '));
    for (const a of spellings) m.set(a, [...(m.get(a) ?? []), ...spellings.filter((b) => b !== a)]);
  }
  return m;
})();
