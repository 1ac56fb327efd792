/**
 * Conditional download of one source's official files. Nothing is written here: the caller parses and
 * verifies the bytes first, and only then caches them, so a broken download never replaces good data.
 */
import type { SourceId } from './entity.ts';

export interface ManifestFile {
  /** The official file name, as the source's parser expects it. */
  name: string;
  url: string;
}

export interface ManifestSource {
  source: SourceId;
  files: ManifestFile[];
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface DownloadResult {
  /** false when every file answered 304 Not Modified. */
  changed: boolean;
  files: Map<string, string>;
  validators: Record<string, Validators>;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** LIST_DOWNLOAD_MAX_BYTES' default: 40× the largest real list file (6.2 MB), under V8's ~512 MiB string limit. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/**
 * The body as UTF-8 text, refused as soon as it passes `maxBytes`: counted while it streams, so an endless
 * or oversized answer costs at most `maxBytes` of memory and is cut off (the connection closed) right there.
 */
async function readLimited(res: Response, name: string, maxBytes: number): Promise<string> {
  const tooLarge = () => new Error(`${name}: larger than ${maxBytes} bytes (LIST_DOWNLOAD_MAX_BYTES)`);
  if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks, total));
}

export async function downloadSource(
  entry: ManifestSource,
  previous: Record<string, Validators>,
  opts: { fetch: FetchLike; timeoutMs: number; maxBytes?: number },
): Promise<DownloadResult> {
  const files = new Map<string, string>();
  const validators: Record<string, Validators> = {};
  let changed = false;
  for (const file of entry.files) {
    const prev = previous[file.name] ?? {};
    const headers: Record<string, string> = { 'user-agent': 'screening-sidecar/0.1 (+list refresh)' };
    if (prev.etag) headers['if-none-match'] = prev.etag;
    if (prev.lastModified) headers['if-modified-since'] = prev.lastModified;
    const res = await opts.fetch(file.url, {
      headers,
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'follow',
    });
    if (res.status === 304) {
      validators[file.name] = prev;
      continue;
    }
    if (!res.ok) throw new Error(`${file.name}: HTTP ${res.status} from ${new URL(file.url).host}`);
    const type = res.headers.get('content-type') ?? '';
    if (/text\/html/i.test(type)) throw new Error(`${file.name}: got an HTML page instead of the list file`);
    files.set(file.name, await readLimited(res, file.name, opts.maxBytes ?? DEFAULT_MAX_BYTES));
    validators[file.name] = {
      ...(res.headers.get('etag') ? { etag: res.headers.get('etag')! } : {}),
      ...(res.headers.get('last-modified') ? { lastModified: res.headers.get('last-modified')! } : {}),
    };
    changed = true;
  }
  return { changed, files, validators };
}
