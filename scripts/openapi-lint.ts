/**
 * Lints the OpenAPI document the service serves (generated from the zod routes, so it can only be checked from a
 * running app) with Redocly's recommended rules: `npm run lint:openapi`, part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createMetrics } from '../src/metrics.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-lint-'));
const file = path.join(dir, 'openapi.json');
try {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: `file:${path.join(dir, 'sidecar.db')}`,
    LIST_DOWNLOAD: 'false',
    LOG_LEVEL: 'silent',
  });
  const runtime = await bootstrap(config, {
    logger: createLogger('silent'),
    metrics: createMetrics({ defaults: false }),
  });
  const res = await createApp(runtime.deps).request('http://127.0.0.1:8080/openapi.json');
  fs.writeFileSync(file, await res.text());
  await runtime.close();
  execFileSync(
    path.join(ROOT, 'node_modules/.bin/redocly'),
    ['lint', file, '--config', path.join(ROOT, 'redocly.yaml')],
    {
      stdio: 'inherit',
    },
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
