/**
 * Reads list files laid out as `<dir>/<source-id>/<official file names>` (LISTS_DIR, the download
 * cache, the bundled sample). Only the source ids are looked at — other folders (e.g. the shared
 * data's `ofac-sdn-2021`) and files a source does not accept (README.md, samples/) are ignored.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SOURCE_IDS, type ParsedSource, type SourceFiles, type SourceId } from './entity.ts';
import { officialFileName, parseSource } from './sources/index.ts';

export async function readSourceBuffers(dir: string, source: SourceId): Promise<Map<string, Buffer> | undefined> {
  const folder = path.join(dir, source);
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw err;
  }
  const files = new Map<string, Buffer>();
  for (const e of entries) {
    if (!e.isFile() || officialFileName(source, e.name) === undefined) continue;
    files.set(e.name, await readFile(path.join(folder, e.name)));
  }
  return files;
}

/**
 * The accepted files of `<dir>/<source>/` as text (name as on disk → UTF-8 contents), or undefined
 * when that folder does not exist. An existing folder with no accepted file gives an empty map.
 */
export async function readSourceFiles(dir: string, source: SourceId): Promise<SourceFiles | undefined> {
  const buffers = await readSourceBuffers(dir, source);
  if (!buffers) return undefined;
  return new Map([...buffers].map(([name, buf]) => [name, buf.toString('utf8')] as const));
}

export interface LoadedSources {
  parsed: ParsedSource[];
  /** Per source: file name → sha256 hex of its bytes ({} when the source folder is absent). */
  checksums: Record<SourceId, Record<string, string>>;
  /** Sources whose folder exists but could not be read or parsed. Absent folders are not errors. */
  errors: Partial<Record<SourceId, string>>;
}

/** Reads and parses every source folder present under `dir`. One bad source never stops the others. */
export async function loadSourcesFromDir(dir: string): Promise<LoadedSources> {
  const parsed: ParsedSource[] = [];
  const checksums = Object.fromEntries(SOURCE_IDS.map((s) => [s, {}])) as Record<SourceId, Record<string, string>>;
  const errors: Partial<Record<SourceId, string>> = {};
  for (const source of SOURCE_IDS) {
    try {
      const buffers = await readSourceBuffers(dir, source);
      if (!buffers) continue;
      const files = new Map<string, string>();
      for (const [name, buf] of buffers) {
        checksums[source][name] = createHash('sha256').update(buf).digest('hex');
        files.set(name, buf.toString('utf8'));
      }
      parsed.push(parseSource(source, files));
    } catch (err) {
      errors[source] = err instanceof Error ? err.message : String(err);
    }
  }
  return { parsed, checksums, errors };
}
