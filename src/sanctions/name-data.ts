/**
 * Word tables for name normalisation. Lookups are Maps, never plain objects: a name may well
 * contain the word "constructor". Everything here is in the folded form produced by
 * normalize.ts (lowercase ASCII, no dots). Spelling variants of the same word are NOT listed one by
 * one where the phonetic key already makes them equal (legal-form phrases are matched on keys, so
 * "otvetstvennostyu" / "otvetstvennostiu" / "otvetstvennostju" need one entry).
 */

/**
 * Honorifics, ranks and titles, dropped when they lead a person's name ("Dr. Rami Makhlouf",
 * "Presidente Putin", never "General Motors"). Includes the word for "president" in the languages
 * the lists and their users write. Elsewhere in a name only HONORIFICS lose their weight.
 */
export const TITLES: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'doctor', 'prof', 'professor', 'sir', 'dame', 'lord',
  'sheikh', 'shaikh', 'shaykh', 'sheik', 'shaik', 'cheikh', 'shekh', 'haji', 'hajji', 'hadji', 'alhaji',
  'alhaj', 'alhajj', 'hajj', 'mullah', 'mulla', 'mollah', 'molla', 'maulawi', 'mawlawi', 'maulvi', 'molvi', 'maulavi',
  'moulavi', 'mawlavi', 'maulana', 'mawlana', 'mufti', 'ayatollah', 'ayatullah', 'hojatoleslam', 'hojjatoleslam',
  'general', 'gen', 'lieutenant', 'lt', 'colonel', 'col', 'maj', 'captain', 'capt', 'cpt', 'commander',
  'cmdr', 'brigadier', 'brig', 'admiral', 'adm', 'marshal', 'sergeant', 'sgt', 'corporal',
  'president', 'presidente', 'presidentele', 'presedintele', 'presiden', 'predsjednik', 'predsednik', 'prezident',
  'prezydent', 'prasident', 'praesident', 'elnok', 'minister', 'ministre', 'premier',
  'senator', 'governor', 'ambassador', 'judge', 'rev', 'reverend', 'father', 'bishop', 'archbishop',
  'patriarch', 'pastor', 'excellency', 'honourable', 'honorable', 'monsieur', 'mme', 'madame', 'mlle',
  'herr', 'frau', 'senor', 'senora', 'sra', 'signor', 'signora', 'eng', 'engr', 'engineer', 'ing', 'dipl',
  'his', 'her',
  // Not here on purpose: prince, king, major, justice, lady… are also given names ("JOHNSON, Prince").
]);

/**
 * The titles that are never names, weighted almost nothing wherever they stand ("Khalid Sheikh
 * Mohammed"). Other titles (General, Bishop, Judge…) are dropped only when they lead the name: later
 * on they are usually surnames.
 */
export const HONORIFICS: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sheikh', 'shaikh', 'shaykh', 'sheik', 'shaik', 'cheikh', 'shekh', 'haji', 'hajji',
  'hadji', 'alhaji', 'alhaj', 'alhajj', 'hajj', 'mullah', 'mulla', 'mollah', 'molla', 'maulawi', 'mawlawi', 'maulvi',
  'molvi', 'maulavi', 'moulavi', 'mawlavi', 'maulana', 'mawlana', 'mufti', 'ayatollah', 'ayatullah', 'hojatoleslam',
  'hojjatoleslam', 'excellency', 'monsieur', 'mme', 'madame', 'mlle', 'herr', 'frau', 'senor', 'senora', 'sra',
  'president', 'presidente', 'presidentele', 'presedintele', 'presiden', 'predsjednik', 'predsednik', 'prezident',
  'prezydent', 'prasident', 'praesident', 'elnok',
]);

/**
 * Legal forms, as phrases → one symbol. The phrase matcher works on phonetic keys of the words, so
 * each phrase is listed in one spelling. Longer phrases win over their parts ("public joint stock
 * company" before "joint stock company" before "company").
 */
export const LEGAL_FORMS: Readonly<Record<string, readonly string[]>> = {
  llc: [
    'llc', 'l l c', 'ooo', 'tov', 'limited liability company', 'limited liability co',
    'obshchestvo s ogranichennoy otvetstvennostyu', 'tovarystvo z obmezhenoyu vidpovidalnistyu',
    'tovarishchestvo s ogranichennoy otvetstvennostyu', 'too', 'mchj', 'sro', 'spol s ro',
  ],
  jsc: [
    'jsc', 'ojsc', 'cjsc', 'pjsc', 'prjsc', 'ao', 'oao', 'zao', 'pao', 'nao', 'prat', 'pat', 'at',
    'joint stock company', 'joint stock co', 'public joint stock company', 'open joint stock company',
    'closed joint stock company', 'private joint stock company', 'joint-stock company', 'stock company',
    'aktsionernoe obshchestvo', 'publichnoe aktsionernoe obshchestvo', 'otkrytoe aktsionernoe obshchestvo',
    'zakrytoe aktsionernoe obshchestvo', 'nepublichnoe aktsionernoe obshchestvo', 'aktsionerne tovarystvo',
    'publichne aktsionerne tovarystvo', 'pryvatne aktsionerne tovarystvo',
  ],
  ltd: ['ltd', 'limited', 'private limited', 'pvt ltd', 'pvt', 'pte ltd', 'pte', 'pty ltd', 'pty', 'proprietary limited'],
  inc: ['inc', 'incorporated'],
  corp: ['corp', 'corporation'],
  co: ['co', 'company', 'companies', 'compagnie', 'compania', 'companhia', 'cie', 'cia'],
  plc: ['plc', 'public limited company', 'public company limited'],
  llp: ['llp', 'limited liability partnership'],
  lp: ['lp', 'limited partnership'],
  gmbh: ['gmbh', 'gesellschaft mit beschrankter haftung', 'gesmbh'],
  ag: ['ag', 'aktiengesellschaft'],
  kg: ['kg', 'kommanditgesellschaft', 'gmbh co kg'],
  sa: ['sa', 'societe anonyme', 'sociedad anonima', 'sociedade anonima', 'spa', 'societa per azioni', 'sa de cv', 'saic', 'sal', 'saog', 'saoc', 'sae', 'psc', 'pjsc'],
  sarl: ['sarl', 'societe a responsabilite limitee'],
  srl: ['srl', 'societatea cu raspundere limitata', 'societa a responsabilita limitata', 'sociedad de responsabilidad limitada', 'sl', 'slu', 'lda', 'limitada', 'ltda'],
  spzoo: ['sp z oo', 'spzoo', 'spolka z ograniczona odpowiedzialnoscia'],
  bv: ['bv', 'besloten vennootschap'],
  nv: ['nv', 'naamloze vennootschap'],
  fze: ['fze', 'free zone establishment', 'fzco', 'free zone company', 'fzc', 'fz llc', 'dmcc'],
  se: ['se', 'societas europaea'],
  ab: ['ab', 'aktiebolag'],
  as: ['as', 'a s', 'asa', 'aktieselskab', 'aksjeselskap'],
  oy: ['oy', 'oyj', 'osakeyhtio'],
  doo: ['doo', 'd o o', 'drustvo s ogranicenom odgovornoscu'],
  kft: ['kft', 'zrt', 'nyrt'],
  pt: ['pt', 'perseroan terbatas', 'tbk'],
  bhd: ['bhd', 'sdn bhd', 'berhad', 'sendirian berhad'],
  kk: ['kk', 'kabushiki kaisha'],
  na: ['na', 'national association'],
  ue: ['fgup', 'gup', 'mup', 'fsue', 'federal state unitary enterprise', 'state unitary enterprise', 'unitary enterprise',
    'federalnoe gosudarstvennoe unitarnoe predpriyatie', 'gosudarstvennoe unitarnoe predpriyatie'],
  npo: ['ano', 'nko', 'avtonomnaya nekommercheskaya organizatsiya', 'autonomous non-profit organization', 'non-profit organization'],
};

/**
 * Two-letter legal-form abbreviations are also real name tokens (Ao, Co, Sa, At, Na, Pt…): they count
 * as legal forms only at the edge of a multi-word name that is not known to be a person.
 */
export const AMBIGUOUS_LEGAL = new Set(['ao', 'co', 'sa', 'ag', 'as', 'ab', 'se', 'na', 'pt', 'kk', 'oy', 'sl', 'bv', 'nv', 'lp', 'at', 'too', 'pat', 'sal', 'sae', 'lda', 'doo', 'cia', 'cie', 'pte', 'pty', 'pvt', 'sro']);

/** Arabic article and its assimilated forms when written as a hyphenated prefix (ad-Din, ar-Rahman). */
export const ARABIC_ARTICLE_PREFIXES = new Set(['al', 'el', 'ul', 'il', 'ad', 'ar', 'as', 'ash', 'at', 'az', 'an', 'ud', 'ur', 'us', 'uz', 'un', 'ut', 'ed', 'er', 'es', 'et', 'ez', 'en']);

/**
 * Particles → canonical form. They carry little identity ("al", "bin", "de", "van") and are weighted
 * low; folding el/ul → al and ibn/ben/bint → bin makes the spellings pair exactly.
 */
export const PARTICLES: ReadonlyMap<string, string> = new Map(Object.entries({
  al: 'al', el: 'al', ul: 'al',
  bin: 'bin', ibn: 'bin', bn: 'bin', bint: 'bin', binti: 'bin', ibnu: 'bin', ben: 'bin', ould: 'bin', wuld: 'bin',
  abu: 'abu', abou: 'abu', abo: 'abu', aboo: 'abu', abi: 'abu',
  umm: 'umm', um: 'umm', om: 'umm',
  de: 'de', da: 'de', di: 'de', du: 'de', del: 'de', della: 'de', dello: 'de', der: 'de', den: 'de', des: 'de',
  do: 'de', dos: 'de', das: 'de', van: 'van', von: 'van', vom: 'van', zu: 'van', ter: 'van', ten: 'van',
  la: 'la', le: 'la', les: 'la', lo: 'la', los: 'la', las: 'la',
  the: 'the', of: 'of', and: 'and', et: 'and', und: 'and', for: 'for', in: 'in', on: 'on',
}));

/** "ben"/"bin" at the start of a name is a given name (Ben Netanyahu), not a particle. */
export const PARTICLE_NOT_FIRST = new Set(['ben', 'bin', 'da', 'de', 'di', 'del', 'du', 'do', 'van', 'von', 'la', 'le', 'lo', 'om', 'um', 'abi', 'abo', 'on', 'in']);

/** Number words → digits, so "Brigade Forty-Four" = "Brigade 44" and "First Bank" = "1st Bank". */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(Object.entries({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80,
  ninety: 90, hundred: 100,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
}));
export const NUMBER_TENS = new Set([20, 30, 40, 50, 60, 70, 80, 90]);

/** Common abbreviations written out, so both spellings meet. */
export const ABBREVIATIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  intl: 'international', "int'l": 'international', natl: 'national', assn: 'association', assoc: 'association',
  dept: 'department', ind: 'industries', inds: 'industries', mfg: 'manufacturing', bros: 'brothers',
  svcs: 'services', univ: 'university', inst: 'institute', st: 'saint', mt: 'mount', ft: 'fort',
  organisation: 'organization', centre: 'center', labour: 'labor', defence: 'defense', programme: 'program',
}));

/**
 * Words that describe what an organisation does rather than who it is. However rare they are in the
 * lists, they must never pull a candidate alone nor make a match ("Global Trading Corp" is not every
 * entity with TRADING in its name). The index also learns rarity from the corpus; this table caps
 * the weight of the words that are generic in real traffic even if the lists use them rarely.
 */
export const GENERIC_ORG_WORDS: ReadonlySet<string> = new Set([
  'trading', 'trade', 'traders', 'general', 'global', 'international', 'group', 'groups', 'holding', 'holdings',
  'industries', 'industry', 'industrial', 'enterprise', 'enterprises', 'services', 'service', 'solutions', 'systems',
  'technology', 'technologies', 'tech', 'investment', 'investments', 'invest', 'capital', 'partners', 'management',
  'development', 'resources', 'energy', 'oil', 'gas', 'petroleum', 'shipping', 'marine', 'maritime', 'logistics',
  'transport', 'commercial', 'commerce', 'construction', 'engineering', 'import', 'export', 'bank', 'banking',
  'financial', 'finance', 'insurance', 'exchange', 'foundation', 'association', 'organization', 'institute',
  'center', 'national', 'state', 'united', 'world', 'worldwide', 'corporate', 'consulting', 'agency',
  'manufacturing', 'products', 'equipment', 'electronics', 'chemical', 'chemicals', 'mining', 'metals', 'steel',
  'fund', 'trust', 'ventures', 'network', 'media', 'union', 'office', 'department', 'ministry', 'bureau', 'plant',
  'factory', 'line', 'lines', 'navigation', 'port', 'air', 'airlines', 'aviation', 'tanker', 'tankers', 'research',
  'scientific', 'production', 'design', 'project', 'projects', 'supply', 'supplies', 'store', 'stores', 'market',
  'real', 'estate', 'property', 'properties', 'hotel', 'medical', 'health', 'pharma', 'food', 'foods', 'auto',
]);

/**
 * Common English short forms of given names (a customer file says "Bill", the list "William").
 * Each maps to the full names it can stand for.
 */
export const NICKNAMES: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  al: ['albert', 'alfred', 'alan'], alex: ['alexander', 'alexandra', 'alexis'], andy: ['andrew'], bart: ['bartholomew'],
  ben: ['benjamin', 'benedict'], bill: ['william'], billy: ['william'], bob: ['robert'], bobby: ['robert'],
  charlie: ['charles'], chris: ['christopher', 'christian', 'christine'], dan: ['daniel'], danny: ['daniel'],
  dave: ['david'], dick: ['richard'], don: ['donald'], ed: ['edward', 'edwin'], eddie: ['edward'], fred: ['frederick', 'alfred'],
  greg: ['gregory'], hank: ['henry'], harry: ['henry', 'harold'], jack: ['john', 'jacob'], jake: ['jacob'], jim: ['james'],
  jimmy: ['james'], jerry: ['gerald', 'jerome'], joe: ['joseph'], johnny: ['john'], jon: ['jonathan', 'john'],
  kate: ['katherine', 'catherine'], ken: ['kenneth'], larry: ['lawrence'], liz: ['elizabeth'], matt: ['matthew'],
  mike: ['michael'], nick: ['nicholas'], pat: ['patrick', 'patricia'], pete: ['peter'], phil: ['philip'], rick: ['richard'],
  rob: ['robert'], ron: ['ronald'], sam: ['samuel', 'samantha'], steve: ['steven', 'stephen'], sue: ['susan'], ted: ['theodore', 'edward'],
  tim: ['timothy'], tom: ['thomas'], tony: ['anthony'], vicky: ['victoria'], will: ['william'],
  // Slavic diminutives the lists meet: Sasha, Volodya…
  sasha: ['aleksandr', 'alexander', 'aleksandra'], volodya: ['vladimir'], misha: ['mikhail'], dima: ['dmitriy', 'dmitry'],
  kolya: ['nikolay', 'nikolai'], seryozha: ['sergey', 'sergei'], vanya: ['ivan'], zhenya: ['yevgeniy', 'evgeny'],
}));
