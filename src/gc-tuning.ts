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
 *
 * They must be on the command line (package.json `start`, the Dockerfile): V8 creates its memory
 * reducer when the heap is set up, so switching it off at run time has no effect (measured).
 */
export const GC_FLAGS = ['--heap-growing-percent=100', '--no-memory-reducer'] as const;

/** The GC flags this process was started without. */
export function missingGcFlags(execArgv: readonly string[]): string[] {
  const given = new Set(execArgv.map((a) => a.replaceAll('_', '-')));
  return GC_FLAGS.filter((f) => !given.has(f));
}
