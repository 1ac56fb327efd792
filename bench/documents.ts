/**
 * Document pre-check benchmark: latency (p50/p99) of one check at a time, then throughput with
 * DOCUMENT_OCR_WORKERS workers kept busy. Images are built with sharp (test/fakes/document-images.ts);
 * an accepted passport page (full path: image checks, OCR, MRZ band) and a blurred one (image checks only).
 * Run: npx tsx bench/documents.ts  (BENCH_DOCS_N=… checks per phase, default 20)
 */
import os from 'node:os';
import { Registry } from 'prom-client';
import { checkDocument, type DocumentCheckDeps } from '../src/kyc/documents/check.ts';
import { loadKycConfig } from '../src/kyc/config.ts';
import { createKycMetrics } from '../src/kyc/metrics.ts';
import { OcrPool } from '../src/kyc/documents/ocr-pool.ts';
import { blurred, passportJpeg } from '../test/fakes/document-images.ts';

const N = Number(process.env.BENCH_DOCS_N ?? 20);
const config = loadKycConfig(process.env, 'test').documents;
const deps: DocumentCheckDeps = {
  config,
  clock: () => new Date(),
  ocr: new OcrPool({ workers: config.ocrWorkers, queue: 1000 }),
  metrics: createKycMetrics(new Registry()),
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function main() {
  const good = await passportJpeg();
  const blur = await blurred(good);
  await checkDocument(deps, { image: good }); // starts the workers
  const rows: string[] = [];
  for (const [label, img] of [
    ['accepted passport (OCR + MRZ)', good],
    ['blurred (refused before OCR)', blur],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      const r = await checkDocument(deps, { image: img, documentType: 'passport' });
      times.push(performance.now() - t);
      if (label.startsWith('accepted') && !r.accepted) throw new Error('the good image was refused');
    }
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: config.ocrWorkers * 2 }, async () => {
        for (let i = 0; i < Math.ceil(N / 2); i++) await checkDocument(deps, { image: img });
      }),
    );
    const total = config.ocrWorkers * 2 * Math.ceil(N / 2);
    const perSec = total / ((performance.now() - t0) / 1000);
    rows.push(
      `| ${label} | ${pct(times, 50).toFixed(0)} ms | ${pct(times, 99).toFixed(0)} ms | ${perSec.toFixed(2)}/s |`,
    );
  }
  await deps.ocr.close();
  console.log(
    `Document pre-check, ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${config.ocrWorkers} OCR workers, ${N} checks per phase`,
  );
  console.log('| image | p50 | p99 | throughput |\n|---|---|---|---|');
  console.log(rows.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
