/**
 * Accumulates one entity's facts while a parser walks a record, dropping empty values and exact
 * duplicates (lists repeat DOBs, passports and names), then produces the normalised Entity.
 */
import type {
  Address,
  DigitalCurrencyAddress,
  Entity,
  EntityName,
  EntityType,
  IdentityDocument,
  PartialDate,
  SourceId,
} from '../../entity.ts';
import { countryOrText } from './countries.ts';
import { clean, cleanOpt } from './text.ts';

type Vessel = NonNullable<Entity['vessel']>;
type References = NonNullable<Entity['references']>;

export class EntityDraft {
  // Plain arrays with linear duplicate checks: a record has a handful of values per field, and
  // tens of thousands of records are built per list, so Maps/Sets would cost more than they save.
  private readonly names: EntityName[] = [];
  private readonly birthDates: PartialDate[] = [];
  private readonly birthPlaces: string[] = [];
  private readonly nationalities: string[] = [];
  private readonly countries: string[] = [];
  private readonly documents: IdentityDocument[] = [];
  private readonly addresses: Address[] = [];
  private readonly programs: string[] = [];
  private readonly wallets: DigitalCurrencyAddress[] = [];
  private vessel: Vessel | undefined;
  private references: References | undefined;
  gender: Entity['gender'];
  remarks: string | undefined;
  listedOn: string | undefined;

  constructor(
    readonly source: SourceId,
    readonly sourceId: string,
    public type: EntityType,
  ) {}

  /**
   * Adds a name unless the same text is already there. A duplicate never demotes: if either copy is
   * strong the name stays strong, and a primary stays primary.
   */
  addName(name: EntityName): void {
    const full = clean(name.full);
    if (full === '') return;
    const existing = this.names.find((n) => n.full === full);
    if (existing) {
      if (name.quality === 'strong') existing.quality = 'strong';
      if (name.kind === 'primary') existing.kind = 'primary';
      return;
    }
    const n: EntityName = { full, kind: name.kind, quality: name.quality };
    const first = cleanOpt(name.first);
    const middle = cleanOpt(name.middle);
    const last = cleanOpt(name.last);
    if (first !== undefined) n.first = first;
    if (middle !== undefined) n.middle = middle;
    if (last !== undefined) n.last = last;
    if (name.script !== undefined) n.script = name.script;
    const language = cleanOpt(name.language)?.toLowerCase();
    if (language !== undefined) n.language = language;
    this.names.push(n);
  }

  addBirthDate(d: PartialDate | undefined): void {
    if (!d || (d.date === undefined && d.from === undefined && d.to === undefined)) return;
    const same = (o: PartialDate): boolean =>
      o.date === d.date && o.from === d.from && o.to === d.to && (o.circa === true) === (d.circa === true);
    if (!this.birthDates.some(same)) this.birthDates.push(d);
  }

  addBirthPlace(place: string | undefined): void {
    const p = clean(place);
    if (p !== '' && !this.birthPlaces.includes(p)) this.birthPlaces.push(p);
  }

  /** Nationality or citizenship (screening treats both as "a national of"). ISO code when resolvable. */
  addNationality(country: string | undefined): void {
    const c = countryOrText(clean(country));
    if (c !== undefined && !this.nationalities.includes(c)) this.nationalities.push(c);
  }

  /** Any other country the list links to the entity (birth, registration, flag…). */
  addCountry(country: string | undefined): void {
    const c = countryOrText(clean(country));
    if (c !== undefined && !this.countries.includes(c)) this.countries.push(c);
  }

  addDocument(doc: { type: string; number: string; country?: string | undefined; note?: string | undefined }): void {
    const type = clean(doc.type);
    const number = clean(doc.number).replace(/[.;,]+$/, '');
    if (type === '' || number === '') return;
    const existing = this.documents.find((d) => d.type === type && d.number === number);
    const country = countryOrText(clean(doc.country));
    const note = cleanOpt(doc.note);
    if (existing) {
      if (existing.country === undefined && country !== undefined) existing.country = country;
      return;
    }
    const d: IdentityDocument = { type, number };
    if (country !== undefined) d.country = country;
    if (note !== undefined) d.note = note;
    this.documents.push(d);
  }

  addAddress(a: { text?: string | undefined; city?: string | undefined; country?: string | undefined }): void {
    const text = cleanOpt(a.text);
    const city = cleanOpt(a.city);
    const country = countryOrText(clean(a.country));
    if (text === undefined && city === undefined && country === undefined) return;
    if (this.addresses.some((o) => o.text === text && o.city === city && o.country === country)) return;
    const out: Address = {};
    if (text !== undefined) out.text = text;
    if (city !== undefined) out.city = city;
    if (country !== undefined) out.country = country;
    this.addresses.push(out);
  }

  addProgram(program: string | undefined): void {
    const p = clean(program);
    if (p !== '' && !this.programs.includes(p)) this.programs.push(p);
  }

  addDigitalCurrency(currency: string, address: string): void {
    const c = clean(currency).toUpperCase();
    const a = clean(address).replace(/[.;,]+$/, '');
    if (c === '' || a === '') return;
    if (!this.wallets.some((w) => w.currency === c && w.address === a)) this.wallets.push({ currency: c, address: a });
  }

  /** Merges vessel facts; the first value given for a field wins. The flag becomes an ISO code when it can. */
  setVessel(v: Partial<Record<keyof Vessel, string | undefined>>): void {
    for (const [k, raw] of Object.entries(v) as [keyof Vessel, string | undefined][]) {
      const value = k === 'flag' ? countryOrText(clean(raw)) : cleanOpt(raw);
      if (value === undefined) continue;
      this.vessel ??= {};
      this.vessel[k] ??= value;
    }
  }

  setReference(scheme: keyof References, value: string | undefined): void {
    const v = cleanOpt(value);
    if (v === undefined) return;
    this.references ??= {};
    this.references[scheme] ??= v;
  }

  setGender(value: string | undefined): void {
    const g = clean(value).toLowerCase();
    if (g === 'male' || g === 'm') this.gender ??= 'male';
    else if (g === 'female' || g === 'f') this.gender ??= 'female';
  }

  /**
   * The entity, or undefined when the record carries no name at all (nothing to screen against).
   * The first primary name (or, failing that, the first name) is moved to the front.
   */
  build(): Entity | undefined {
    if (this.names.length === 0) return undefined;
    let primaryAt = this.names.findIndex((n) => n.kind === 'primary');
    if (primaryAt < 0) {
      primaryAt = 0;
      const first = this.names[0];
      if (first) first.kind = 'primary';
    }
    const names =
      primaryAt === 0
        ? this.names
        : [this.names[primaryAt] as EntityName, ...this.names.filter((_, i) => i !== primaryAt)];
    // Only one primary: later "primary" names (e.g. a second UK Primary Name row) become aliases.
    for (let i = 1; i < names.length; i++) {
      const n = names[i];
      if (n && n.kind === 'primary') n.kind = 'alias';
    }
    const primary = names[0] as EntityName;

    // `countries` is every country the list links the entity to: nationality, address, document
    // issuer, birth, registration, flag. Screening compares it with the counterparty's countries.
    const countries = [...this.nationalities];
    const link = (c: string | undefined): void => {
      if (c !== undefined && !countries.includes(c)) countries.push(c);
    };
    for (const a of this.addresses) link(a.country);
    for (const d of this.documents) link(d.country);
    for (const c of this.countries) link(c);

    const entity: Entity = {
      source: this.source,
      sourceId: this.sourceId,
      type: this.type,
      name: primary.full,
      names,
      birthDates: this.birthDates,
      birthPlaces: this.birthPlaces,
      nationalities: this.nationalities,
      countries,
      documents: this.documents,
      addresses: this.addresses,
      programs: this.programs,
      digitalCurrencyAddresses: this.wallets,
    };
    if (this.vessel) entity.vessel = this.vessel;
    if (this.references) entity.references = this.references;
    if (this.gender !== undefined) entity.gender = this.gender;
    const remarks = cleanOpt(this.remarks);
    if (remarks !== undefined) entity.remarks = remarks;
    if (this.listedOn !== undefined) entity.listedOn = this.listedOn;
    return entity;
  }
}
