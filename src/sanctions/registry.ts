/**
 * The live sanctions data: one immutable snapshot (index + wallet index + per-source status) swapped
 * atomically. Requests read `snapshot` once and use it to the end, so a refresh never shows them a
 * half-built index. A failed download or parse keeps the last good data and is recorded per source.
 */
import { webcrypto } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Gauge } from 'prom-client';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { downloadSource, type FetchLike, type ManifestSource, type Validators } from './download.ts';
import { type HashedEntities, type ListDelta, type SourceDelta, sourceDelta } from './delta.ts';
import type { Entity, ParsedSource, SourceId } from './entity.ts';
import type { IndexImage } from './index-image.ts';
import { SanctionsIndex } from './index.ts';
import { chunkBytes } from './entity-transfer.ts';
import { readSourceBuffers } from './load.ts';
import { buildIndexImageInWorker } from './index-worker.ts';
import { materialise, parseInWorkerSerialized, type RawSourceFiles, type SerializedSource } from './parse-worker.ts';
import { WalletIndex } from './wallets.ts';

export type ListOrigin = 'lists-dir' | 'download' | 'cache' | 'sample';

export interface SourceStatus {
  source: SourceId;
  origin: ListOrigin;
  publishedAt?: string;
  checksums: Record<string, string>;
  entities: number;
  names: number;
  loadedAt: Date;
  lastAttemptAt?: Date;
  lastError?: string;
  warnings: number;
}

export interface ListSnapshot {
  index: SanctionsIndex;
  wallets: WalletIndex;
  sources: ReadonlyMap<SourceId, SourceStatus>;
  builtAt: Date;
  /** True when any source is the bundled sample: screening results are then NOT complete. */
  sample: boolean;
}

export interface ListRegistryOptions {
  sources: readonly SourceId[];
  /** Operator-managed folder `<source-id>/<files>`; when set it is authoritative and nothing is downloaded. */
  listsDir?: string;
  cacheDir: string;
  sampleDir: string;
  download: boolean;
  manifest: readonly ManifestSource[];
  fetch: FetchLike;
  downloadTimeoutMs: number;
  /** LIST_DOWNLOAD_MAX_BYTES: a larger file is aborted while it streams. */
  downloadMaxBytes?: number;
  clock: () => Date;
  logger: Logger;
  metrics: Metrics;
  /** Refuse a new file whose entity count fell below this share of the last good one (a truncated list). */
  minRetainedShare?: number;
  /**
   * Development only: fall back to the bundled sample when nothing better exists. Production never serves it:
   * approving transactions against a 60 KB sample because a firewall blocked the download fails open.
   */
  allowSample: boolean;
  /**
   * Production: the lists are usable only when every configured source is loaded, since a screening against a
   * subset of the lists is not the screening the operator configured. Until then `snapshot` is undefined.
   */
  requireEverySource: boolean;
  /**
   * Called after a refresh swapped in a new snapshot, with what changed per source (monitoring re-screens the
   * customers against it). Not called at the initial load, nor when nothing changed.
   */
  onChange?: (delta: ListDelta, snapshot: ListSnapshot) => void;
  /**
   * Called when a refresh starts building a new index, and when that build is over (swapped in or not): the
   * build is the refresh's memory peak, so what holds a copy of the lists elsewhere (the batch-screening worker)
   * lets go of it for that time.
   */
  onRebuild?: { start(): void; end(): void };
}

interface SourceData {
  /**
   * The entities, deserialised on this thread. Undefined from the parse until the next rebuild, which
   * deserialises them only after the index worker has exited (`serialized` holds them until then).
   */
  parsed?: ParsedSource;
  /** The parse worker's answer, until the rebuild deserialises it. */
  serialized?: SerializedSource;
  /** Until then also: the entities this data replaced (the parse worker's diff holds positions in them, for `delta`). */
  pending?: { previous: readonly Entity[] | undefined };
  /** The same entities serialised in shared memory (entity-transfer.ts): the index worker's input. */
  chunks: readonly SharedArrayBuffer[];
  /** The entities' identifying-content hashes: the next parse diffs against them (in its worker). */
  hashed: HashedEntities;
  /** Their whole-content digests: the next parse says which entities are unchanged, whose objects are then kept. */
  digests: Uint8Array;
  /** What this data changed against the source's data before it (computed by the parse worker), once deserialised. */
  delta?: SourceDelta;
  status: SourceStatus;
}

/**
 * sha256 hex of each file's bytes (text as UTF-8: the same digest for a file read as text or as bytes),
 * computed once per file read, on the libuv thread pool (WebCrypto's digest is asynchronous), not on the
 * event loop: the lists are megabytes each.
 */
async function checksumsOf(files: RawSourceFiles): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, body] of files) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    out[name] = Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
  }
  return out;
}

export class ListRegistry {
  #snapshot: ListSnapshot | undefined;
  #usable: ListSnapshot | undefined;
  #data = new Map<SourceId, SourceData>();
  #attempts = new Map<SourceId, { at: Date; error?: string }>();
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<ListDelta> | undefined;

  constructor(private readonly opts: ListRegistryOptions) {
    this.#registerAgeGauge();
  }

  /**
   * The live snapshot, or undefined while the lists are not usable (see `unavailableReason`). Decided once per
   * rebuild, since every transaction reads it: usability changes only when the loaded sources do.
   */
  get snapshot(): ListSnapshot | undefined {
    return this.#usable;
  }

  get ready(): boolean {
    return this.#usable !== undefined;
  }

  /** The latest built snapshot even while it is not usable: for the status view, never for screening. */
  get latest(): ListSnapshot | undefined {
    return this.#snapshot;
  }

  /** Why screening cannot run now, naming each missing source and its last error; undefined when it can. */
  unavailableReason(): string | undefined {
    const missing = this.opts.sources.filter((s) => !this.#data.has(s));
    const describe = (s: SourceId) => {
      const error = this.#attempts.get(s)?.error;
      return error ? `${s} (${error})` : s;
    };
    if (!this.#snapshot || this.#snapshot.index.stats.entities === 0) {
      return `No sanctions list is loaded yet: ${missing.map(describe).join('; ') || 'all sources empty'}.`;
    }
    if (this.opts.requireEverySource && missing.length > 0) {
      return `Not every configured sanctions list is loaded: ${missing.map(describe).join('; ')}.`;
    }
    return undefined;
  }

  /** Per-source status for /v1/lists: the loaded data plus the latest attempt, even a failed one. */
  status(): (SourceStatus | { source: SourceId; loaded: false; lastAttemptAt?: Date; lastError?: string })[] {
    return this.opts.sources.map((source) => {
      const d = this.#data.get(source);
      const attempt = this.#attempts.get(source);
      if (!d) return { source, loaded: false as const, lastAttemptAt: attempt?.at, lastError: attempt?.error };
      return { ...d.status, lastAttemptAt: attempt?.at ?? d.status.lastAttemptAt, lastError: attempt?.error };
    });
  }

  /**
   * Start-up: LISTS_DIR, else the verified download cache, else (development only) the bundled sample, loudly.
   * A folder that exists but cannot be read is an error recorded for the source, never a silent skip.
   */
  async loadInitial(): Promise<void> {
    const { listsDir, cacheDir, sampleDir, logger } = this.opts;
    // Two sources at a time, one per core: each parse worker's heap (the file's text, its parse tree, the entities)
    // is gone when it answers, so start-up's peak memory is two parse workers', not five at once, and start-up time
    // is still that of both cores parsing (bench/startup-memory.ts).
    const queue = [...this.opts.sources];
    const loadOne = async (source: SourceId): Promise<void> => {
      const origins: [ListOrigin, string][] = listsDir ? [['lists-dir', listsDir]] : [['cache', cacheDir]];
      if (!listsDir && this.opts.allowSample) origins.push(['sample', sampleDir]);
      for (const [origin, dir] of origins) {
        let files: RawSourceFiles | undefined;
        try {
          files = await readSourceBuffers(dir, source);
        } catch (err) {
          this.#fail(source, 'read', err);
          continue;
        }
        if (!files || files.size === 0) {
          // LISTS_DIR is authoritative: a source it lacks is an error. An empty cache is only a fresh install.
          if (origin === 'lists-dir') this.#fail(source, 'read', new Error(`no list files in ${source}/ of LISTS_DIR`));
          continue;
        }
        if (await this.#accept(source, files, origin)) break;
      }
      if (!this.#data.has(source) && !this.#attempts.get(source)?.error) {
        const why = this.opts.download
          ? 'no verified cache yet; waiting for the first download'
          : 'LISTS_DIR is not set, downloads are off and no verified cache exists';
        this.#attempts.set(source, { at: this.opts.clock(), error: `read: ${why}` });
      }
    };
    const lane = async (): Promise<void> => {
      for (let source = queue.shift(); source !== undefined; source = queue.shift()) await loadOne(source);
    };
    await Promise.all([lane(), lane()]);
    // The sources in configuration order, whichever finished first (the index's entity order follows this map's).
    const loaded = this.opts.sources.flatMap((s) => {
      const d = this.#data.get(s);
      return d ? [[s, d] as const] : [];
    });
    this.#data.clear();
    for (const [s, d] of loaded) this.#data.set(s, d);
    await this.#rebuild();
    if (this.#snapshot?.sample) {
      logger.warn(
        { sources: [...this.#snapshot.sources.values()].filter((s) => s.origin === 'sample').map((s) => s.source) },
        'SERVING THE BUNDLED SAMPLE LISTS: screening is NOT complete. Set LISTS_DIR or allow downloads of the official lists.',
      );
    }
  }

  /** One refresh cycle for every source; concurrent callers share the cycle in flight. */
  refresh(): Promise<void> {
    return this.refreshNow().then(() => undefined);
  }

  /** Like refresh(), answering once the new snapshot is live with what changed per source. */
  refreshNow(): Promise<ListDelta> {
    this.#refreshing ??= this.#refreshAll().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  start(intervalMs: number): void {
    this.stop();
    this.#timer = setInterval(() => void this.refresh(), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #refreshAll(): Promise<ListDelta> {
    const before = new Map<SourceId, SourceData>();
    for (const [source, d] of this.#data) before.set(source, d);
    let changed = false;
    for (const source of this.opts.sources) {
      try {
        changed = (await this.#refreshSource(source)) || changed;
      } catch (err) {
        this.#fail(source, this.opts.listsDir ? 'read' : 'download', err);
      }
    }
    if (!changed) return { sources: [] };
    this.opts.onRebuild?.start();
    try {
      await this.#rebuild();
    } finally {
      this.opts.onRebuild?.end();
    }
    const delta: ListDelta = { sources: [] };
    // Each accepted source's diff against the data it replaced was computed by its parse worker.
    for (const [source, d] of this.#data) if (d !== before.get(source) && d.delta) delta.sources.push(d.delta);
    if (this.#snapshot) this.opts.onChange?.(delta, this.#snapshot);
    return delta;
  }

  async #refreshSource(source: SourceId): Promise<boolean> {
    const { listsDir, cacheDir } = this.opts;
    if (listsDir) {
      const files = await readSourceBuffers(listsDir, source);
      if (!files) throw new Error(`no folder ${source}/ in LISTS_DIR`);
      const checksums = await checksumsOf(files);
      if (this.#sameChecksums(source, checksums)) return this.#touch(source);
      return await this.#accept(source, files, 'lists-dir', checksums);
    }
    if (!this.opts.download) return false;
    const entry = this.opts.manifest.find((m) => m.source === source);
    if (!entry) return false;
    const validatorsFile = path.join(cacheDir, source, '.validators.json');
    const previous: Record<string, Validators> =
      this.#data.get(source)?.status.origin === 'sample'
        ? {}
        : await fs.readFile(validatorsFile, 'utf8').then(JSON.parse, () => ({}));
    const result = await downloadSource(entry, previous, {
      fetch: this.opts.fetch,
      timeoutMs: this.opts.downloadTimeoutMs,
      maxBytes: this.opts.downloadMaxBytes,
    });
    if (!result.changed) return this.#touch(source);
    // Files that answered 304 come from the cache so the parser always sees a complete set.
    const cached = (await readSourceBuffers(cacheDir, source).catch(() => undefined)) ?? new Map<string, Uint8Array>();
    const files = new Map<string, string | Uint8Array>(cached);
    for (const [name, text] of result.files) files.set(name, text);
    if (!(await this.#accept(source, files, 'download'))) return false;
    await this.#writeCache(source, result.files, result.validators);
    return true;
  }

  /** Parse and verify; on success the source's data is replaced (the index is rebuilt by the caller). */
  async #accept(
    source: SourceId,
    files: RawSourceFiles,
    origin: ListOrigin,
    knownChecksums?: Record<string, string>,
  ): Promise<boolean> {
    const at = this.opts.clock();
    const previous = this.#data.get(source);
    const checksums = knownChecksums ?? (await checksumsOf(files));
    let out: SerializedSource;
    try {
      out = await parseInWorkerSerialized(source, files, previous && { ...previous.hashed, digests: previous.digests });
    } catch (err) {
      this.#fail(source, 'parse', err);
      return false;
    }
    const minShare = this.opts.minRetainedShare ?? 0.5;
    if (out.entities === 0) {
      this.#fail(source, 'verify', new Error('the file parsed to zero entities'));
      return false;
    }
    if (previous && previous.status.origin !== 'sample' && out.entities < previous.status.entities * minShare) {
      this.#fail(
        source,
        'verify',
        new Error(`entity count fell from ${previous.status.entities} to ${out.entities}; keeping the last good list`),
      );
      return false;
    }
    const status: SourceStatus = {
      source,
      origin,
      publishedAt: out.publishedAt,
      checksums,
      entities: out.entities,
      names: out.names,
      loadedAt: at,
      lastAttemptAt: at,
      warnings: out.warnings.length,
    };
    // The entities stay serialised until the rebuild: deserialised after the index worker is gone (#rebuild).
    // The data replaced keeps its entities (the live snapshot holds them anyway) for the delta until then.
    // (A previous answer not yet deserialised, which only a failed rebuild leaves, is deserialised now: the diff
    // holds positions in its entities.)
    if (previous && !previous.parsed) await this.#materialise(previous);
    this.#data.set(source, {
      serialized: out,
      pending: { previous: previous?.parsed?.entities },
      chunks: out.chunks,
      hashed: out.hashed,
      digests: out.digests,
      status,
    });
    this.#attempts.set(source, { at });
    this.opts.logger.info(
      {
        source,
        origin,
        entities: status.entities,
        names: status.names,
        publishedAt: status.publishedAt,
        warnings: out.warnings.length,
      },
      'list loaded',
    );
    return true;
  }

  #sameChecksums(source: SourceId, checksums: Record<string, string>): boolean {
    const current = this.#data.get(source)?.status.checksums;
    const names = Object.keys(checksums);
    if (!current || Object.keys(current).length !== names.length) return false;
    for (const name of names) if (current[name] !== checksums[name]) return false;
    return true;
  }

  #touch(source: SourceId): false {
    this.#attempts.set(source, { at: this.opts.clock() });
    return false;
  }

  #fail(source: SourceId, stage: 'read' | 'download' | 'parse' | 'verify', err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.#attempts.set(source, { at: this.opts.clock(), error: `${stage}: ${message}` });
    this.opts.metrics.listRefreshFailures.inc({ source, stage });
    this.opts.logger.warn({ source, stage, err: message }, 'list refresh failed; keeping the last good data');
  }

  async #writeCache(
    source: SourceId,
    files: Map<string, string>,
    validators: Record<string, Validators>,
  ): Promise<void> {
    const dir = path.join(this.opts.cacheDir, source);
    await fs.mkdir(dir, { recursive: true });
    for (const [name, text] of files) {
      const tmp = path.join(dir, `.${name}.tmp`);
      await fs.writeFile(tmp, text);
      await fs.rename(tmp, path.join(dir, name));
    }
    await fs.writeFile(path.join(dir, '.validators.json'), JSON.stringify(validators));
  }

  /**
   * Builds the index in a worker (index-worker.ts) and swaps the snapshot: on this thread only the wrapping of
   * the transferred arrays, the wallet index (a few thousand addresses) and the pointer swap.
   */
  async #rebuild(): Promise<void> {
    const all = [...this.#data.values()];
    if (all.length === 0) return; // never swap in an empty index: the last good one (or none) stays
    const started = performance.now();
    const chunks = all.flatMap((d) => d.chunks);
    let image: IndexImage | undefined;
    let workerError: string | undefined;
    try {
      const built = await buildIndexImageInWorker(chunks);
      image = built.image;
      if (built.uncapped)
        this.opts.logger.warn(
          { serialisedMiB: Math.round(chunkBytes(chunks) / 2 ** 20) },
          'sanctions index build outgrew its heap cap and ran again without it: the lists grew; the refresh peak is higher',
        );
    } catch (err) {
      workerError = err instanceof Error ? err.message : String(err);
    }
    // Only now, with the index worker's heap released, are the new sources' entities deserialised here: the
    // parse workers', the index worker's and this thread's copies of the entities never peak together.
    for (const d of all) await this.#materialise(d);
    const entities = all.flatMap((d) => d.parsed!.entities);
    let index: SanctionsIndex;
    if (image) index = SanctionsIndex.fromImage(image, entities, chunks);
    else {
      // Never expected (the worker runs the same code): an index that matches the loaded data, even built here
      // with a stall, is better than one that does not (monitoring re-screens against it).
      this.opts.logger.error({ err: workerError }, 'sanctions index worker failed; building on the main thread');
      index = SanctionsIndex.build(entities);
    }
    const wallets = await WalletIndex.buildYielding(entities);
    const seconds = (performance.now() - started) / 1000;
    const sources = new Map(all.map((d) => [d.status.source, d.status] as const));
    this.#snapshot = {
      index,
      wallets,
      sources,
      builtAt: this.opts.clock(),
      sample: all.some((d) => d.status.origin === 'sample'),
    };
    this.#usable = this.unavailableReason() === undefined ? this.#snapshot : undefined;
    const m = this.opts.metrics;
    m.indexBuildSeconds.set(seconds);
    for (const s of sources.values()) {
      m.listEntities.set({ source: s.source }, s.entities);
      m.listNames.set({ source: s.source }, s.names);
      m.listLoadedAt.set({ source: s.source }, s.loadedAt.getTime() / 1000);
    }
    this.opts.logger.info(
      { entities: entities.length, wallets: wallets.size, buildSeconds: Math.round(seconds * 1000) / 1000 },
      'sanctions index built',
    );
  }

  /** A source's entities from its parse worker's answer, and its delta against the data it replaced. */
  async #materialise(d: SourceData): Promise<void> {
    if (!d.serialized) return;
    const parsed = await materialise(d.serialized, d.pending?.previous);
    d.parsed = parsed;
    d.delta = sourceDelta(parsed.source, d.pending?.previous, parsed.entities, d.serialized.diff);
    d.serialized = undefined;
    d.pending = undefined;
  }

  #registerAgeGauge(): void {
    const data = this.#data;
    const clock = this.opts.clock;
    new Gauge({
      name: 'sanctions_list_age_seconds',
      help: 'Seconds since each source was last loaded',
      labelNames: ['source'] as const,
      registers: [this.opts.metrics.registry],
      collect() {
        this.reset();
        const now = clock().getTime();
        for (const d of data.values())
          this.set({ source: d.status.source }, (now - d.status.loadedAt.getTime()) / 1000);
      },
    });
  }
}
