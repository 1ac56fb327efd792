/**
 * Child process for bench/index-refresh.ts: loads all five lists the way the service does (parse
 * workers) and measures the V8 heap and RSS after a forced GC, with the name index built either
 * the old way (`objects`: on this thread, Maps and token objects) or the new way (`flat`: in the
 * index worker, arrays transferred). Run as `node --expose-gc --import tsx bench/lib/index-memory.ts <mode> <listsDir>`;
 * prints one JSON line.
 */
import v8 from 'node:v8';
import { SOURCE_IDS } from '../../src/sanctions/entity.ts';
import { chunkBytes } from '../../src/sanctions/entity-transfer.ts';
import { SanctionsIndex } from '../../src/sanctions/index.ts';
import { imageBytes } from '../../src/sanctions/index-image.ts';
import { buildIndexImageInWorker } from '../../src/sanctions/index-worker.ts';
import { readSourceFiles } from '../../src/sanctions/load.ts';
import { parseInWorker } from '../../src/sanctions/parse-worker.ts';
import { WalletIndex } from '../../src/sanctions/wallets.ts';

const mode = process.argv[2] as 'objects' | 'flat';
const listsDir = process.argv[3]!;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const MiB = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
function measure() {
  gc!();
  gc!();
  const h = v8.getHeapStatistics();
  const m = process.memoryUsage();
  return { heapUsedMiB: MiB(h.used_heap_size), rssMiB: MiB(m.rss), externalMiB: MiB(m.external) };
}

const loaded = await Promise.all(SOURCE_IDS.map(async (s) => parseInWorker(s, (await readSourceFiles(listsDir, s))!)));
const entities = loaded.flatMap((l) => l.parsed.entities);
const chunks = mode === 'flat' ? loaded.flatMap((l) => l.chunks) : [];
const listsOnly = measure();
const started = performance.now();
let index: SanctionsIndex;
let bytes = 0;
if (mode === 'flat') {
  const { image } = await buildIndexImageInWorker(chunks);
  bytes = imageBytes(image);
  index = SanctionsIndex.fromImage(image, entities);
} else {
  index = SanctionsIndex.build(entities);
}
const wallets = WalletIndex.build(entities);
const buildMs = Math.round(performance.now() - started);
// Screen a few names so the lazily decoded parts (flat) hold what a running service holds.
for (const name of ['Vladimir Putin', 'Kim Jong Un', 'Mohammed Ali', 'Banco Nacional de Cuba', 'Hezbollah'])
  index.screen({ name, threshold: 0.7, limit: 10 });
const withIndex = measure();
console.log(
  JSON.stringify({
    mode,
    entities: entities.length,
    names: index.stats.names,
    wallets: wallets.size,
    buildMs,
    imageMiB: MiB(bytes),
    chunksMiB: MiB(chunkBytes(chunks)),
    listsOnly,
    withIndex,
  }),
);
process.exit(0);
