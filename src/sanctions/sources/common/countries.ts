/**
 * Country name → ISO 3166-1 alpha-2.
 *
 * The lists spell countries their own way: OFAC "Korea, North", "Bahamas, The", "Congo, Democratic
 * Republic of the"; UN "Iran (Islamic Republic of)", "United Republic of Tanzania"; UK "Congo
 * (Democratic Republic)", "St Kitts and Nevis"; plus historical places of birth ("Former USSR, now
 * Ukraine"). Names are compared by a key made of their sorted word set (diacritics, punctuation and
 * the filler words "the", "of", "and" removed), so word order and commas don't matter:
 * "Korea, North" and "North Korea" share the key "korea north".
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);

/**
 * The spellings the lists use that the maintained ISO 3166 name table (i18n-iso-countries: the official English
 * short names and common aliases) lacks: Soviet-era republics given as places of birth, the UN's "(Plurinational
 * State of)" forms, OFAC's "Burma", old names ("Swaziland", "Zaire", "Libyan Arab Jamahiriya"), the two Germanys,
 * the nations of the United Kingdom, adjectives ("Palestinian", "Eritrean"), the dissolved Netherlands Antilles
 * (AN, still on old OFAC entries), and names the library gives two countries ("Congo", which the lists use for
 * the Republic of the Congo; the Koreas' long forms). Each was found in the shipped lists
 * (test/unit/sources/common.test.ts checks every one).
 */
const LIST_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  AM: ['Armenian SSR'],
  AN: ['Netherlands Antilles'],
  AZ: ['Azerbaijan SSR'],
  BA: ['Bosnia'],
  BN: ['Brunei'],
  BO: ['Bolivia (Plurinational State of)', 'Plurinational State of Bolivia'],
  BQ: ['Caribbean Netherlands'],
  BY: ['Belarusian SSR', 'Byelorussian SSR', 'Belorussia', 'Republic of Belarus'],
  CD: ['DR Congo', 'DRC', 'Congo-Kinshasa', 'Zaire'],
  CF: ['CAR'],
  CG: ['Congo', 'Congo-Brazzaville'],
  CI: ['Cote d Ivoire'],
  CN: ['PRC'],
  CV: ['Cabo Verde'],
  DE: [
    'Federal Republic of Germany',
    'German Democratic Republic',
    'Former German Democratic Republic',
    'East Germany',
    'West Germany',
  ],
  ER: ['Eritrean'],
  FK: ['Falkland Islands'],
  FM: ['Micronesia'],
  GB: [
    'United Kingdom of Great Britain and Northern Ireland',
    'Britain',
    'England',
    'Scotland',
    'Wales',
    'Northern Ireland',
  ],
  GE: ['Georgian SSR'],
  HK: ['China, Hong Kong Special Administrative Region', 'Hong Kong SAR', 'Hong Kong, China'],
  KG: ['Kyrgyz Republic', 'Kyrgyz SSR', 'Kirghizia'],
  KP: ["Democratic People's Republic of Korea", "Korea, Democratic People's Republic of", 'DPRK'],
  KZ: ['Kazakh SSR', 'Kazakh Soviet Socialist Republic'],
  LA: ['Laos', 'Lao PDR'],
  LT: ['Lithuanian SSR'],
  LV: ['Latvian SSR'],
  LY: ['Libyan Arab Jamahiriya'],
  MD: ['Moldova', 'Moldovan SSR', 'Moldavian SSR', 'Moldovia', 'Republic of Moldovia'],
  MF: ['Saint Martin'],
  MK: ['Macedonia', 'Macedonia, The Former Yugoslav Republic of', 'The former Yugoslav Republic of Macedonia'],
  ML: ['Northern Mali'],
  MM: ['Burma'],
  MO: ['Macau', 'China, Macao Special Administrative Region'],
  NL: ['Holland'],
  PS: [
    'Palestinian',
    'Palestinian Authority',
    'Palestinian Territories',
    'Occupied Palestinian Territories',
    'Occupied Palestinian Territory',
    'West Bank',
    'Gaza',
    'Gaza Strip',
  ],
  RU: [
    'Russian SFSR',
    'Russian Soviet Federative Socialist Republic',
    'Russian Soviet Federative Socialist Republic (RSFSR)',
    'RSFSR',
    'Yakut Autonomous SSR',
  ],
  SA: ['Kingdom of Saudi Arabia'],
  SH: ['Saint Helena, Ascension and Tristan da Cunha'],
  SK: ['Slovak Republic'],
  SX: ['Sint Maarten'],
  SY: ['Syria'],
  SZ: ['Swaziland'],
  TJ: ['Tajik SSR'],
  TL: ['East Timor'],
  TM: ['Turkmen SSR'],
  TR: ['Republic of Turkiye'],
  TW: ['Chinese Taipei'],
  UA: ['Ukrainian SSR', 'Crimea'],
  UZ: ['Uzbek SSR', 'Uzbekistan SSR'],
  VA: ['Holy See', 'Vatican', 'Vatican City'],
  VE: ['Venezuela (Bolivarian Republic of)', 'Bolivarian Republic of Venezuela'],
  VI: ['United States Virgin Islands'],
  VN: ['Viet Nam'],
  // User-assigned, not in ISO 3166-1; used by the EU and most screening data for Kosovo.
  XK: ['Kosovo'],
};

const FILLER = new Set(['the', 'of', 'and']);

/** Order- and punctuation-insensitive lookup key; "st" is read as "saint" ("St. Kitts" = "Saint Kitts"). */
export function countryKey(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !FILLER.has(w))
    .map((w) => (w === 'st' ? 'saint' : w));
  return [...new Set(words)].sort().join(' ');
}

countries.registerLocale(require('i18n-iso-countries/langs/en.json') as countries.LocaleData);
const ISO_NAMES = countries.getNames('en', { select: 'all' }) as Record<string, string[]>;

/** Key → code. A library key naming two countries is left out unless the lists' own spellings settle it. */
const BY_KEY: ReadonlyMap<string, string> = (() => {
  const codes = new Map<string, Set<string>>();
  for (const [code, names] of Object.entries(ISO_NAMES)) {
    for (const n of names) {
      const key = countryKey(n);
      codes.set(key, (codes.get(key) ?? new Set()).add(code));
    }
  }
  const map = new Map<string, string>();
  for (const [key, set] of codes) if (set.size === 1) map.set(key, [...set][0]!);
  for (const [code, names] of Object.entries(LIST_SPELLINGS)) for (const n of names) map.set(countryKey(n), code);
  return map;
})();

const ISO_CODES: ReadonlySet<string> = new Set([...Object.keys(ISO_NAMES), ...Object.keys(LIST_SPELLINGS)]);

/** "(now Kyrgyzstan)", ", now Ukraine", "Currently Belarus": the present-day country is what matters for screening. */
const NOW_RE = /\b(?:now|currently)\s+([^()]+?)\)?\s*$/i;

/**
 * ISO alpha-2 for a country name as any of the lists writes it, or undefined when it names no
 * present-day country (e.g. "Former USSR", "Region: Kafia Kingi", "undetermined").
 */
const memo = new Map<string, string | null>();

export function countryCode(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  // The same few hundred spellings repeat across tens of thousands of records.
  const cached = memo.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const code = resolveCountry(name);
  if (memo.size < 10_000) memo.set(name, code ?? null);
  return code;
}

function resolveCountry(name: string): string | undefined {
  let text = name.trim();
  if (text === '') return undefined;
  if (/^[A-Z]{2}$/.test(text) && ISO_CODES.has(text)) return text;
  const direct = BY_KEY.get(countryKey(text));
  if (direct !== undefined) return direct;
  const now = NOW_RE.exec(text);
  if (now?.[1] !== undefined) {
    const code = BY_KEY.get(countryKey(now[1]));
    if (code !== undefined) return code;
  }
  // OFAC "Region: Crimea", "possibly Palestinian", trailing period or parenthesised qualifier.
  text = text
    .replace(/^(?:region:|possibly)\s*/i, '')
    .replace(/\.\s+previously\b.*$/i, '')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\.+$/, '');
  return BY_KEY.get(countryKey(text));
}

/** ISO code when resolvable, else the list's own text (trimmed), so nothing the list says is lost. */
export function countryOrText(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const t = name.trim();
  if (t === '') return undefined;
  return countryCode(t) ?? t;
}
