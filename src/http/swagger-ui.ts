/**
 * Swagger UI served from the swagger-ui-dist package: compliance networks are closed, so /docs loads nothing
 * from a CDN. The files are read once at start-up; a missing package fails start-up, not the first visit.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Hono } from 'hono';

const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
} as const;

const INIT = `window.onload = () => {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Screening sidecar — API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

// biome-ignore lint/suspicious/noExplicitAny: any Hono app or router whose environment we do not constrain
export function mountSwaggerUi(app: Hono<any>): void {
  const dir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const [name, type] of Object.entries(ASSETS)) {
    files.set(name, { body: fs.readFileSync(path.join(dir, name)), type });
  }
  files.set('init.js', { body: Buffer.from(INIT), type: 'text/javascript; charset=utf-8' });
  const cache = 'public, max-age=86400';
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/assets/:file', (c) => {
    const f = files.get(c.req.param('file'));
    if (!f) return c.notFound();
    return c.body(new Uint8Array(f.body), 200, { 'content-type': f.type, 'cache-control': cache });
  });
}
