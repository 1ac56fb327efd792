/**
 * The scoring worker's thread: the SanctionsIndex of the snapshot the run screens against, opened from its shared
 * image and entity chunks (or, for an index without a shared form, built from its entities sent in slices), then
 * scoring batches of identities with the regular scorer. Matches go back with
 * the entity's identifying-content hash instead of the entity.
 * Given database access ('open': the database URL and where the PII key comes from), it also screens whole chunks
 * of a full run, reading and committing through its own connection (due-chunk.ts), with its own cipher over the
 * same key: the service's cipher object cannot cross threads, and its key is never copied out of it.
 */
import { type MessagePort, parentPort } from 'node:worker_threads';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../db/schema/index.ts';
import { type SqlStatement, StatementPort } from '../db/statement-port.ts';
import { loadPiiCipher } from '../kyc/crypto.ts';
import { createLogger } from '../logger.ts';
import type { Entity } from '../sanctions/entity.ts';
import { deserializeEntities } from '../sanctions/entity-transfer.ts';
import { SanctionsIndex } from '../sanctions/index.ts';
import type { IndexImage } from '../sanctions/index-image.ts';
import { type DueChunkDeps, type DueChunkRequest, screenDueChunk } from './due-chunk.ts';
import type { Identity } from './identity.ts';
import { scored, screenWith } from './matching.ts';
import type { ChunkAccess } from './scoring-worker.ts';

type Message =
  | { kind: 'open'; access: ChunkAccess; writerPort?: MessagePort }
  | { kind: 'entities'; entities: Entity[] }
  | { kind: 'build' }
  | { kind: 'shared'; image: IndexImage; chunks: SharedArrayBuffer[] }
  | { kind: 'score'; id: number; threshold: number; identities: (Identity | null)[] }
  | { kind: 'chunk'; id: number; request: DueChunkRequest };

/** How long a statement waits for another connection's write lock (the service's own setting, src/db/client.ts). */
const BUSY_TIMEOUT_MS = 5000;

const port = parentPort!;
const entities: Entity[] = [];
let index: SanctionsIndex | undefined;
/** The database side of chunk screening; settles before 'ready' is sent. */
let access: Promise<Omit<DueChunkDeps, 'index'>> | undefined;

async function open(a: ChunkAccess, writerPort?: MessagePort): Promise<Omit<DueChunkDeps, 'index'>> {
  const client = createClient({ url: a.databaseUrl, timeout: BUSY_TIMEOUT_MS });
  // Per connection, as the service's: commits without a sync per transaction (WAL), foreign keys checked.
  await client.execute('PRAGMA synchronous = NORMAL');
  await client.execute('PRAGMA foreign_keys = ON');
  const cipher = loadPiiCipher({ ...a.piiKey, logger: createLogger('silent') });
  const db = drizzle(client, { schema });
  // Commits through the service's writer thread while it is there; through this connection once it is gone.
  const writer = writerPort ? new StatementPort(writerPort) : undefined;
  return {
    db,
    ...(writer
      ? {
          writer: {
            execute: async (statements: SqlStatement[]) => {
              if (writer.open) return writer.execute(statements);
              await client.batch(
                statements.map((x) => ({ sql: x.sql, args: x.params })),
                'write',
              );
            },
          },
        }
      : {}),
    cipher,
    intervals: a.intervals,
    ...(a.caseSla ? { caseSla: a.caseSla } : {}),
  };
}

async function ready(): Promise<void> {
  let chunkError: string | undefined;
  try {
    await access;
  } catch (err) {
    chunkError = err instanceof Error ? err.message : String(err);
    access = undefined;
  }
  port.postMessage({ kind: 'ready', chunks: access !== undefined, ...(chunkError ? { chunkError } : {}) });
}

async function chunk(id: number, request: DueChunkRequest): Promise<void> {
  try {
    if (!access || !index) throw new Error('the scoring worker has no database access');
    const out = await screenDueChunk({ ...(await access), index }, request);
    port.postMessage({ kind: 'done', id, ok: true, out });
  } catch (err) {
    port.postMessage({ kind: 'done', id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}

port.on('message', (m: Message) => {
  if (m.kind === 'open') {
    access = open(m.access, m.writerPort);
    // Settled in ready(); a failure there means scoring only.
    access.catch(() => undefined);
    return;
  }
  if (m.kind === 'entities') {
    for (const e of m.entities) entities.push(e);
    return;
  }
  if (m.kind === 'shared') {
    index = SanctionsIndex.fromImage(m.image, deserializeEntities(m.chunks));
    void ready();
    return;
  }
  if (m.kind === 'build') {
    index = SanctionsIndex.build(entities);
    void ready();
    return;
  }
  if (m.kind === 'chunk') {
    void chunk(m.id, m.request);
    return;
  }
  try {
    const out = m.identities.map((i) => (i && index ? screenWith(index, i, m.threshold).map(scored) : []));
    port.postMessage({ kind: 'done', id: m.id, ok: true, out });
  } catch (err) {
    port.postMessage({ kind: 'done', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
