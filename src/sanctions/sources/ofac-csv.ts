/**
 * OFAC legacy CSV → Entity. Four header-less files per list:
 *   primary  (SDN.CSV / CONS_PRIM.CSV): ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
 *            Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
 *   alt      (ALT.CSV / CONS_ALT.CSV): ent_num, alt_num, alt_type (aka/fka/nka), alt_name, alt_remarks
 *   add      (ADD.CSV / CONS_ADD.CSV): ent_num, add_num, address, city/state/postal, country, add_remarks
 *   comments (SDN_COMMENTS.CSV / CONS_COMMENTS.CSV): ent_num, continuation of Remarks
 * "-0-" means empty. Facts such as DOB, passports, weak a.k.a.s and wallets live in Remarks
 * (see common/ofac-remarks.ts).
 *
 * The side files may be newer than the primary file (the shared ofac-sdn snapshot mixes a 2024
 * SDN.CSV with 2025 side files): rows whose ent_num has no primary row are skipped and counted in
 * warnings — they are designations we do not have the primary record for.
 */
import type { EntityType, ParsedSource } from '../entity.ts';
import { parseCsv } from './common/csv.ts';
import { EntityDraft } from './common/entity-draft.ts';
import { SourceParseError } from './common/errors.ts';
import { applyOfacRemarks } from './common/ofac-remarks.ts';
import { joinParts } from './common/text.ts';

export type OfacSource = 'ofac-sdn' | 'ofac-cons';

export interface OfacCsvFile {
  /** File name, for messages. */
  name: string;
  text: string;
}

export interface OfacCsvFiles {
  primary: OfacCsvFile;
  alt: OfacCsvFile;
  add: OfacCsvFile;
  comments: OfacCsvFile;
}

/** OFAC cuts Remarks at 1000 characters and continues them in the comments file. */
const REMARKS_CUT = 1000;

/** "-0-" (with OFAC's trailing space) is the legacy files' empty value. */
function value(field: string | undefined): string {
  const v = (field ?? '').trim();
  return v === '-0-' ? '' : v;
}

export function ofacEntityType(sdnType: string): EntityType {
  switch (sdnType.trim().toLowerCase()) {
    case 'individual':
      return 'person';
    case 'vessel':
      return 'vessel';
    case 'aircraft':
      return 'aircraft';
    default:
      return 'organization';
  }
}

/** Individuals are printed "LAST, First Middle": given names go to `first`, the rest to `last`. */
export function splitOfacPersonName(full: string): { first?: string; last?: string } {
  const i = full.indexOf(', ');
  if (i <= 0) return {};
  return { last: full.slice(0, i).trim(), first: full.slice(i + 2).trim() };
}

/** "SDGT] [IFSR" → ["SDGT", "IFSR"]. */
export function splitOfacPrograms(field: string): string[] {
  return field
    .split(/\]\s*\[/)
    .map((p) => p.replace(/[[\]]/g, '').trim())
    .filter((p) => p !== '');
}

interface Pending {
  draft: EntityDraft;
  /**
   * Remarks exactly as stored: OFAC cuts at character 1000 even inside "XBT 1abc" and the
   * continuation starts right after, so a space at the cut must survive until the parts are joined.
   */
  rawRemarks: string;
}

export function parseOfacCsv(source: OfacSource, files: OfacCsvFiles): ParsedSource {
  const warnings: string[] = [];
  const byId = new Map<string, Pending>();
  const order: Pending[] = [];
  const idOf = (row: string[], file: OfacCsvFile, line: number): string => {
    const id = (row[0] ?? '').trim();
    if (!/^\d+$/.test(id)) {
      throw new SourceParseError(
        source,
        file.name,
        `row ${line}: ent_num ${JSON.stringify(id.slice(0, 20))} is not a number (not an OFAC legacy CSV?)`,
      );
    }
    return id;
  };

  const primary = parseCsv(files.primary.text, { source, file: files.primary.name, columns: 12 });
  let duplicates = 0;
  primary.forEach((row, i) => {
    const id = idOf(row, files.primary, i + 1);
    if (byId.has(id)) {
      duplicates++;
      return;
    }
    const name = value(row[1]);
    const type = ofacEntityType(value(row[2]));
    const draft = new EntityDraft(source, id, type);
    draft.addName({
      full: name,
      kind: 'primary',
      quality: 'strong',
      ...(type === 'person' ? splitOfacPersonName(name) : {}),
    });
    for (const p of splitOfacPrograms(value(row[3]))) draft.addProgram(p);
    const flag = value(row[9]);
    draft.setVessel({
      callSign: value(row[5]),
      type: value(row[6]),
      tonnage: value(row[7]),
      grossRegisteredTonnage: value(row[8]),
      flag: flag === '' ? undefined : flag,
      owner: value(row[10]),
    });
    draft.addCountry(flag);
    const pending: Pending = { draft, rawRemarks: row[11] ?? '' };
    byId.set(id, pending);
    order.push(pending);
  });
  if (primary.length === 0) throw new SourceParseError(source, files.primary.name, 'no rows');
  if (duplicates > 0) warnings.push(`${files.primary.name}: ${duplicates} duplicate ent_num rows ignored`);

  const orphans = (file: OfacCsvFile, count: number, ids: number): void => {
    if (count > 0) {
      warnings.push(
        `${file.name}: ${count} rows for ${ids} ent_nums absent from ${files.primary.name} skipped (side file newer than the primary file?)`,
      );
    }
  };

  // Comments first: Remarks must be whole before they are read.
  {
    let orphanRows = 0;
    const orphanIds = new Set<string>();
    let stale = 0;
    // Only remarks over 1000 characters have a continuation, so the comments file may be empty.
    parseCsv(files.comments.text, { source, file: files.comments.name, columns: 2, allowEmpty: true }).forEach(
      (row, i) => {
        const id = idOf(row, files.comments, i + 1);
        const p = byId.get(id);
        if (!p) {
          orphanRows++;
          orphanIds.add(id);
          return;
        }
        // A continuation only belongs to a remark that was actually cut; otherwise it is left over
        // from another version of the record and would glue garbage onto a complete remark.
        if (p.rawRemarks.length < REMARKS_CUT) {
          stale++;
          return;
        }
        p.rawRemarks += row[1] ?? '';
      },
    );
    orphans(files.comments, orphanRows, orphanIds.size);
    if (stale > 0)
      warnings.push(
        `${files.comments.name}: ${stale} continuations for remarks that are not cut off ignored (files from different dates?)`,
      );
  }
  {
    let orphanRows = 0;
    const orphanIds = new Set<string>();
    parseCsv(files.alt.text, { source, file: files.alt.name, columns: 5 }).forEach((row, i) => {
      const id = idOf(row, files.alt, i + 1);
      const p = byId.get(id);
      if (!p) {
        orphanRows++;
        orphanIds.add(id);
        return;
      }
      const full = value(row[3]);
      // The CSV does not carry OFAC's strong/weak category; weak a.k.a.s appear in Remarks instead.
      p.draft.addName({
        full,
        kind: 'alias',
        quality: 'strong',
        ...(p.draft.type === 'person' ? splitOfacPersonName(full) : {}),
      });
    });
    orphans(files.alt, orphanRows, orphanIds.size);
  }

  {
    let orphanRows = 0;
    const orphanIds = new Set<string>();
    const withAddress = new Set<string>();
    parseCsv(files.add.text, { source, file: files.add.name, columns: 6 }).forEach((row, i) => {
      const id = idOf(row, files.add, i + 1);
      const p = byId.get(id);
      if (!p) {
        orphanRows++;
        orphanIds.add(id);
        return;
      }
      withAddress.add(id);
      const street = value(row[2]);
      const city = value(row[3]);
      const country = value(row[4]);
      p.draft.addAddress({ text: joinParts([street, city, country]), city, country });
    });
    orphans(files.add, orphanRows, orphanIds.size);
    // OFAC gives every record at least one address row (possibly all "-0-"), so missing ones mean
    // the address file is from another date — or cut short at a line boundary.
    const without = order.length - withAddress.size;
    if (without > 0)
      warnings.push(
        `${files.add.name}: ${without} ent_nums of ${files.primary.name} have no address row (files from different dates, or a truncated ${files.add.name}?)`,
      );
  }

  // Remarks last, so their weak a.k.a.s follow the strong alt.csv names.
  for (const p of order) {
    const remarks = value(p.rawRemarks);
    p.draft.remarks = remarks;
    if (remarks !== '') applyOfacRemarks(p.draft, remarks);
  }

  const entities = [];
  let unnamed = 0;
  for (const p of order) {
    const e = p.draft.build();
    if (e) entities.push(e);
    else unnamed++;
  }
  if (unnamed > 0) warnings.push(`${files.primary.name}: ${unnamed} rows without a name skipped`);
  return { source, entities, warnings };
}
