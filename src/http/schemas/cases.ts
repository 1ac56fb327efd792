/** Contracts of the case queue (/v1/cases). */
import { z } from '@hono/zod-openapi';
import { CASE_EVENT_TYPES, CASE_KINDS, CASE_OUTCOMES, CASE_PRIORITIES, CASE_STATUSES } from '../../cases/types.ts';
import { externalId } from './transactions.ts';

const ALL_OUTCOMES = [...new Set(Object.values(CASE_OUTCOMES).flat())] as [string, ...string[]];

/**
 * One line without control characters (C0, DEL, C1, line and paragraph separators). Written without
 * Unicode property escapes so that the pattern means the same in every JSON Schema validator.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the class names the characters it rejects
const printable = /^[^\u0000-\u001F\u007F-\u009F\u2028\u2029]+$/;

export const OFFICER_MAX = 100;

/** The X-Actor header: the officer's name as given, recorded on the timeline, never used for authorisation. */
export const ActorHeader = z.object({
  'x-actor': z
    .string()
    .trim()
    .min(1)
    .max(OFFICER_MAX)
    .regex(printable, 'printable text without control characters')
    .optional()
    .openapi({
      param: { name: 'x-actor', in: 'header' },
      description: 'The officer acting through this API key, recorded on the case timeline as given',
      example: 'Jane Officer',
    }),
});

export const CaseIdParam = z.object({
  id: z
    .string()
    .regex(/^case_[A-Za-z0-9_-]{1,80}$/, 'a case id')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'case_0b9c1c0e-6a53-4f7e-9c1e-0d2c4f6a8b10' }),
});

export const CaseQuery = z.object({
  kind: z.enum(CASE_KINDS).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  assignee: z.string().min(1).max(OFFICER_MAX).optional(),
  userId: externalId.optional(),
  createdBefore: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Only cases opened at or before this time (an age filter: now minus the age)' }),
  order: z.enum(['newest', 'oldest']).default('newest'),
  cursor: z.string().max(100).optional().openapi({ description: 'The `next` value of the previous page' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const Decision = z
  .object({
    outcome: z.enum(ALL_OUTCOMES),
    reason: z.string(),
    decidedBy: z.string().openapi({ description: '`api-key:<id>` of the key that decided' }),
    decidedAt: z.string(),
  })
  .nullable();

export const CaseView = z
  .object({
    id: z.string(),
    kind: z.enum(CASE_KINDS),
    status: z.enum(CASE_STATUSES),
    priority: z.enum(CASE_PRIORITIES),
    userId: z.string(),
    subjectId: z.string().openapi({ description: 'The verification, alert or appeal the case is about' }),
    summary: z.string(),
    assignee: z.string().nullable(),
    escalated: z.boolean().openapi({ description: 'Only an API key with scope senior may decide it' }),
    createdAt: z.string(),
    dueAt: z.string().openapi({ description: 'createdAt + the SLA hours of its kind and priority (CASES_SLA_*)' }),
    ageSeconds: z.number().int(),
    overdue: z.boolean().openapi({ description: 'Past its due date undecided, or decided after it' }),
    decision: Decision,
  })
  .openapi('Case');

export const CasePage = z.object({ cases: z.array(CaseView), next: z.string().nullable() }).openapi('CasePage');

export const CaseEventView = z
  .object({
    id: z.string(),
    type: z.enum(CASE_EVENT_TYPES),
    at: z.string(),
    actor: z.union([z.object({ keyId: z.string(), officer: z.string().optional() }), z.object({ system: z.string() })]),
    data: z.record(z.string(), z.unknown()),
    text: z.string().optional().openapi({ description: 'A comment or decision notes (stored encrypted)' }),
  })
  .openapi('CaseEvent');

export const CaseDetail = CaseView.extend({
  subject: z.record(z.string(), z.unknown()).nullable().openapi({
    description:
      "The subject's facts: the transaction alert with its reasons, the verification with its provider result, or the re-screen hit with its explanation",
  }),
  timeline: z.array(CaseEventView),
}).openapi('CaseDetail');

export const AssignRequest = z
  .object({ assignee: z.string().trim().min(1).max(OFFICER_MAX).regex(printable, 'printable text') })
  .strict()
  .openapi('CaseAssignRequest');

export const CommentRequest = z
  .object({ text: z.string().trim().min(1).max(4_000) })
  .strict()
  .openapi('CaseCommentRequest');

export const DecisionRequest = z
  .object({
    outcome: z.enum(ALL_OUTCOMES).openapi({
      description:
        'kyc_review: approve | reject | request_resubmission (a re-verification due: approve once re-verified, reject limits the customer now, request_resubmission asks them to verify again; a business review: approve | reject); transaction: release | reject (held) or clear | escalate; sanctions_rescreen: clear_false_positive | confirm_match; appeal: overturn | uphold | reverify',
    }),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({ description: 'A reason code or short phrase, no personal data' }),
    notes: z.string().max(4_000).optional().openapi({ description: 'Free text, stored encrypted' }),
  })
  .strict()
  .openapi('CaseDecisionRequest');
