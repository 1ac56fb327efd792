/**
 * The console's static files, all from the package (compliance networks are closed: no CDN). Chart.js comes from
 * node_modules, read once at start-up, so a missing package fails start-up rather than the first dashboard.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Hono } from 'hono';
import { CONSOLE_JS } from './assets/client.ts';
import { CONSOLE_CSS } from './assets/styles.ts';

const JS = 'text/javascript; charset=utf-8';

function chartJs(): Buffer {
  // The package exports no package.json; its CommonJS entry lies in dist/ beside the UMD build.
  const dir = path.dirname(createRequire(import.meta.url).resolve('chart.js'));
  return fs.readFileSync(path.join(dir, 'chart.umd.min.js'));
}

// biome-ignore lint/suspicious/noExplicitAny: mounted on a router whose environment this does not constrain
export function mountConsoleAssets(app: Hono<any>): void {
  const files = new Map<string, { body: Buffer; type: string }>([
    ['chart.umd.min.js', { body: chartJs(), type: JS }],
    ['console.js', { body: Buffer.from(CONSOLE_JS), type: JS }],
    ['console.css', { body: Buffer.from(CONSOLE_CSS), type: 'text/css; charset=utf-8' }],
  ]);
  app.get('/assets/:file', (c) => {
    const f = files.get(c.req.param('file'));
    if (!f) return c.notFound();
    return c.body(new Uint8Array(f.body), 200, {
      'content-type': f.type,
      'cache-control': 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
    });
  });
}
