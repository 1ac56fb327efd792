/**
 * V8 garbage-collector flags for a latency-bound service with a large, long-lived heap: the sanctions
 * index and the customers' risk state, ~300 MB live with 100,000 customers.
 *
 * Measured (bench/transactions.ts with --trace-gc, and perf sched): under 1,000 tx/s V8 ran a full
 * mark-compact every ~20 s, because its heap-growth heuristic let the old generation grow only
 * ~10–30 % past the live size, and its memory reducer added compacting collections even under load
 * and at every idle-to-busy transition. Each cycle marks the whole heap: 80–400 ms of marking on the
 * event-loop thread within 0.3–0.6 s while the marking threads take the rest of the two cores, so
 * every request of that half second waits 100–900 ms. With the heap allowed to reach twice its live
 * size and no memory reducer, the next cycle comes when the heap has doubled: about every 3 minutes
 * at 1,000 tx/s (~1.8 MB/s reaches the old generation; no run saw two cycles within 100–170 s of
 * load). Each one still stalls: only a smaller heap would shorten it.
 * The price is memory: the heap may reach twice its live size.
 * Measured again with the state off the heap (bench/RESULTS.md, "More of part 1, and the GC goal", 2026-12-03):
 * 45,000 customers added, 19 major GCs without the flags, 5 with them (total atomic pause 1,017 → 323 ms, the
 * longest the same: 112 / 116 ms), for 88 MiB more heap committed. Tried and not here: `--no-compact` (no shorter
 * pauses: the young generation is still evacuated), `--max-semi-space-size=32` (half the scavenges, ~2 % less
 * event-loop CPU, pauses inside the noise, 18–139 MiB more peak RSS while RSS is over its goal).
 *
 * They must be on the command line (package.json `start`, the Dockerfile): V8 creates its memory
 * reducer when the heap is set up, so switching it off at run time has no effect (measured).
 */
export const GC_FLAGS = ['--heap-growing-percent=100', '--no-memory-reducer'] as const;

/**
 * The C allocator's setting, in the environment (read when the process starts, so again `npm start` and the
 * Dockerfile): glibc gives each thread that allocates its own arena (up to 8 per core) and does not hand freed
 * arena memory back. Each list refresh runs parse and index workers on new threads, so every refresh left another
 * ~60 MiB arena resident (measured: settled RSS 318 → 454 → 494 → 592 MiB over three refreshes). Two arenas
 * bound that: start-up peak 420 → 384 MiB, refresh peaks 553/640/708 → 510/605/637 MiB (bench/startup-memory.ts,
 * bench/RESULTS.md, _Peak RSS at start-up and in a list refresh_).
 */
export const MALLOC_ENV = { MALLOC_ARENA_MAX: '2' } as const;

/** The allocator settings this process was started without. */
export function missingMallocEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(MALLOC_ENV)
    .filter(([k, v]) => env[k] !== v)
    .map(([k, v]) => `${k}=${v}`);
}

/** The GC flags this process was started without. */
export function missingGcFlags(execArgv: readonly string[]): string[] {
  const given = new Set(execArgv.map((a) => a.replaceAll('_', '-')));
  return GC_FLAGS.filter((f) => !given.has(f));
}
