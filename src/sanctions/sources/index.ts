/**
 * Which official files each source needs, and the one entry point that turns them into entities.
 *
 * Each source lists its accepted file sets in order of preference; the first complete set wins and
 * the others are ignored (never merged: the same designation would be counted twice, and files of
 * different dates disagree). OFAC: the XML is preferred over the legacy CSVs because it is one
 * self-consistent file that carries what the CSVs cannot (strong/weak a.k.a. category, structured
 * ids and dates) and has no cross-file orphans. A preferred file that is present but broken fails
 * the source rather than silently falling back to older CSVs; the caller keeps the last good data.
 */
import type { ParsedSource, SourceFiles, SourceId } from '../entity.ts';
import { SourceParseError } from './common/errors.ts';
import { parseEuXml } from './eu-fsf.ts';
import { parseOfacCsv, type OfacSource } from './ofac-csv.ts';
import { parseOfacXml } from './ofac-xml.ts';
import { parseUkCsv } from './uk-sl-csv.ts';
import { parseUkXml } from './uk-sl.ts';
import { parseUnXml } from './un-sc.ts';

export { SourceParseError } from './common/errors.ts';

export type SourceFormat = 'ofac-xml' | 'ofac-csv' | 'un-xml' | 'eu-fsf-xml' | 'uk-xml' | 'uk-csv';

export interface FileSet {
  format: SourceFormat;
  /** Official file names, all required; matched case-insensitively. */
  files: readonly string[];
}

/** Accepted file sets per source, most preferred first. */
export const SOURCE_FILE_SETS: Readonly<Record<SourceId, readonly FileSet[]>> = {
  'ofac-sdn': [
    { format: 'ofac-xml', files: ['SDN.XML'] },
    { format: 'ofac-csv', files: ['SDN.CSV', 'ALT.CSV', 'ADD.CSV', 'SDN_COMMENTS.CSV'] },
  ],
  'ofac-cons': [
    { format: 'ofac-xml', files: ['CONSOLIDATED.XML'] },
    { format: 'ofac-csv', files: ['CONS_PRIM.CSV', 'CONS_ALT.CSV', 'CONS_ADD.CSV', 'CONS_COMMENTS.CSV'] },
  ],
  'un-sc': [{ format: 'un-xml', files: ['consolidated.xml'] }],
  'eu-fsf': [{ format: 'eu-fsf-xml', files: ['xmlFullSanctionsList_1_1.xml'] }],
  // The CSV repeats each designation over many denormalised rows and no verbatim copy was available
  // to test against: the XML is the primary format, the CSV a fallback.
  'uk-sl': [
    { format: 'uk-xml', files: ['UK-Sanctions-List.xml'] },
    { format: 'uk-csv', files: ['UK-Sanctions-List.csv'] },
  ],
};

/** Every file name a source may use (for loaders: anything else in the folder is ignored). */
export function acceptedFileNames(source: SourceId): string[] {
  return SOURCE_FILE_SETS[source].flatMap((s) => s.files);
}

/** The official name `name` stands for (case-insensitive), if the source accepts it. */
export function officialFileName(source: SourceId, name: string): string | undefined {
  const lower = name.toLowerCase();
  return acceptedFileNames(source).find((f) => f.toLowerCase() === lower);
}

export interface SelectedFiles {
  set: FileSet;
  /** Official name → { name as given, text }. */
  files: ReadonlyMap<string, { name: string; text: string }>;
  /** Accepted files present but not used because a preferred set was complete. */
  ignored: string[];
}

/** Picks the most preferred complete file set, or throws naming what is missing. */
export function selectFiles(source: SourceId, files: SourceFiles): SelectedFiles {
  const byLower = new Map<string, { name: string; text: string }>();
  for (const [name, text] of files) byLower.set(name.toLowerCase(), { name, text });
  const sets = SOURCE_FILE_SETS[source];
  for (const set of sets) {
    const chosen = new Map<string, { name: string; text: string }>();
    for (const f of set.files) {
      const found = byLower.get(f.toLowerCase());
      if (found) chosen.set(f, found);
    }
    if (chosen.size !== set.files.length) continue;
    const used = new Set([...chosen.values()].map((v) => v.name));
    const ignored = [...files.keys()].filter((n) => !used.has(n) && officialFileName(source, n) !== undefined);
    return { set, files: chosen, ignored };
  }
  const need = sets.map((s) => s.files.join(' + ')).join(', or ');
  const have = [...files.keys()];
  throw new SourceParseError(
    source,
    undefined,
    `missing required files: need ${need}; have ${have.length === 0 ? 'none' : have.join(', ')}`,
  );
}

function ofacCsv(source: OfacSource, sel: SelectedFiles, names: readonly string[]): ParsedSource {
  const get = (i: number): { name: string; text: string } => {
    const f = sel.files.get(names[i] ?? '');
    if (!f) throw new SourceParseError(source, names[i], 'missing');
    return f;
  };
  return parseOfacCsv(source, { primary: get(0), alt: get(1), add: get(2), comments: get(3) });
}

/**
 * Parses one source's files (official name → text). Pure: no I/O. Throws SourceParseError when
 * required files are missing or a file is not that format (HTML error page, truncated download,
 * empty file), so a broken download can never yield a partial list.
 */
export function parseSource(source: SourceId, files: SourceFiles): ParsedSource {
  const sel = selectFiles(source, files);
  const only = (): { name: string; text: string } => {
    const f = sel.files.get(sel.set.files[0] ?? '');
    if (!f) throw new SourceParseError(source, sel.set.files[0], 'missing');
    return f;
  };
  let parsed: ParsedSource;
  switch (sel.set.format) {
    case 'ofac-xml': {
      const f = only();
      parsed = parseOfacXml(source as OfacSource, f.text, f.name);
      break;
    }
    case 'ofac-csv':
      parsed = ofacCsv(source as OfacSource, sel, sel.set.files);
      break;
    case 'un-xml': {
      const f = only();
      parsed = parseUnXml(f.text, f.name);
      break;
    }
    case 'eu-fsf-xml': {
      const f = only();
      parsed = parseEuXml(f.text, f.name);
      break;
    }
    case 'uk-xml': {
      const f = only();
      parsed = parseUkXml(f.text, f.name);
      break;
    }
    case 'uk-csv': {
      const f = only();
      parsed = parseUkCsv(f.text, f.name);
      break;
    }
  }
  if (sel.ignored.length > 0) {
    parsed.warnings.push(
      `${sel.ignored.join(', ')} ignored: ${sel.set.files.join(' + ')} preferred (sources are never merged)`,
    );
  }
  return parsed;
}
