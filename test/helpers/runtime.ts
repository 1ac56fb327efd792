/**
 * A real runtime for tests: real config parsing, a real libSQL file in a temp folder, real migrations,
 * the real list registry and the real Hono app. Nothing of our own is mocked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import { bootstrap, type BootstrapOptions, type Runtime } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createMetrics } from '../../src/metrics.ts';

export interface TestRuntime extends Runtime {
  app: App;
  dir: string;
  /** Sends a JSON request through the real app (no socket). */
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Closes this runtime and opens a new one on the same database file (a process restart). */
  restart(env?: Record<string, string>): Promise<TestRuntime>;
  /** Closes and deletes the temp folder. */
  dispose(): Promise<void>;
}

export async function startTestRuntime(
  env: Record<string, string> = {},
  opts: BootstrapOptions & { dir?: string } = {},
): Promise<TestRuntime> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-test-'));
  const fullEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `file:${path.join(dir, 'sidecar.db')}`,
    LIST_DOWNLOAD: 'false',
    ...env,
  };
  const config = loadConfig(fullEnv);
  const runtime = await bootstrap(config, {
    logger: opts.logger ?? createLogger('silent'),
    metrics: opts.metrics ?? createMetrics({ defaults: false }),
    ...opts,
  });
  const app = createApp(runtime.deps);
  const call = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    Promise.resolve(
      app.request(url, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  const self: TestRuntime = {
    ...runtime,
    app,
    dir,
    call,
    async restart(nextEnv = env) {
      await runtime.close();
      return startTestRuntime(nextEnv, { ...opts, dir });
    },
    async dispose() {
      await runtime.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}
