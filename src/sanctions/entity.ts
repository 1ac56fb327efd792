/** The one normalised shape every official list parser produces. */

export const SOURCE_IDS = ['ofac-sdn', 'ofac-cons', 'un-sc', 'eu-fsf', 'uk-sl'] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

export type EntityType = 'person' | 'organization' | 'vessel' | 'aircraft';

/** strong = a name the list vouches for; weak = "low quality" / weak a.k.a. (UN Low, OFAC weak aka, UK "Low quality a.k.a"). */
export type AliasQuality = 'strong' | 'weak';

export interface EntityName {
  /** The name as printed in the list (OFAC individuals keep "LAST, First"). */
  full: string;
  /** Split parts when the list provides them. */
  first?: string;
  middle?: string;
  last?: string;
  kind: 'primary' | 'alias';
  quality: AliasQuality;
  /** Set for names written in a non-Latin script (UN NAME_ORIGINAL_SCRIPT, UK NonLatinNames, EU nameAlias in ar/ru...). */
  script?: 'original';
  /** ISO 639-1 language code when the list gives it. */
  language?: string;
}

/** "YYYY", "YYYY-MM" or "YYYY-MM-DD"; ranges keep from/to. */
export interface PartialDate {
  date?: string;
  from?: string;
  to?: string;
  circa?: boolean;
}

export interface IdentityDocument {
  type: string;
  number: string;
  country?: string;
  note?: string;
}

export interface Address {
  text?: string;
  city?: string;
  country?: string;
}

export interface DigitalCurrencyAddress {
  /** The list's currency code, e.g. XBT, ETH, USDT, TRX. */
  currency: string;
  address: string;
}

export interface Entity {
  source: SourceId;
  /** The list's own identifier (OFAC ent_num, UN DATAID/REFERENCE_NUMBER, EU logicalId, UK UniqueID). */
  sourceId: string;
  type: EntityType;
  /** The primary name as printed. */
  name: string;
  /** Every name, primary first; includes original-script names. */
  names: EntityName[];
  birthDates: PartialDate[];
  birthPlaces: string[];
  /** ISO 3166-1 alpha-2 where it could be resolved, else the list's text. Citizenships are included. */
  nationalities: string[];
  countries: string[];
  documents: IdentityDocument[];
  addresses: Address[];
  programs: string[];
  vessel?: {
    /** 7-digit IMO number without the "IMO" prefix (OFAC "IMO 7406784", UK "IMO9562233" → "7406784"). */
    imo?: string;
    /** ISO alpha-2 where resolvable, else the list's text. */
    flag?: string;
    callSign?: string;
    type?: string;
    /** As printed by the list (OFAC Tonnage / UK TonnageOfShip). */
    tonnage?: string;
    /** OFAC GRT (gross registered tonnage). */
    grossRegisteredTonnage?: string;
    owner?: string;
  };
  digitalCurrencyAddresses: DigitalCurrencyAddress[];
  remarks?: string;
  /** Listing date as YYYY-MM-DD when the list gives it. */
  listedOn?: string;
  /** From OFAC "Gender", UN GENDER, EU nameAlias gender, UK Genders. */
  gender?: 'male' | 'female';
  /**
   * Other identifiers the list gives the same designation. `un` (e.g. "QDi.276": UN REFERENCE_NUMBER,
   * EU unitedNationId, UK UNReferenceNumber) joins the same person across UN, EU and UK lists.
   */
  references?: { un?: string; eu?: string; ofsiGroupId?: string };
}

/** What a parser returns for one source: the entities plus what the source says about itself. */
export interface ParsedSource {
  source: SourceId;
  entities: Entity[];
  /** Publish date or version stated by the file, if any (ISO 8601). */
  publishedAt?: string;
  /** Non-fatal oddities found while parsing (e.g. orphan alt rows), counted not logged per row. */
  warnings: string[];
}

/** A source's raw files as read from disk or downloaded: official file name → contents. */
export type SourceFiles = ReadonlyMap<string, string>;
