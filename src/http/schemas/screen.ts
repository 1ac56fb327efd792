import { z } from '@hono/zod-openapi';
import { SOURCE_IDS } from '../../sanctions/entity.ts';

const partialDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD')
  .openapi({ example: '1964-05' });

export const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 code')
  .transform((v) => v.toUpperCase())
  .openapi({ example: 'IR' });

/** What one query may ask of the matcher (issue 17: a low threshold or a high limit multiplies the work). */
export interface QueryBounds {
  minThreshold: number;
  maxLimit: number;
}

export const DEFAULT_QUERY_BOUNDS: QueryBounds = { minThreshold: 0.5, maxLimit: 100 };

/**
 * `sources` has a maximum, checked before its elements: one too-long array is one problem, never one per
 * element (500,000 of them made a 64 MB answer, and in a batch overflowed zod's stack). Repeats are dropped.
 */
const sourcesField = z
  .array(z.enum(SOURCE_IDS))
  .min(1)
  .max(SOURCE_IDS.length, `at most ${SOURCE_IDS.length} sources (one per list)`)
  .transform((ids) => [...new Set(ids)]);

export function nameQueryFieldsFor(bounds: QueryBounds) {
  return {
    name: z.string().trim().min(1).max(300).openapi({ example: 'Mohammed al-Zawahiri' }),
    type: z.enum(['person', 'organization', 'vessel', 'aircraft']).optional(),
    birthDate: partialDate.optional(),
    countries: z.array(countryCode).max(20).optional(),
    sources: sourcesField.optional(),
    threshold: z
      .number()
      .min(bounds.minThreshold, `must be at least ${bounds.minThreshold} (SCREEN_MIN_THRESHOLD)`)
      .max(1)
      .optional()
      .openapi({
        description: `Minimum score to report, at least ${bounds.minThreshold}; default: the decision threshold`,
      }),
    limit: z
      .number()
      .int()
      .min(1)
      .max(bounds.maxLimit, `must be at most ${bounds.maxLimit} (SCREEN_MAX_LIMIT)`)
      .optional()
      .openapi({ description: `Maximum matches (default 10, at most ${bounds.maxLimit})` }),
  };
}

export const screenRequest = (bounds: QueryBounds) =>
  z.strictObject(nameQueryFieldsFor(bounds)).openapi('ScreenRequest');

const TokenPair = z.object({}).catchall(z.unknown());

/** What the screened name itself gave away (sanctions/obfuscation.ts); the matcher ignores the disguise. */
export const InputSignals = z
  .object({
    obfuscated: z.boolean().openapi({
      description:
        'True when the name holds bidirectional controls, tag characters or invisible characters (a sign of a ' +
        'deliberate disguise; LRM/RLM, ZWNJ and soft hyphens do not count). Matching removes them either way.',
    }),
    obfuscation: z
      .array(z.enum(['bidi_control', 'tag_character', 'invisible_character']))
      .optional()
      .openapi({ description: 'Which kinds were found, when obfuscated' }),
  })
  .openapi('InputSignals');

export const MatchSchema = z
  .object({
    source: z.enum(SOURCE_IDS),
    sourceId: z.string(),
    name: z.string().openapi({ description: "The listed entity's primary name" }),
    matchedName: z
      .string()
      .openapi({ description: 'The listed name (primary, alias or original script) that matched' }),
    type: z.enum(['person', 'organization', 'vessel', 'aircraft']),
    score: z.number().min(0).max(1).openapi({
      description: 'Match score; the threshold and the decision are on this value',
    }),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .openapi({
        description:
          'Calibrated probability that the match is the listed party, from a per-type map of the score ' +
          '(one for persons, one for organisations, one for vessels and aircraft) fitted on the development half of the evaluation sets, ' +
          "at their base rates, not production's. Informative only: thresholds and decisions use `score`.",
      }),
    programs: z.array(z.string()),
    explanation: TokenPair.openapi({ description: 'How the score was reached: token pairs, adjustments, summary' }),
  })
  .openapi('Match');

export const ListsVersion = z
  .object({
    builtAt: z.string().datetime(),
    sample: z
      .boolean()
      .openapi({ description: 'True when the bundled sample lists are served: results are then incomplete' }),
    versions: z.record(z.string(), z.string()).openapi({
      description: "per source: the list's publish date, else sha256:<12 hex> of its files",
      example: { 'ofac-sdn': '2026-11-28', 'un-sc': '2026-11-27T00:00:00Z' },
    }),
  })
  .openapi('ListsProvenance');

export const ScreenResponse = z
  .object({
    matches: z.array(MatchSchema),
    input: InputSignals,
    threshold: z.number(),
    lists: ListsVersion,
    screenedAt: z.string().datetime(),
  })
  .openapi('ScreenResponse');

export const batchQuery = (maxBatch: number, bounds: QueryBounds = DEFAULT_QUERY_BOUNDS) =>
  z
    .strictObject({
      queries: z
        .array(z.strictObject({ id: z.string().min(1).max(200), ...nameQueryFieldsFor(bounds) }))
        .min(1)
        .max(maxBatch)
        .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'query ids must be unique'),
    })
    .openapi('ScreenBatchRequest');

export const ScreenBatchResponse = z
  .object({
    results: z.array(z.object({ id: z.string(), matches: z.array(MatchSchema), input: InputSignals })),
    threshold: z.number(),
    lists: ListsVersion,
    screenedAt: z.string().datetime(),
  })
  .openapi('ScreenBatchResponse');

export const walletRequest = (maxBatch: number) =>
  z
    .strictObject({
      addresses: z
        .array(
          z.strictObject({
            address: z
              .string()
              .trim()
              .min(20)
              .max(128)
              .openapi({ example: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96' }),
            chain: z.string().trim().min(2).max(32).optional().openapi({ example: 'ethereum' }),
          }),
        )
        .min(1)
        .max(maxBatch),
    })
    .openapi('WalletScreenRequest');

export const WalletHitSchema = z
  .object({
    source: z.enum(SOURCE_IDS),
    sourceId: z.string(),
    name: z.string(),
    currency: z.string(),
    address: z.string(),
    chain: z.string(),
    programs: z.array(z.string()),
  })
  .openapi('WalletHit');

export const WalletScreenResponse = z
  .object({
    results: z.array(z.object({ address: z.string(), chain: z.string().optional(), hits: z.array(WalletHitSchema) })),
    lists: ListsVersion,
    screenedAt: z.string().datetime(),
  })
  .openapi('WalletScreenResponse');
