/**
 * Pieces of the source of an `eval` worker thread, shared by every worker that imports the project's own modules
 * (list parsing, index build, re-screen scoring).
 */

// `npm start` runs the compiled dist/*.js; tests and `npm run dev` run the TypeScript sources through tsx.
const COMPILED = import.meta.url.endsWith('.js');

/** The URL of a module beside `base` (an `import.meta.url`), in the form this build runs: `name` without extension. */
export const moduleUrl = (name: string, base: string): string =>
  new URL(`./${name}.${COMPILED ? 'js' : 'ts'}`, base).href;

/** From the sources, a worker does not inherit the tsx loader on Node 20, so it registers it itself. */
export const REGISTER_TSX = COMPILED
  ? ''
  : `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register();`;

/**
 * Nice value of the list workers' threads (parse, index build). On a machine whose cores are busy, a worker at the
 * main thread's priority takes the CPU the request path needs: the main thread then waits in the run queue, and
 * requests stall although it has nothing to do (bench/lib/refresh-attribution.ts measured gaps of 50 ms with 4 ms
 * of main-thread CPU). At nice 10 the scheduler gives the main thread about 9× the worker's share when both are
 * runnable; an idle core still runs the worker at full speed. Linux threads have their own nice value; elsewhere
 * (or if refused) the worker keeps the default.
 */
export const WORKER_NICE = 10;
/** Source of an expression: this thread's Linux thread id (a number; NaN where there is no /proc). */
export const THREAD_ID = `Number((await import('node:fs')).readlinkSync('/proc/thread-self').split('/').pop())`;
export const LOWER_PRIORITY = `try {
  const tid = ${THREAD_ID};
  if (tid > 0) (await import('node:os')).setPriority(tid, ${WORKER_NICE});
} catch {}`;
