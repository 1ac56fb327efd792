/**
 * The word for "President" (head of state or of an organisation), as a title before a name, in the
 * 24 official languages of the European Union and in the other languages of the lists' subjects
 * whose romanisation is unambiguous. Folded as normalize.ts folds words (lowercase ASCII, diacritics
 * dropped: Präsident → prasident, elnök → elnok, președintele → presedintele).
 *
 * Source: IATE, the EU's terminology database, entry "President" (bg, cs, da, de, el, en, es, et,
 * fi, fr, ga, hr, hu, it, lt, lv, mt, nl, pl, pt, ro, sk, sl, sv), and the EU Interinstitutional Style
 * Guide's list of titles; Russian, Ukrainian and Belarusian президент (BGN/PCGN: prezident),
 * Indonesian and Malay presiden, Turkish cumhurbaşkanı. Romanian and Bulgarian also write the
 * definite form before a name (președintele, президентът).
 *
 * Not included on purpose: Arabic رئيس (ra'is) and Urdu صدر (sadr), which are also family names.
 */
export const PRESIDENT_TITLES: readonly string[] = [
  'president', // en, et, fr (président), mt, nl, sv
  'presidente', // es, it, pt
  'presidentti', // fi
  'prasident', // de (Präsident)
  'praesident', // de, without the umlaut
  'praesidenten', // da (præsidenten), definite
  'praesidentin', // de, feminine
  'prezident', // bg, cs, sk, ru, uk, be
  'prezidentat', // bg, definite (президентът)
  'prezidentas', // lt
  'prezidents', // lv
  'prezydent', // pl
  'predsjednik', // hr
  'predsjednica', // hr, feminine
  'predsednik', // sl
  'predsednica', // sl, feminine
  'presedinte', // ro
  'presedintele', // ro, definite
  'proedros', // el (Πρόεδρος)
  'uachtaran', // ga (Uachtarán)
  'elnok', // hu (elnök)
  'presiden', // id, ms
  'cumhurbaskani', // tr (cumhurbaşkanı)
];
