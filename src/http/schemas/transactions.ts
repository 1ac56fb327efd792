/** Contracts of the transaction screening, alert and customer-profile calls. */
import { z } from '@hono/zod-openapi';
import { KYC_STATUSES, RISK_LEVELS } from '../../db/schema/customers.ts';
import { ALERT_STATUSES, DECISIONS, MONITORING_LEVELS } from '../../db/schema/transactions.ts';
import { decimalProblem } from '../../risk/money.ts';
import { REASON_CODES } from '../../risk/reasons.ts';
import { isCountryOrSubdivision, ISO_COUNTRIES } from '../../travel-rule/iso3166.ts';
import { TravelRulePayloadShape } from '../../travel-rule/ivms101.ts';
import { JURISDICTIONS } from '../../travel-rule/thresholds.ts';
import { RescreenAlertView } from './rescreen-alert.ts';

/** Ids from the trading engine: printable ASCII, no spaces, bounded (they end up in URLs and keys). */
export const externalId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces, at most 128 characters');

/** Exact decimal string: no float, exponent, sign, or more than 18 decimals. */
export const decimalString = z
  .string()
  .superRefine((v, ctx) => {
    const problem = decimalProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({
    example: '1234.56',
    description: 'Decimal string (never a JSON number): up to 15 integer digits and 18 decimals',
  });

const positiveDecimal = decimalString.refine((v) => !/^0(\.0+)?$/.test(v), 'must be greater than 0');

/** ISO 3166-1 alpha-2, or an ISO 3166-2 subdivision for regions such as Crimea (UA-43). */
export const regionCode = z
  .string()
  .regex(
    /^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/,
    'an ISO 3166-1 alpha-2 code such as "IR", or an ISO 3166-2 subdivision such as "UA-43"',
  )
  .transform((v) => v.toUpperCase())
  .refine(isCountryOrSubdivision, 'unknown ISO 3166 country')
  .openapi({ example: 'UA-43' });

const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code')
  .transform((v) => v.toUpperCase())
  .refine((v) => ISO_COUNTRIES.has(v), 'unknown ISO 3166-1 country')
  .openapi({ example: 'DE' });

const isoDateTime = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 date-time with a time zone, e.g. 2026-03-01T12:00:00Z',
});

export const Counterparty = z
  .strictObject({
    userId: externalId.optional().openapi({ description: 'Another customer of this platform (internal transfer)' }),
    name: z.string().trim().min(1).max(300).optional(),
    walletAddress: z
      .string()
      .trim()
      .min(10)
      .max(128)
      .regex(/^[A-Za-z0-9:._-]+$/, 'a wallet address: letters, digits and : . _ -')
      .optional()
      .openapi({ example: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96' }),
    chain: z.string().trim().min(2).max(32).optional().openapi({ example: 'ethereum' }),
    hosted: z.boolean().optional().openapi({ description: 'false for a self-hosted (unhosted) wallet' }),
    ownershipVerified: z
      .boolean()
      .optional()
      .openapi({ description: 'The customer proved ownership/control of the self-hosted wallet (EU TFR)' }),
    vasp: z
      .strictObject({
        name: z.string().trim().min(1).max(300).optional(),
        lei: z
          .string()
          .regex(/^[0-9A-Z]{18}[0-9]{2}$/, 'an ISO 17442 LEI')
          .optional(),
        country: regionCode.optional(),
      })
      .optional(),
    country: regionCode.optional(),
  })
  .openapi('Counterparty');

export const ScreenTransactionRequest = z
  .strictObject({
    transactionId: externalId.openapi({ example: 'tx-20260301-000001' }),
    userId: externalId.openapi({ example: 'user-42' }),
    timestamp: isoDateTime.optional().openapi({
      description:
        'When the transaction happened (the trading engine clock); default: now. Older than the history horizon ' +
        '(TRANSACTIONS_MAX_BACKDATE, default the longest rule window) is refused: use POST /v1/transactions/backfill',
      example: '2026-03-01T12:00:00Z',
    }),
    direction: z.enum(['inbound', 'outbound']),
    amount: positiveDecimal,
    asset: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,20}$/, 'an asset code such as USDC')
      .transform((v) => v.toUpperCase())
      .openapi({ example: 'USDC' }),
    amountUsd: decimalString.optional().openapi({
      description:
        'USD value; default: amount × the configured rate (USD stablecoins 1:1). For an asset with a configured rate, ' +
        'a value off that rate by more than TRANSACTIONS_AMOUNT_USD_TOLERANCE (5 %) is refused (422)',
    }),
    counterparty: Counterparty,
    travelRule: (TravelRulePayloadShape as z.ZodType<Record<string, unknown>>).optional().openapi({
      description:
        'IVMS101.2023: originator, beneficiary, originatingVasp, beneficiaryVasp (IVMS101 Person), transferPath, payloadMetadata',
    }),
  })
  .openapi('ScreenTransactionRequest');

/** Older history sent on purpose by an admin: the same body, the timestamp required and not bounded below. */
export const BackfillTransactionRequest = ScreenTransactionRequest.extend({
  timestamp: isoDateTime.openapi({
    description:
      'When the transaction happened; may be older than the history horizon (that is what a backfill is for)',
    example: '2025-11-03T09:30:00Z',
  }),
}).openapi('BackfillTransactionRequest');

const Reason = z
  .object({
    code: z.enum(REASON_CODES),
    score: z.number(),
    outcome: z.enum(['block', 'review']).optional(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('Reason');

const SanctionsHit = z
  .object({
    kind: z.enum(['wallet', 'name']),
    field: z.string(),
    source: z.string(),
    sourceId: z.string(),
    name: z.string(),
    matchedName: z.string().optional(),
    type: z.string().optional(),
    score: z.number().optional(),
    currency: z.string().optional(),
    address: z.string().optional(),
    chain: z.string().optional(),
    programs: z.array(z.string()),
  })
  .openapi('SanctionsHit');

const TravelRuleVerdict = z
  .object({
    required: z.boolean(),
    jurisdiction: z.enum(JURISDICTIONS),
    thresholdUsd: z.string().nullable(),
    status: z.enum(['not_required', 'complete', 'incomplete']),
    missing: z
      .array(z.string())
      .openapi({ description: 'Request paths that are required and absent; "a|b" means one of them' }),
    invalid: z.array(z.object({ path: z.string(), constraint: z.string().optional(), message: z.string() })),
    unhostedOwnership: z
      .object({ required: z.literal(true), verified: z.boolean(), thresholdUsd: z.string() })
      .optional(),
  })
  .openapi('TravelRuleVerdict');

/** The list provenance every answer resting on the lists carries (the same object as POST /v1/screen). */
const ListsProvenance = z
  .object({
    sample: z.boolean().openapi({ description: 'True when a source is the bundled development sample' }),
    versions: z
      .record(z.string(), z.string())
      .openapi({ description: 'Per source: the list publish date, else sha256:<12 hex> of its files' }),
  })
  .openapi('ListsProvenance');

export const ScreeningResponse = z
  .object({
    transactionId: z.string(),
    decision: z.enum(DECISIONS),
    riskScore: z.number().min(0).max(1),
    reasons: z.array(Reason),
    travelRule: TravelRuleVerdict,
    sanctions: z.object({
      hits: z.array(SanctionsHit),
      clearedMatches: z
        .array(
          z.object({
            field: z.string(),
            source: z.string(),
            sourceId: z.string(),
            name: z.string(),
            matchedName: z.string(),
            type: z.string(),
            score: z.number(),
            programs: z.array(z.string()),
            clearingId: z.string(),
          }),
        )
        .optional()
        .openapi({
          description:
            'Name matches not raised: the customer has an active clearing of that entity (monitoring) and the ' +
            "entity's identifying content is unchanged since",
        }),
    }),
    monitoring: z.enum(MONITORING_LEVELS),
    occurredAt: z.string(),
    amountUsd: z.string(),
    evaluatedAt: z.string(),
    lists: ListsProvenance.optional().openapi({
      description: 'What the decision was screened against; absent only on decisions stored before it was recorded',
    }),
  })
  .openapi('TransactionScreening');

export const TransactionIdParam = z.object({
  transactionId: externalId.openapi({ param: { name: 'transactionId', in: 'path' } }),
});
export const UserIdParam = z.object({ userId: externalId.openapi({ param: { name: 'userId', in: 'path' } }) });
export const AlertIdParam = z.object({
  alertId: z
    .string()
    .regex(/^alt_[0-9a-f-]{36}$/, 'an alert id')
    .openapi({ param: { name: 'alertId', in: 'path' } }),
});

export const AlertQuery = z.strictObject({
  kind: z.enum(['transaction', 'sanctions.rescreen']).optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  userId: externalId.optional(),
  cursor: z.string().max(100).optional().openapi({ description: 'The `next` value of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AlertView = z
  .object({
    alertId: z.string(),
    kind: z.literal('transaction'),
    transactionId: z.string(),
    userId: z.string(),
    decision: z.enum(DECISIONS),
    riskScore: z.number(),
    ruleHits: z.array(z.record(z.string(), z.unknown())),
    aggregates: z.record(z.string(), z.unknown()),
    detectedAt: z.string(),
    status: z.enum(ALERT_STATUSES),
    statusChangedAt: z.string().nullable(),
    note: z.string().nullable(),
  })
  .openapi('Alert');

export const AlertList = z
  .object({ alerts: z.array(z.union([AlertView, RescreenAlertView])), next: z.string().nullable() })
  .openapi('AlertList');
export const AnyAlertView = z.union([AlertView, RescreenAlertView]);

export const AlertUpdate = z
  .strictObject({ status: z.enum(ALERT_STATUSES), note: z.string().trim().min(1).max(2000).optional() })
  .openapi('AlertUpdate');

export const ProfileImport = z
  .strictObject({
    kycStatus: z.enum(KYC_STATUSES).optional(),
    riskLevel: z.enum(RISK_LEVELS).optional(),
    country: countryCode.optional(),
    createdAt: isoDateTime.optional().openapi({ description: 'When the account was opened on the platform' }),
    // The identity the customer is monitored under (issue 10): stored encrypted, never in clear.
    name: z.string().trim().min(1).max(300).optional().openapi({ description: 'Full name as on the ID' }),
    dateOfBirth: z
      .string()
      .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD')
      .optional(),
    nationality: countryCode.optional().openapi({ description: 'ISO 3166-1 alpha-2' }),
  })
  .refine(
    (v) => Object.values(v).some((x) => x !== undefined),
    'send at least one of kycStatus, riskLevel, country, createdAt, name, dateOfBirth, nationality',
  )
  .openapi('CustomerProfileImport');

export const ProfileView = z
  .object({
    userId: z.string(),
    kycStatus: z.enum(KYC_STATUSES),
    riskLevel: z.enum(RISK_LEVELS),
    country: z.string().nullable(),
    createdAt: z.string().nullable(),
    origin: z.enum(['import', 'kyc']),
    updatedAt: z.string(),
  })
  .openapi('CustomerProfile');

export const UserRiskView = z
  .object({
    userId: z.string(),
    verification: z.enum(['verified', 'unverified', 'rejected']),
    profile: ProfileView.omit({ userId: true }).nullable(),
    monitoring: z.enum(MONITORING_LEVELS),
    aggregates: z.record(z.string(), z.unknown()),
    openAlerts: z.number().int(),
    lifetimeVolumeUsd: z.string().openapi({
      description: 'Exact decimal USD: approved transactions, and held ones once released',
      example: '150000.25',
    }),
  })
  .openapi('UserRisk');
