/**
 * Parses one source's files in a worker thread, so a list refresh does not stall the request path
 * while megabytes of XML are parsed, and so the five sources parse on both cores at start-up.
 * The entities come back serialised in shared-memory chunks (entity-transfer.ts): the main thread
 * deserialises them a chunk at a time, between requests, and keeps the chunks for the index worker.
 */
import { Worker } from 'node:worker_threads';
import type { ParsedSource, SourceFiles, SourceId } from './entity.ts';
import { deserializeEntitiesYielding } from './entity-transfer.ts';

type Reply =
  | { ok: true; publishedAt?: string; warnings: string[]; chunks: SharedArrayBuffer[] }
  | { ok: false; error: string };

// `npm start` runs the compiled dist/*.js; tests and `npm run dev` run the TypeScript sources through tsx.
const COMPILED = import.meta.url.endsWith('.js');
const ext = COMPILED ? 'js' : 'ts';
const PARSERS_URL = new URL(`./sources/index.${ext}`, import.meta.url).href;
const TRANSFER_URL = new URL(`./entity-transfer.${ext}`, import.meta.url).href;
// From the sources, a worker does not inherit the tsx loader on Node 20, so it registers it itself.
export const REGISTER_TSX = COMPILED
  ? ''
  : `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register();`;

const WORKER_SOURCE = `
const { parentPort, workerData } = await import('node:worker_threads');
${REGISTER_TSX}
const { parseSource } = await import(${JSON.stringify(PARSERS_URL)});
const { serializeEntities } = await import(${JSON.stringify(TRANSFER_URL)});
try {
  const parsed = parseSource(workerData.source, new Map(workerData.files));
  parentPort.postMessage({
    ok: true,
    publishedAt: parsed.publishedAt,
    warnings: parsed.warnings,
    chunks: serializeEntities(parsed.entities),
  });
} catch (err) {
  parentPort.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
`;

export interface ParsedInWorker {
  parsed: ParsedSource;
  /** The entities, serialised (entity-transfer.ts): what the index worker builds from. */
  chunks: readonly SharedArrayBuffer[];
}

export function parseInWorker(source: SourceId, files: SourceFiles): Promise<ParsedInWorker> {
  return new Promise<Reply>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { source, files: [...files] } });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      void worker.terminate();
      resolve(reply);
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`parse worker exited with ${code} before answering`));
    });
  }).then(async (reply) => {
    if (!reply.ok) throw new Error(reply.error);
    const entities = await deserializeEntitiesYielding(reply.chunks);
    const parsed: ParsedSource = { source, entities, publishedAt: reply.publishedAt, warnings: reply.warnings };
    if (parsed.publishedAt === undefined) delete parsed.publishedAt;
    return { parsed, chunks: reply.chunks };
  });
}
