/** Name, batch and wallet screening. Routes validate, call one screening verb, shape the answer. */
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps.ts';
import type { ScreenMatch } from '../../sanctions/index.ts';
import { listsProvenance } from '../../sanctions/provenance.ts';
import type { ListSnapshot } from '../../sanctions/registry.ts';
import { requireSnapshot, screenName, screenWallets } from '../../sanctions/screening.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, jsonBody, problemResponses } from '../openapi.ts';
import {
  ScreenBatchResponse,
  ScreenRequest,
  ScreenResponse,
  WalletScreenResponse,
  batchQuery,
  walletRequest,
} from '../schemas/screen.ts';

export const DEFAULT_LIMIT = 10;

/** The wire form of a match: the entity itself stays inside the service. */
export function matchView(m: ScreenMatch) {
  return {
    source: m.source,
    sourceId: m.sourceId,
    name: m.name,
    matchedName: m.matchedName,
    type: m.type,
    score: m.score,
    programs: m.programs,
    explanation: m.explanation as unknown as Record<string, unknown>,
  };
}

const listsVersion = (s: ListSnapshot) => ({ builtAt: s.builtAt.toISOString(), ...listsProvenance(s) });

export function screenRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const defaults = () => ({ threshold: deps.config.matchThreshold, limit: DEFAULT_LIMIT });
  router.use('/v1/screen', requireScope('screen'));
  router.use('/v1/screen/*', requireScope('screen'));

  const screen = createRoute({
    method: 'post',
    path: '/v1/screen',
    tags: ['screening'],
    summary: 'Screen one name against the sanctions lists',
    security: bearer,
    request: { body: jsonBody(ScreenRequest) },
    responses: {
      200: {
        description: 'Matches at or above the threshold, best first',
        content: { 'application/json': { schema: ScreenResponse } },
      },
      ...commonErrors,
      ...problemResponses(503),
    },
  });
  router.openapi(screen, (c) => {
    const snapshot = requireSnapshot(deps.lists);
    const result = screenName(snapshot, c.req.valid('json'), defaults());
    deps.metrics.screenings.inc({ kind: 'name' });
    for (const m of result.matches) deps.metrics.matches.inc({ source: m.source });
    return c.json(
      {
        matches: result.matches.map(matchView),
        threshold: result.threshold,
        lists: listsVersion(snapshot),
        screenedAt: deps.clock().toISOString(),
      },
      200,
    );
  });

  const batch = createRoute({
    method: 'post',
    path: '/v1/screen/batch',
    tags: ['screening'],
    summary: `Screen up to ${deps.config.MAX_BATCH_SIZE} names in one call`,
    security: bearer,
    request: { body: jsonBody(batchQuery(deps.config.MAX_BATCH_SIZE)) },
    responses: {
      200: {
        description: 'One result per query id, in request order',
        content: { 'application/json': { schema: ScreenBatchResponse } },
      },
      ...commonErrors,
      ...problemResponses(503),
    },
  });
  router.openapi(batch, (c) => {
    const snapshot = requireSnapshot(deps.lists);
    const { queries } = c.req.valid('json');
    let threshold = deps.config.matchThreshold;
    const results = queries.map(({ id, ...q }) => {
      const r = screenName(snapshot, q, defaults());
      threshold = r.threshold;
      for (const m of r.matches) deps.metrics.matches.inc({ source: m.source });
      return { id, matches: r.matches.map(matchView) };
    });
    deps.metrics.screenings.inc({ kind: 'batch' }, queries.length);
    return c.json({ results, threshold, lists: listsVersion(snapshot), screenedAt: deps.clock().toISOString() }, 200);
  });

  const wallets = createRoute({
    method: 'post',
    path: '/v1/screen/wallets',
    tags: ['screening'],
    summary: 'Exact, chain-aware lookup of digital-currency addresses on the lists',
    security: bearer,
    request: { body: jsonBody(walletRequest(deps.config.MAX_BATCH_SIZE)) },
    responses: {
      200: {
        description: 'Hits per address, in request order',
        content: { 'application/json': { schema: WalletScreenResponse } },
      },
      ...commonErrors,
      ...problemResponses(503),
    },
  });
  router.openapi(wallets, (c) => {
    const snapshot = requireSnapshot(deps.lists);
    const { addresses } = c.req.valid('json');
    const results = screenWallets(snapshot, addresses);
    deps.metrics.screenings.inc({ kind: 'wallet' }, addresses.length);
    for (const r of results) for (const h of r.hits) deps.metrics.matches.inc({ source: h.source });
    return c.json({ results, lists: listsVersion(snapshot), screenedAt: deps.clock().toISOString() }, 200);
  });

  return router;
}
