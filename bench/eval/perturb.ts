/**
 * Perturbed list names: the matcher's own recall test, independent of any public set. Entities are
 * drawn at random (seeded) from all five official lists, round-robin over the sources, and each
 * perturbation class rewrites one of their Latin names the way real screening traffic does. The
 * entities are split into development and held-out halves by a seeded hash of "source:id", so a
 * rule tuned on the development cases never saw the held-out entities.
 *
 * The rewrite rules below are written from the romanisation standards and error models, not from
 * the matcher's tables: a class only measures something if the generator does not share its code.
 */
import type { Entity, SourceId } from '../../src/sanctions/entity.ts';
import { SOURCE_IDS } from '../../src/sanctions/entity.ts';
import { hash32, mulberry32, pick, shuffle, type Rng } from './random.ts';

export const PERTURB_SEED = 16016;

export const PERTURB_CLASSES = [
  'two-edits-long-token',
  'transliteration',
  'legal-form',
  'particle-glued',
  'ocr',
  'keyboard',
  'missing-space',
  'initials',
] as const;
export type PerturbClass = (typeof PERTURB_CLASSES)[number];

export interface PerturbCase {
  cls: PerturbClass;
  query: string;
  /** The list name it was made from. */
  original: string;
  source: SourceId;
  sourceId: string;
}

export type Half = 'dev' | 'heldout';
export const entityHalf = (e: Entity): Half =>
  (hash32(`${e.source}:${e.sourceId}`, PERTURB_SEED) & 1) === 1 ? 'heldout' : 'dev';

// ── The rewrites ────────────────────────────────────────────────────────────────────────────

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const isUpper = (s: string): boolean => s === s.toUpperCase() && s !== s.toLowerCase();
const likeCase = (model: string, s: string): string => (isUpper(model) ? s.toUpperCase() : s.toLowerCase());
const words = (name: string): string[] => name.split(' ').filter(Boolean);

/** Two random edits (substitution, adjacent swap, insertion, deletion) in one token of ≥ 8 letters. */
function twoEdits(rng: Rng, name: string): string | undefined {
  const ws = words(name);
  const long = ws.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{8,}$/.test(w));
  if (long.length === 0) return undefined;
  const [w, i] = pick(rng, long);
  let t = w;
  const used = new Set<number>();
  for (let e = 0; e < 2; e++) {
    let p = Math.floor(rng() * t.length);
    while (used.has(p)) p = (p + 1) % t.length;
    used.add(p);
    const op = Math.floor(rng() * 4);
    const letter = likeCase(w, pick(rng, [...LETTERS]));
    if (op === 0) t = t.slice(0, p) + letter + t.slice(p + 1);
    else if (op === 1 && p + 1 < t.length) t = t.slice(0, p) + t[p + 1] + t[p] + t.slice(p + 2);
    else if (op === 2) t = t.slice(0, p) + letter + t.slice(p);
    else t = t.slice(0, p) + t.slice(p + 1);
  }
  ws[i] = t;
  return ws.join(' ');
}

type Rule = readonly [RegExp, string];
/**
 * Romanisation variants by language area. Korean: Revised Romanisation vs McCune–Reischauer and
 * common surname spellings (k/g, p/b, ch/j, t/d initials; eo/o, eu/u). Chinese: pinyin vs Wade–Giles
 * (zh/ch, x/hs, q/ch, j/ch, z/ts, c/ts', r/j, -ong/-ung, -ian/-ien). Arabic, Persian and Turkish:
 * BGN/PCGN vs French and Turkish renderings (ou/u, ee/i, e/a, final d/t, kh/h, q/k, j/dj, sh/ch,
 * dh/z). Russian and other Cyrillic: BGN/PCGN vs ICAO 9303 vs German/French (y/i, kh/h, zh/j,
 * ts/tz, yu/iu, ya/ia, -iy/-y, v/w, ks/x, shch/sch).
 */
const TRANSLIT: Record<string, readonly Rule[]> = {
  korean: [
    [/^K/i, 'G'],
    [/^G/i, 'K'],
    [/^Park$|^Pak$/i, 'Bak'],
    [/^P/i, 'B'],
    [/^B/i, 'P'],
    [/^Ch/i, 'J'],
    [/^J/i, 'Ch'],
    [/^T/i, 'D'],
    [/eo/i, 'o'],
    [/o/i, 'eo'],
    [/eu/i, 'u'],
    [/i$/i, 'ee'],
    [/ng$/i, 'n'],
    [/^Ri$/i, 'Lee'],
    [/^Yi$/i, 'Lee'],
  ],
  chinese: [
    [/^Zh/i, 'Ch'],
    [/^X/i, 'Hs'],
    [/^Q/i, 'Ch'],
    [/^J/i, 'Ch'],
    [/^Z/i, 'Ts'],
    [/^C(?!h)/i, 'Ts'],
    [/^R/i, 'J'],
    [/ong/i, 'ung'],
    [/ian/i, 'ien'],
    [/ui/i, 'uei'],
    [/^You$/i, 'Yu'],
  ],
  arabic: [
    [/ou/i, 'u'],
    [/u/i, 'ou'],
    [/ee/i, 'i'],
    [/i/i, 'ee'],
    [/oo/i, 'u'],
    [/u/i, 'oo'],
    [/e/i, 'a'],
    [/a/i, 'e'],
    [/d$/i, 't'],
    [/kh/i, 'h'],
    [/q/i, 'k'],
    [/k/i, 'q'],
    [/j/i, 'dj'],
    [/sh/i, 'ch'],
    [/dh/i, 'z'],
    [/ai/i, 'ay'],
    [/^Ah/i, 'Ach'],
    [/y/i, 'i'],
  ],
  cyrillic: [
    [/y$/i, 'i'],
    [/iy$/i, 'y'],
    [/yy$/i, 'iy'],
    [/kh/i, 'h'],
    [/zh/i, 'j'],
    [/ts/i, 'tz'],
    [/yu/i, 'iu'],
    [/ya/i, 'ia'],
    [/ye/i, 'e'],
    [/^E/i, 'Ye'],
    [/v/i, 'w'],
    [/ks/i, 'x'],
    [/shch/i, 'sch'],
    [/ch/i, 'tch'],
    [/ev$/i, 'yev'],
  ],
  generic: [
    [/ph/i, 'f'],
    [/c(?=[aou])/i, 'k'],
    [/k/i, 'c'],
    [/y/i, 'i'],
    [/ie/i, 'i'],
    [/w/i, 'v'],
    [/tt/i, 't'],
    [/ll/i, 'l'],
  ],
};
const AREA: Record<string, string> = {};
for (const c of ['KP', 'KR']) AREA[c] = 'korean';
for (const c of ['CN', 'TW', 'HK', 'MO', 'SG']) AREA[c] = 'chinese';
for (const c of 'AE AF BH DZ EG IQ IR JO KW LB LY MA OM PK PS QA SA SD SO SY TN TR YE ML MR NE NG'.split(' '))
  AREA[c] = 'arabic';
for (const c of 'RU BY UA KZ KG TJ UZ TM AZ AM GE MD RS BG MK BA ME'.split(' ')) AREA[c] = 'cyrillic';

function areaOf(e: Entity): string {
  for (const c of [...e.nationalities, ...e.countries]) if (AREA[c]) return AREA[c]!;
  return 'generic';
}

function transliteration(rng: Rng, name: string, e: Entity): string | undefined {
  const ws = words(name);
  const rules = TRANSLIT[areaOf(e)]!;
  const options: [number, Rule][] = [];
  ws.forEach((w, i) => {
    if (!/^[A-Za-z]{2,}$/.test(w)) return;
    for (const r of rules) if (r[0].test(w)) options.push([i, r]);
  });
  if (options.length === 0) return undefined;
  const [i, [re, to]] = pick(rng, options);
  const w = ws[i]!;
  const next = w.replace(re, (m) => (isUpper(m) ? to.toUpperCase() : m[0] === m[0]!.toUpperCase() ? cap(to) : to));
  if (next.toLowerCase() === w.toLowerCase()) return undefined;
  ws[i] = isUpper(w) ? next.toUpperCase() : next;
  return ws.join(' ');
}
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/** Legal forms at the end of an organisation name (ISO 20275 ELF abbreviations, common spellings). */
const LEGAL_TAIL_FORMS = [
  'S\\.?\\s?A\\.?\\s+DE\\s+C\\.?\\s?V\\.?',
  'S\\.?\\s?R\\.?\\s?L\\.?',
  'S\\.?\\s?A\\.?\\s?R\\.?\\s?L\\.?',
  'S\\.?\\s?A\\.?\\s?S\\.?',
  'S\\.?\\s?A\\.?',
  'L\\.?\\s?L\\.?\\s?C\\.?',
  'L\\.?\\s?T\\.?\\s?D\\.?',
  'LIMITED',
  'INC\\.?',
  'CORP\\.?',
  'CORPORATION',
  'CO\\.?,?\\s+LTD\\.?',
  'PLC|LLP|GMBH|AG|JSC|OJSC|CJSC|PJSC|OOO|ZAO|OAO|FZE|FZCO',
  'B\\.?\\s?V\\.?',
  'N\\.?\\s?V\\.?',
  'SDN\\.?\\s+BHD\\.?',
  'PTE\\.?\\s+LTD\\.?',
  'PVT\\.?\\s+LTD\\.?',
  'S\\.?\\s?P\\.?\\s?A\\.?',
  'A\\.?\\s?S\\.?',
];
const LEGAL_TAIL = new RegExp(`\\s*,?\\s+(${LEGAL_TAIL_FORMS.join('|')})\\s*$`, 'i');

function legalForm(rng: Rng, name: string, e: Entity): string | undefined {
  if (e.type !== 'organization') return undefined;
  const m = LEGAL_TAIL.exec(name);
  if (!m || m.index === 0) return undefined;
  const body = name.slice(0, m.index).replace(/[,\s]+$/, '');
  if (!/[A-Za-z]{3,}/.test(body)) return undefined;
  const form = m[1]!;
  const letters = form.replace(/[.\s,]/g, '');
  const bare = form.replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  const variants = [
    body, // stripped
    `${body}${letters.toLowerCase()}`, // glued: NORTHSTARltd
    `${body}${letters}`, // glued, same case
    `${body} ${bare
      .split(' ')
      .flatMap((w) => (w.length <= 4 ? [...w] : [w]))
      .join(' ')}`, // S A DE C V, L L C
    `${body} ${letters}`, // punctuation stripped: SA DE CV → SADECV
  ];
  const v = pick(rng, variants);
  return v === name ? undefined : v;
}

/** Particles glued to the next word: ALHASHIMI, Abuzaid, binladin, VANDERBERG. */
const PARTICLE = /^(al|el|bin|ibn|abu|abou|van|von|de|da|der|del|ben|ould|ul)$/i;
function particleGlued(rng: Rng, name: string): string | undefined {
  const ws = words(name.replace(/\b(al|el|ul|as|ad|ar|an|ash|az|ath)-/gi, '$1 '));
  const at: number[] = [];
  for (let i = 0; i + 1 < ws.length; i++) if (PARTICLE.test(ws[i]!) && /^[A-Za-z]/.test(ws[i + 1]!)) at.push(i);
  if (at.length === 0) return undefined;
  const i = pick(rng, at);
  const next = ws[i + 1]!;
  const joined = ws[i]! + (rng() < 0.5 || isUpper(ws[i]!) ? next : next.toLowerCase());
  ws.splice(i, 2, joined);
  return ws.join(' ');
}

/** Confusions of optical character recognition on printed names. */
const OCR: readonly Rule[] = [
  [/rn/, 'm'],
  [/m/, 'rn'],
  [/RN/, 'M'],
  [/M/, 'RN'],
  [/l/, '1'],
  [/I/, 'l'],
  [/i/, 'l'],
  [/O/, '0'],
  [/o/, '0'],
  [/cl/, 'd'],
  [/d/, 'cl'],
  [/w/, 'vv'],
  [/W/, 'VV'],
  [/e/, 'c'],
  [/h/, 'b'],
  [/S/, '5'],
  [/B/, '8'],
  [/E/, 'F'],
  [/n/, 'ri'],
];
function ocr(rng: Rng, name: string): string | undefined {
  const ws = words(name);
  const options: [number, Rule][] = [];
  ws.forEach((w, i) => {
    if (w.length < 4) return;
    for (const r of OCR) if (r[0].test(w.slice(1))) options.push([i, r]);
  });
  if (options.length === 0) return undefined;
  const [i, [re, to]] = pick(rng, options);
  // Not the first letter: OCR reads a capital reliably more often, and a first letter decides the key.
  ws[i] = ws[i]![0] + ws[i]!.slice(1).replace(re, to);
  return ws.join(' ');
}

const QWERTY = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
function neighbours(c: string): string[] {
  const lc = c.toLowerCase();
  const r = QWERTY.findIndex((row) => row.includes(lc));
  if (r < 0) return [];
  const k = QWERTY[r]!.indexOf(lc);
  const out = [QWERTY[r]![k - 1], QWERTY[r]![k + 1], QWERTY[r - 1]?.[k], QWERTY[r + 1]?.[k]];
  return out.filter((x): x is string => !!x);
}
/** One slip to a neighbouring key (substitution or an extra neighbour key) in a token of ≥ 4 letters. */
function keyboard(rng: Rng, name: string): string | undefined {
  const ws = words(name);
  const idx = ws.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{4,}$/.test(w));
  if (idx.length === 0) return undefined;
  const [w, i] = pick(rng, idx);
  const p = 1 + Math.floor(rng() * (w.length - 1));
  const near = neighbours(w[p]!);
  if (near.length === 0) return undefined;
  const k = likeCase(w[p]!, pick(rng, near));
  ws[i] = rng() < 0.7 ? w.slice(0, p) + k + w.slice(p + 1) : w.slice(0, p + 1) + k + w.slice(p + 1);
  return ws.join(' ');
}

function missingSpace(rng: Rng, name: string): string | undefined {
  const ws = words(name);
  if (ws.length < 2) return undefined;
  const i = Math.floor(rng() * (ws.length - 1));
  if (!/^[A-Za-z]+$/.test(ws[i]!) || !/^[A-Za-z]+$/.test(ws[i + 1]!)) return undefined;
  ws.splice(i, 2, ws[i]! + ws[i + 1]!);
  return ws.join(' ');
}

/** Given names to initials, keeping the surname: "V. Putin", "Vladimir V. Putin". */
function initials(rng: Rng, name: string, e: Entity, surname: string | undefined): string | undefined {
  if (e.type !== 'person') return undefined;
  const ws = words(name);
  if (ws.length < 2) return undefined;
  const last = surname ? ws.findIndex((w) => w.toLowerCase() === surname.toLowerCase()) : ws.length - 1;
  const given = ws.map((_, i) => i).filter((i) => i !== last && /^[A-Za-z]{3,}$/.test(ws[i]!));
  if (given.length === 0 || last < 0) return undefined;
  const pickOne = given.length >= 2 && rng() < 0.5;
  const chosen = pickOne ? [pick(rng, given.slice(1))] : given.slice(0, 1);
  for (const i of chosen) ws[i] = `${ws[i]![0]!.toUpperCase()}.`;
  return ws.join(' ');
}

// ── Sampling ────────────────────────────────────────────────────────────────────────────────

/** A Latin-script name of the entity as a customer would type it: "First Last" for OFAC's "LAST, First". */
function baseName(e: Entity): { name: string; surname?: string } | undefined {
  const primary = e.names.find((n) => n.script !== 'original' && /^[\x20-\x7e]+$/.test(n.full));
  if (!primary) return undefined;
  const full = primary.full.replace(/\s+/g, ' ').trim();
  if (e.type === 'person' && full.includes(',')) {
    const [last, ...rest] = full.split(',');
    const first = rest.join(' ').trim();
    if (first) return { name: `${first} ${last!.trim()}`, surname: last!.trim().split(' ').at(-1) };
  }
  return { name: full, ...(primary.last ? { surname: primary.last.split(' ').at(-1) } : {}) };
}

function apply(cls: PerturbClass, rng: Rng, name: string, e: Entity, surname?: string): string | undefined {
  switch (cls) {
    case 'two-edits-long-token':
      return twoEdits(rng, name);
    case 'transliteration':
      return transliteration(rng, name, e);
    case 'legal-form':
      return legalForm(rng, name, e);
    case 'particle-glued':
      return particleGlued(rng, name);
    case 'ocr':
      return ocr(rng, name);
    case 'keyboard':
      return keyboard(rng, name);
    case 'missing-space':
      return missingSpace(rng, name);
    case 'initials':
      return initials(rng, name, e, surname);
  }
}

/**
 * `perClass` cases per class from one half of the entities, drawn round-robin over the five
 * sources in a seeded order. Names of one or two letters per token are skipped (nothing to perturb).
 */
export function generatePerturbations(entities: readonly Entity[], half: Half, perClass: number): PerturbCase[] {
  const out: PerturbCase[] = [];
  PERTURB_CLASSES.forEach((cls, ci) => {
    const rng = mulberry32(PERTURB_SEED * 31 + ci * 7919 + (half === 'heldout' ? 1 : 0));
    const bySource = SOURCE_IDS.map((s) =>
      shuffle(
        rng,
        entities.filter((e) => e.source === s && entityHalf(e) === half && e.type !== 'aircraft'),
      ),
    );
    const cursor = SOURCE_IDS.map(() => 0);
    let made = 0;
    let exhausted = 0;
    for (let s = 0; made < perClass && exhausted < SOURCE_IDS.length; s = (s + 1) % SOURCE_IDS.length) {
      const pool = bySource[s]!;
      let found = false;
      while (cursor[s]! < pool.length) {
        const e = pool[cursor[s]!++]!;
        const base = baseName(e);
        if (!base) continue;
        const q = apply(cls, rng, base.name, e, base.surname);
        if (!q || q === base.name) continue;
        out.push({ cls, query: q, original: base.name, source: e.source, sourceId: e.sourceId });
        made++;
        found = true;
        break;
      }
      if (!found && s === 0) exhausted = SOURCE_IDS.filter((_, k) => cursor[k]! >= bySource[k]!.length).length;
      if (!found) exhausted = SOURCE_IDS.filter((_, k) => cursor[k]! >= bySource[k]!.length).length;
    }
  });
  return out;
}
