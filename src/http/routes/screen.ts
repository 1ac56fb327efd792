/** Name, batch and wallet screening. Routes validate, call one screening verb, shape the answer. */
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps.ts';
import type { ScreenMatch } from '../../sanctions/index.ts';
import { obfuscationKinds } from '../../sanctions/obfuscation.ts';
import { listsProvenance } from '../../sanctions/provenance.ts';
import type { ListSnapshot } from '../../sanctions/registry.ts';
import type { BatchMatch } from '../../sanctions/screen-batch.ts';
import { requireSnapshot, screenName, screenWallets } from '../../sanctions/screening.ts';
import { jsonArrayInSlices, jsonWithMember } from '../json-slices.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, jsonBody, problemResponses } from '../openapi.ts';
import {
  ScreenBatchResponse,
  ScreenResponse,
  WalletScreenResponse,
  batchQuery,
  screenRequest,
  walletRequest,
} from '../schemas/screen.ts';

export const DEFAULT_LIMIT = 10;

/** Whether the name was disguised (issue 17): reported beside the matches, which ignore the disguise. */
export function inputView(name: string) {
  const kinds = obfuscationKinds(name);
  return kinds.length > 0 ? { obfuscated: true, obfuscation: kinds } : { obfuscated: false };
}

/** The wire form of a match: the entity itself stays inside the service. */
export function matchView(m: ScreenMatch | BatchMatch) {
  return {
    source: m.source,
    sourceId: m.sourceId,
    name: m.name,
    matchedName: m.matchedName,
    type: m.type,
    score: m.score,
    confidence: m.confidence,
    programs: m.programs,
    explanation: m.explanation as unknown as Record<string, unknown>,
  };
}

const listsVersion = (s: ListSnapshot) => ({ builtAt: s.builtAt.toISOString(), ...listsProvenance(s) });

export function screenRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const defaults = () => ({ threshold: deps.config.matchThreshold, limit: DEFAULT_LIMIT });
  const bounds = { minThreshold: deps.config.SCREEN_MIN_THRESHOLD, maxLimit: deps.config.SCREEN_MAX_LIMIT };
  router.use('/v1/screen', requireScope('screen'));
  router.use('/v1/screen/*', requireScope('screen'));

  const screen = createRoute({
    method: 'post',
    path: '/v1/screen',
    operationId: 'screenName',
    tags: ['screening'],
    summary: 'Screen one name against the sanctions lists',
    security: bearer,
    request: { body: jsonBody(screenRequest(bounds)) },
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
        input: inputView(c.req.valid('json').name),
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
    operationId: 'screenNameBatch',
    tags: ['screening'],
    summary: `Screen up to ${deps.config.MAX_BATCH_SIZE} names in one call`,
    security: bearer,
    request: { body: jsonBody(batchQuery(deps.config.MAX_BATCH_SIZE, bounds)) },
    responses: {
      200: {
        description: 'One result per query id, in request order',
        content: { 'application/json': { schema: ScreenBatchResponse } },
      },
      ...commonErrors,
      ...problemResponses(503),
    },
  });
  router.openapi(batch, async (c) => {
    const snapshot = requireSnapshot(deps.lists);
    const { queries } = c.req.valid('json');
    const names = new Map(queries.map((q) => [q.id, q.name]));
    // Off the main thread when it can be (deps.batchScreening): the same answer either way.
    const screened = await deps.batchScreening.screen(
      snapshot,
      queries,
      defaults(),
      { maxMatches: deps.config.SCREEN_MAX_MATCHES_PER_RESPONSE },
      c.req.raw.signal,
    );
    const threshold = screened.threshold;
    const resultView = ({ id, matches }: (typeof screened.results)[number]) => {
      for (const m of matches) deps.metrics.matches.inc({ source: m.source });
      return { id, matches: matches.map(matchView), input: inputView(names.get(id) ?? '') };
    };
    deps.metrics.screenings.inc({ kind: 'batch' }, queries.length);
    // Same JSON as c.json would give, shaped and stringified in slices (the answer can be megabytes).
    const rest = { threshold, lists: listsVersion(snapshot), screenedAt: deps.clock().toISOString() };
    const body = jsonWithMember('results', await jsonArrayInSlices(screened.results, resultView), rest);
    const res = new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    // Typed as the c.json answer it replaces, so the contract is still checked against the schema.
    const contract = () => c.json({ results: [] as ReturnType<typeof resultView>[], ...rest }, 200);
    return res as unknown as ReturnType<typeof contract>;
  });

  const wallets = createRoute({
    method: 'post',
    path: '/v1/screen/wallets',
    operationId: 'screenWallets',
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
