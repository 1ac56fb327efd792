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

/** code → names; the first name is the display name. Every name found in the shipped lists is covered. */
const COUNTRIES: Readonly<Record<string, readonly string[]>> = {
  AD: ['Andorra'],
  AE: ['United Arab Emirates', 'UAE', 'U.A.E.'],
  AF: ['Afghanistan'],
  AG: ['Antigua and Barbuda'],
  AI: ['Anguilla'],
  AL: ['Albania'],
  AM: ['Armenia', 'Armenian SSR'],
  AN: ['Netherlands Antilles'], // dissolved 2010; code transitionally reserved, still used by old OFAC entries
  AO: ['Angola'],
  AQ: ['Antarctica'],
  AR: ['Argentina'],
  AS: ['American Samoa'],
  AT: ['Austria'],
  AU: ['Australia'],
  AW: ['Aruba'],
  AX: ['Aland Islands'],
  AZ: ['Azerbaijan', 'Azerbaijan SSR'],
  BA: ['Bosnia and Herzegovina', 'Bosnia-Herzegovina', 'Bosnia'],
  BB: ['Barbados'],
  BD: ['Bangladesh'],
  BE: ['Belgium'],
  BF: ['Burkina Faso'],
  BG: ['Bulgaria'],
  BH: ['Bahrain'],
  BI: ['Burundi'],
  BJ: ['Benin'],
  BL: ['Saint Barthelemy'],
  BM: ['Bermuda'],
  BN: ['Brunei', 'Brunei Darussalam'],
  BO: ['Bolivia', 'Bolivia (Plurinational State of)', 'Plurinational State of Bolivia'],
  BQ: ['Bonaire, Sint Eustatius and Saba', 'Caribbean Netherlands'],
  BR: ['Brazil'],
  BS: ['Bahamas', 'The Bahamas', 'Bahamas, The'],
  BT: ['Bhutan'],
  BV: ['Bouvet Island'],
  BW: ['Botswana'],
  BY: ['Belarus', 'Belarusian SSR', 'Byelorussian SSR', 'Belorussia', 'Republic of Belarus'],
  BZ: ['Belize'],
  CA: ['Canada'],
  CC: ['Cocos (Keeling) Islands'],
  CD: [
    'Democratic Republic of the Congo',
    'Congo, Democratic Republic of the',
    'Congo (Democratic Republic)',
    'DR Congo',
    'DRC',
    'Congo-Kinshasa',
    'Zaire',
  ],
  CF: ['Central African Republic', 'CAR'],
  CG: ['Congo', 'Republic of the Congo', 'Congo, Republic of the', 'Congo (Republic)', 'Congo-Brazzaville'],
  CH: ['Switzerland'],
  CI: ["Cote d'Ivoire", 'Cote d Ivoire', 'Ivory Coast'],
  CK: ['Cook Islands'],
  CL: ['Chile'],
  CM: ['Cameroon'],
  CN: ['China', "People's Republic of China", 'PRC'],
  CO: ['Colombia'],
  CR: ['Costa Rica'],
  CU: ['Cuba'],
  CV: ['Cabo Verde', 'Cape Verde'],
  CW: ['Curacao'],
  CX: ['Christmas Island'],
  CY: ['Cyprus'],
  CZ: ['Czechia', 'Czech Republic'],
  DE: [
    'Germany',
    'Federal Republic of Germany',
    'German Democratic Republic',
    'Former German Democratic Republic',
    'East Germany',
    'West Germany',
  ],
  DJ: ['Djibouti'],
  DK: ['Denmark'],
  DM: ['Dominica'],
  DO: ['Dominican Republic'],
  DZ: ['Algeria'],
  EC: ['Ecuador'],
  EE: ['Estonia'],
  EG: ['Egypt'],
  EH: ['Western Sahara'],
  ER: ['Eritrea', 'Eritrean'],
  ES: ['Spain'],
  ET: ['Ethiopia'],
  FI: ['Finland'],
  FJ: ['Fiji'],
  FK: ['Falkland Islands', 'Falkland Islands (Malvinas)'],
  FM: ['Micronesia', 'Micronesia, Federated States of', 'Federated States of Micronesia'],
  FO: ['Faroe Islands'],
  FR: ['France'],
  GA: ['Gabon'],
  GB: [
    'United Kingdom',
    'United Kingdom of Great Britain and Northern Ireland',
    'UK',
    'Great Britain',
    'Britain',
    'England',
    'Scotland',
    'Wales',
    'Northern Ireland',
  ],
  GD: ['Grenada'],
  GE: ['Georgia', 'Georgian SSR'],
  GF: ['French Guiana'],
  GG: ['Guernsey'],
  GH: ['Ghana'],
  GI: ['Gibraltar'],
  GL: ['Greenland'],
  GM: ['Gambia', 'The Gambia', 'Gambia, The'],
  GN: ['Guinea'],
  GP: ['Guadeloupe'],
  GQ: ['Equatorial Guinea'],
  GR: ['Greece'],
  GS: ['South Georgia and the South Sandwich Islands'],
  GT: ['Guatemala'],
  GU: ['Guam'],
  GW: ['Guinea-Bissau'],
  GY: ['Guyana'],
  HK: ['Hong Kong', 'China, Hong Kong Special Administrative Region', 'Hong Kong SAR', 'Hong Kong, China'],
  HM: ['Heard Island and McDonald Islands'],
  HN: ['Honduras'],
  HR: ['Croatia'],
  HT: ['Haiti'],
  HU: ['Hungary'],
  ID: ['Indonesia'],
  IE: ['Ireland'],
  IL: ['Israel'],
  IM: ['Isle of Man', 'Man, Isle of'],
  IN: ['India'],
  IO: ['British Indian Ocean Territory'],
  IQ: ['Iraq'],
  IR: ['Iran', 'Iran (Islamic Republic of)', 'Islamic Republic of Iran'],
  IS: ['Iceland'],
  IT: ['Italy'],
  JE: ['Jersey'],
  JM: ['Jamaica'],
  JO: ['Jordan'],
  JP: ['Japan'],
  KE: ['Kenya'],
  KG: ['Kyrgyzstan', 'Kyrgyz Republic', 'Kyrgyz SSR', 'Kirghizia'],
  KH: ['Cambodia'],
  KI: ['Kiribati'],
  KM: ['Comoros'],
  KN: ['Saint Kitts and Nevis', 'St Kitts and Nevis', 'St. Kitts & Nevis'],
  KP: [
    'North Korea',
    'Korea, North',
    "Democratic People's Republic of Korea",
    "Korea, Democratic People's Republic of",
    'DPRK',
  ],
  KR: ['South Korea', 'Korea, South', 'Republic of Korea', 'Korea, Republic of'],
  KW: ['Kuwait'],
  KY: ['Cayman Islands'],
  KZ: ['Kazakhstan', 'Kazakh SSR', 'Kazakh Soviet Socialist Republic'],
  LA: ['Laos', "Lao People's Democratic Republic", 'Lao PDR'],
  LB: ['Lebanon'],
  LC: ['Saint Lucia', 'St Lucia'],
  LI: ['Liechtenstein'],
  LK: ['Sri Lanka'],
  LR: ['Liberia'],
  LS: ['Lesotho'],
  LT: ['Lithuania', 'Lithuanian SSR'],
  LU: ['Luxembourg'],
  LV: ['Latvia', 'Latvian SSR'],
  LY: ['Libya', 'Libyan Arab Jamahiriya'],
  MA: ['Morocco'],
  MC: ['Monaco'],
  MD: [
    'Moldova',
    'Republic of Moldova',
    'Moldova, Republic of',
    'Moldovan SSR',
    'Moldavian SSR',
    'Moldovia',
    'Republic of Moldovia',
  ],
  ME: ['Montenegro'],
  MF: ['Saint Martin (French part)', 'Saint Martin'],
  MG: ['Madagascar'],
  MH: ['Marshall Islands'],
  MK: [
    'North Macedonia',
    'North Macedonia, The Republic of',
    'Republic of North Macedonia',
    'Macedonia',
    'Macedonia, The Former Yugoslav Republic of',
    'The former Yugoslav Republic of Macedonia',
  ],
  ML: ['Mali', 'Northern Mali'],
  MM: ['Myanmar', 'Burma'],
  MN: ['Mongolia'],
  MO: ['Macau', 'Macao', 'China, Macao Special Administrative Region'],
  MP: ['Northern Mariana Islands'],
  MQ: ['Martinique'],
  MR: ['Mauritania'],
  MS: ['Montserrat'],
  MT: ['Malta'],
  MU: ['Mauritius'],
  MV: ['Maldives'],
  MW: ['Malawi'],
  MX: ['Mexico'],
  MY: ['Malaysia'],
  MZ: ['Mozambique'],
  NA: ['Namibia'],
  NC: ['New Caledonia'],
  NE: ['Niger'],
  NF: ['Norfolk Island'],
  NG: ['Nigeria'],
  NI: ['Nicaragua'],
  NL: ['Netherlands', 'The Netherlands', 'Holland'],
  NO: ['Norway'],
  NP: ['Nepal'],
  NR: ['Nauru'],
  NU: ['Niue'],
  NZ: ['New Zealand'],
  OM: ['Oman'],
  PA: ['Panama'],
  PE: ['Peru'],
  PF: ['French Polynesia'],
  PG: ['Papua New Guinea'],
  PH: ['Philippines'],
  PK: ['Pakistan'],
  PL: ['Poland'],
  PM: ['Saint Pierre and Miquelon'],
  PN: ['Pitcairn'],
  PR: ['Puerto Rico'],
  PS: [
    'Palestine',
    'State of Palestine',
    'Palestinian',
    'Palestinian Authority',
    'Palestinian Territories',
    'Occupied Palestinian Territories',
    'Occupied Palestinian Territory',
    'West Bank',
    'Gaza',
    'Gaza Strip',
  ],
  PT: ['Portugal'],
  PW: ['Palau'],
  PY: ['Paraguay'],
  QA: ['Qatar'],
  RE: ['Reunion'],
  RO: ['Romania'],
  RS: ['Serbia'],
  RU: [
    'Russia',
    'Russian Federation',
    'Russian SFSR',
    'Russian Soviet Federative Socialist Republic',
    'Russian Soviet Federative Socialist Republic (RSFSR)',
    'RSFSR',
    'Yakut Autonomous SSR',
  ],
  RW: ['Rwanda'],
  SA: ['Saudi Arabia', 'Kingdom of Saudi Arabia'],
  SB: ['Solomon Islands'],
  SC: ['Seychelles'],
  SD: ['Sudan'],
  SE: ['Sweden'],
  SG: ['Singapore'],
  SH: ['Saint Helena', 'Saint Helena, Ascension and Tristan da Cunha'],
  SI: ['Slovenia'],
  SJ: ['Svalbard and Jan Mayen'],
  SK: ['Slovakia', 'Slovak Republic'],
  SL: ['Sierra Leone'],
  SM: ['San Marino'],
  SN: ['Senegal'],
  SO: ['Somalia'],
  SR: ['Suriname'],
  SS: ['South Sudan'],
  ST: ['Sao Tome and Principe'],
  SV: ['El Salvador'],
  SX: ['Sint Maarten', 'Sint Maarten (Dutch part)'],
  SY: ['Syria', 'Syrian Arab Republic'],
  SZ: ['Eswatini', 'Swaziland'],
  TC: ['Turks and Caicos Islands'],
  TD: ['Chad'],
  TF: ['French Southern Territories'],
  TG: ['Togo'],
  TH: ['Thailand'],
  TJ: ['Tajikistan', 'Tajik SSR'],
  TK: ['Tokelau'],
  TL: ['Timor-Leste', 'East Timor'],
  TM: ['Turkmenistan', 'Turkmen SSR'],
  TN: ['Tunisia'],
  TO: ['Tonga'],
  TR: ['Turkey', 'Turkiye', 'Republic of Turkiye'],
  TT: ['Trinidad and Tobago'],
  TV: ['Tuvalu'],
  TW: ['Taiwan', 'Taiwan, Province of China', 'Chinese Taipei'],
  TZ: ['Tanzania', 'United Republic of Tanzania', 'Tanzania, United Republic of'],
  UA: ['Ukraine', 'Ukrainian SSR', 'Crimea'],
  UG: ['Uganda'],
  UM: ['United States Minor Outlying Islands'],
  US: ['United States', 'United States of America', 'USA', 'U.S.A.', 'US', 'U.S.'],
  UY: ['Uruguay'],
  UZ: ['Uzbekistan', 'Uzbek SSR', 'Uzbekistan SSR'],
  VA: ['Holy See', 'Vatican', 'Vatican City'],
  VC: ['Saint Vincent and the Grenadines', 'St Vincent and the Grenadines'],
  VE: ['Venezuela', 'Venezuela (Bolivarian Republic of)', 'Bolivarian Republic of Venezuela'],
  VG: ['British Virgin Islands', 'Virgin Islands, British', 'Virgin Islands (British)'],
  VI: ['United States Virgin Islands', 'Virgin Islands, U.S.', 'Virgin Islands (U.S.)'],
  VN: ['Vietnam', 'Viet Nam'],
  VU: ['Vanuatu'],
  WF: ['Wallis and Futuna'],
  WS: ['Samoa'],
  XK: ['Kosovo'], // user-assigned code, used by the EU and most screening data for Kosovo
  YE: ['Yemen'],
  YT: ['Mayotte'],
  ZA: ['South Africa'],
  ZM: ['Zambia'],
  ZW: ['Zimbabwe'],
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

const BY_KEY: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [code, names] of Object.entries(COUNTRIES)) {
    for (const n of names) map.set(countryKey(n), code);
  }
  return map;
})();

const ISO_CODES: ReadonlySet<string> = new Set(Object.keys(COUNTRIES));

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

/** Display name for an ISO code (first name in the table). */
export function countryName(code: string): string | undefined {
  return COUNTRIES[code]?.[0];
}
