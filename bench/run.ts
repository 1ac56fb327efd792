/**
 * `npm run bench`: every benchmark in one run on this machine, written to bench/RESULTS.md with the
 * date and machine. Quick mode (BENCH_QUICK=1) shortens the HTTP runs for a smoke check.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runHttpScreenBench, type HttpScreenFigures } from './http-screen.ts';
import { machineLine } from './lib/service.ts';
import type { LoadResult } from './lib/load.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = process.env.SHARED_DATA_DIR ?? path.resolve(ROOT, '../shared/data');
const LISTS_DIR = process.env.LISTS_DIR ?? path.join(SHARED, 'lists');
const EVAL_DIR = path.join(SHARED, 'eval');
const QUICK = process.env.BENCH_QUICK === '1';

const only = new Set(
  (
    process.env.BENCH_ONLY ??
    'screening,calibration,http,adversarial,transactions,hotpath,index-refresh,startup-memory,monitoring,monitoring-load,cases'
  ).split(','),
);

function loadRow(label: string, r: LoadResult | undefined): string {
  if (!r) return `| ${label} | – | – | – | – | – | – | – |`;
  return `| ${label} | ${r.targetRate}/s | ${r.achievedRate}/s | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} | ${r.lagP99} |`;
}

async function main() {
  if (!fs.existsSync(LISTS_DIR)) throw new Error(`no list snapshots at ${LISTS_DIR}: set SHARED_DATA_DIR or LISTS_DIR`);
  const sections: string[] = [];
  const started = new Date();

  if (only.has('screening')) {
    const { runScreeningBench, formatScreeningBench } = await import('./screening.ts');
    const figures = await runScreeningBench({ listsDir: LISTS_DIR, evalDir: EVAL_DIR, quick: QUICK });
    sections.push(formatScreeningBench(figures));
  }

  if (only.has('calibration')) {
    // Held-out reliability of the committed confidence maps; BENCH_CALIBRATE=1 refits them on the development half.
    const { runCalibrationBench, formatCalibrationBench } = await import('./eval/calibrate.ts');
    const refit = process.env.BENCH_CALIBRATE === '1';
    const r = await runCalibrationBench({ listsDir: LISTS_DIR, evalDir: EVAL_DIR, refit });
    sections.push(formatCalibrationBench(r));
  }

  if (only.has('http')) {
    const f: HttpScreenFigures = await runHttpScreenBench({
      listsDir: LISTS_DIR,
      evalDir: EVAL_DIR,
      durationS: QUICK ? 5 : 30,
      rate: 1000,
    });
    sections.push(
      [
        '## Name screening over HTTP (child process, all five sources, open-loop load on loopback)',
        '',
        `Queries: ${f.names} names from yente negatives and UN variants, round-robin. Latency in ms from the moment a request is handed to the connection pool to its last byte (see bench/lib/load.ts).`,
        '',
        '| run | target | achieved | p50 ms | p99 ms | max ms | errors | generator lag p99 ms |',
        '|---|---|---|---|---|---|---|---|',
        loadRow('bare Hono constant (floor)', f.floorFixedRate),
        loadRow('POST /v1/screen', f.fixedRate),
        loadRow('POST /v1/screen, highest step with p99 ≤ 10 ms', f.maxRate),
        '',
        `Batch: ${f.batch.batchSize} names per POST /v1/screen/batch, 2 connections back to back: **${f.batch.namesPerSecond} names/s** (per batch p50 ${f.batch.p50} ms, p99 ${f.batch.p99} ms). Service peak RSS ${f.peakRssMiB} MiB.`,
      ].join('\n'),
    );
  }

  if (only.has('adversarial')) {
    const { runAdversarialBench, formatAdversarialBench } = await import('./adversarial-batch.ts');
    sections.push(formatAdversarialBench(await runAdversarialBench({ listsDir: LISTS_DIR, evalDir: EVAL_DIR })));
  }

  if (only.has('transactions')) {
    const { runTransactionsBench, formatTransactionsBench } = await import('./transactions.ts');
    const figures = await runTransactionsBench({ listsDir: LISTS_DIR, quick: QUICK });
    sections.push(formatTransactionsBench(figures));
  }

  if (only.has('hotpath')) {
    const { runHotPathBench, formatHotPathBench } = await import('./transactions.ts');
    const figures = await runHotPathBench({ listsDir: LISTS_DIR, durationS: QUICK ? 10 : 60 });
    sections.push(
      `## Hot path (#13): cold customers and batches beside transactions\n\n${formatHotPathBench(figures)}`,
    );
  }

  if (only.has('index-refresh')) {
    const { runIndexRefreshBench, formatIndexRefreshBench } = await import('./index-refresh.ts');
    const figures = await runIndexRefreshBench({
      listsDir: LISTS_DIR,
      evalDir: EVAL_DIR,
      durationS: QUICK ? 25 : 45,
      runs: QUICK ? 1 : 3,
    });
    sections.push(`## Sanctions index off the main thread (#13)\n\n${formatIndexRefreshBench(figures)}`);
  }

  if (only.has('startup-memory')) {
    const { runStartupMemoryBench, formatStartupMemoryBench } = await import('./startup-memory.ts');
    sections.push(formatStartupMemoryBench(await runStartupMemoryBench({ listsDir: LISTS_DIR, runs: QUICK ? 1 : 3 })));
  }

  if (only.has('monitoring')) {
    const { runMonitoringBench, formatMonitoringBench } = await import('./monitoring.ts');
    const quick = QUICK ? { customers: 50_000, fullCustomers: 10_000 } : {};
    sections.push(
      formatMonitoringBench(await runMonitoringBench({ listsDir: LISTS_DIR, evalDir: EVAL_DIR, ...quick })),
    );
  }

  if (only.has('monitoring-load')) {
    const { runMonitoringLoadBench, formatMonitoringLoadBench } = await import('./monitoring-load.ts');
    const quick = QUICK ? { customers: 20_000, durationS: 5 } : {};
    sections.push(
      formatMonitoringLoadBench(await runMonitoringLoadBench({ listsDir: LISTS_DIR, evalDir: EVAL_DIR, ...quick })),
    );
  }

  if (only.has('cases')) {
    const { runCasesBench, formatCasesBench } = await import('./cases.ts');
    const quick = QUICK ? { cases: 50_000, verifications: 10_000, runs: 10 } : {};
    sections.push(formatCasesBench(await runCasesBench(quick)));
  }

  const header = [
    '# Benchmark results',
    '',
    `Run: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC${QUICK ? ' (quick mode: shortened runs)' : ''} · Machine: ${machineLine()}`,
    '',
    'Reproduce with `npm run bench` (needs ../shared/data). The machine is shared and noisy: compare rows of the same run, not across runs.',
    '',
  ].join('\n');
  const out = `${header + sections.join('\n\n')}\n`;
  process.stdout.write(out);
  if (!QUICK || process.env.BENCH_WRITE === '1') fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), out);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
