/** The floor: a bare Hono endpoint returning a constant, in its own process, measured in the same run. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/floor', (c) => c.json({ decision: 'approve' }));
app.get('/floor', (c) => c.json({ decision: 'approve' }));
const port = Number(process.argv[2] ?? 18099);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => process.send?.('ready'));
