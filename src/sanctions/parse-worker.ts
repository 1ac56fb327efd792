/**
 * Parses one source's files in a worker thread, so a list refresh does not stall the request path
 * while megabytes of XML are parsed, and so the five sources parse on both cores at start-up.
 * The result comes back by structured clone.
 */
import { Worker } from 'node:worker_threads';
import type { ParsedSource, SourceFiles, SourceId } from './entity.ts';

type Reply = { ok: true; parsed: ParsedSource } | { ok: false; error: string };

// `npm start` runs the compiled dist/*.js; tests and `npm run dev` run the TypeScript sources through tsx.
const COMPILED = import.meta.url.endsWith('.js');
const PARSERS_URL = new URL(COMPILED ? './sources/index.js' : './sources/index.ts', import.meta.url).href;
// From the sources, a worker does not inherit the tsx loader on Node 20, so it registers it itself.
const REGISTER_TSX = COMPILED
  ? ''
  : `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register();`;

const WORKER_SOURCE = `
const { parentPort, workerData } = await import('node:worker_threads');
${REGISTER_TSX}
const { parseSource } = await import(${JSON.stringify(PARSERS_URL)});
try {
  parentPort.postMessage({ ok: true, parsed: parseSource(workerData.source, new Map(workerData.files)) });
} catch (err) {
  parentPort.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
`;

export function parseInWorker(source: SourceId, files: SourceFiles): Promise<ParsedSource> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { source, files: [...files] } });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      void worker.terminate();
      if (reply.ok) resolve(reply.parsed);
      else reject(new Error(reply.error));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`parse worker exited with ${code} before answering`));
    });
  });
}
