import { z } from '@hono/zod-openapi';
import { PROVIDER_IDS, VERIFICATION_STATUSES } from '../../kyc/types.ts';
import { REVIEW_DECISIONS } from '../../kyc/review.ts';
import { SANDBOX_OUTCOMES } from '../../kyc/providers/sandbox.ts';
import { MAX_AUDIT_EVENTS } from '../../kyc/audit.ts';
import { MAX_VERIFICATION_HISTORY } from '../../kyc/views.ts';
import { MAX_PROVIDER_REASONS } from '../../kyc/orchestrator.ts';
import { MAX_HITS } from '../../kyc/sanctions-check.ts';
import { countryCode } from './screen.ts';
import { MAX_BUSINESS_PERSONS } from '../../kyc/kyb/create.ts';
import { KYB_ROLES, KYB_STATUSES } from '../../kyc/kyb/types.ts';
import { isCountryAlpha2 } from '../../kyc/countries.ts';
import { DOCUMENT_SIDES, DOCUMENT_TYPES } from '../../kyc/documents/check.ts';
import { DOCUMENT_PROBLEM_CODES } from '../../kyc/documents/problems.ts';
import { ProblemSchema } from '../openapi.ts';

const RISK = z.enum(['low', 'medium', 'high']);
/** An alpha-2 code that exists (the maintained ISO 3166-1 table), not merely two letters. */
const kycCountry = countryCode.refine(isCountryAlpha2, 'not an ISO 3166-1 alpha-2 country code');

/**
 * Every array in the KYC contract is bounded (issue 17: an unbounded array is a way to starve the
 * service). Reason codes and flags are short fixed vocabularies; 20 is well above any real count.
 */
const MAX_REASON_CODES = 20;
const reasonCodes = () => z.array(z.string()).max(MAX_REASON_CODES);

const ListsProvenance = z
  .object({
    sample: z.boolean().openapi({ description: 'True when the bundled sample lists were used: not a real screening' }),
    versions: z.record(z.string(), z.string()).openapi({
      description: "per source: the list's publish date, else sha256:<12 hex> of its files",
      example: { 'ofac-sdn': '2026-11-28', 'un-sc': '2026-11-27T00:00:00Z' },
    }),
  })
  .nullable()
  .openapi({ description: 'The list versions the applicant was screened against; null when not screened' });

/** A real calendar date in the past, as YYYY-MM-DD. */
const dateOfBirth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return (
      !Number.isNaN(d.getTime()) &&
      d.toISOString().slice(0, 10) === v &&
      d.getTime() < Date.now() &&
      d.getUTCFullYear() >= 1900
    );
  }, 'not a past calendar date')
  .openapi({ example: '1985-04-12' });

const personName = z.string().trim().min(1).max(100);
const opaqueId = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[\w.:@-]+$/, 'letters, digits and . _ : @ - only');

export const StartVerificationRequest = z
  .strictObject({
    userId: opaqueId.openapi({ example: 'user-42' }),
    firstName: personName.openapi({ example: 'Maria' }),
    lastName: personName.openapi({ example: 'Schmidt' }),
    dateOfBirth,
    email: z.email().max(254).openapi({ example: 'maria@example.com' }),
    country: kycCountry.openapi({ example: 'DE', description: 'Country of residence, ISO 3166-1 alpha-2' }),
    address: z
      .strictObject({
        street: z.string().trim().min(1).max(200),
        city: z.string().trim().min(1).max(100),
        postalCode: z.string().trim().min(1).max(20),
        country: kycCountry,
      })
      .optional(),
    provider: z
      .enum(PROVIDER_IDS)
      .optional()
      .openapi({ description: 'Use this provider and no other; 503 with Retry-After if it is down' }),
    business: z.strictObject({ businessId: opaqueId, personId: z.uuid() }).optional().openapi({
      description:
        "Links this person verification to a business's owner, director or controller (personId from GET /v1/kyc/businesses/{id})",
    }),
  })
  .openapi('StartVerificationRequest');

const SanctionsHitSummary = z.object({
  source: z.string(),
  sourceId: z.string(),
  name: z.string().openapi({ description: "The listed entity's name" }),
  score: z.number(),
});

export const StartVerificationResponse = z
  .object({
    verificationId: z.string().uuid(),
    provider: z.enum(PROVIDER_IDS),
    status: z.enum(VERIFICATION_STATUSES),
    riskLevel: RISK,
    redirectUrl: z.string().url(),
    sanctions: z.object({ screened: z.boolean(), hits: z.array(SanctionsHitSummary).max(MAX_HITS) }),
    lists: ListsProvenance,
    estimatedProcessingMinutes: z.number().int(),
  })
  .openapi('StartVerificationResponse');

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional()
    .openapi({
      description: 'Repeat a request safely: same key and body → the same response; same key, other body → 422',
    }),
});

export const VerificationIdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const UserIdParam = z.object({ userId: opaqueId.openapi({ param: { name: 'userId', in: 'path' } }) });
export const ProviderParam = z.object({
  provider: z
    .string()
    .min(1)
    .max(32)
    .openapi({ param: { name: 'provider', in: 'path' }, example: 'onfido' }),
});
export const SandboxSessionParam = z.object({
  sessionId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^sbx_[\w-]+$/)
    .openapi({ param: { name: 'sessionId', in: 'path' } }),
});

const AuditEventView = z.object({
  id: z.number().int(),
  action: z.string(),
  actorType: z.enum(['system', 'admin', 'compliance_officer', 'provider']),
  actorId: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  at: z.string().datetime(),
});

export const VerificationView = z
  .object({
    verificationId: z.string(),
    userId: z.string(),
    provider: z.string(),
    providerRef: z.string(),
    status: z.enum(VERIFICATION_STATUSES),
    riskLevel: RISK,
    riskReasons: reasonCodes(),
    country: z.string(),
    redirectUrl: z.string(),
    providerResult: z
      .object({
        status: z.string(),
        providerStatus: z.string(),
        reasons: z.array(z.string()).max(MAX_PROVIDER_REASONS),
      })
      .nullable(),
    lists: ListsProvenance,
    complianceFlags: reasonCodes(),
    decisionReasons: reasonCodes(),
    decidedBy: z.enum(['system', 'compliance_officer']).nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    expiresAt: z.string().datetime(),
    applicant: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'Decrypted personal data: only for scope admin, and the access is audited' }),
    reviewNotes: z.string().optional(),
    sanctions: z.object({
      screened: z.boolean(),
      hits: z
        .array(
          SanctionsHitSummary.extend({
            details: z.record(z.string(), z.unknown()),
            manualReviewRequired: z.boolean(),
            reviewedBy: z.string().nullable(),
            reviewedAt: z.string().nullable(),
            explanation: z.unknown().optional(),
          }),
        )
        .max(MAX_HITS),
    }),
    audit: z
      .array(AuditEventView)
      .max(MAX_AUDIT_EVENTS)
      .openapi({ description: `Oldest first; the latest ${MAX_AUDIT_EVENTS} events when there are more` }),
  })
  .openapi('Verification');

const VerificationSummary = z.object({
  verificationId: z.string(),
  provider: z.string(),
  status: z.enum(VERIFICATION_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const UserKycView = z
  .object({
    userId: z.string(),
    kycStatus: z.enum(['unverified', ...VERIFICATION_STATUSES]),
    riskLevel: RISK,
    latestVerification: VerificationSummary.nullable(),
    verifications: z
      .array(VerificationSummary)
      .max(MAX_VERIFICATION_HISTORY)
      .openapi({
        description: `The customer's KYC history, newest first (at most ${MAX_VERIFICATION_HISTORY})`,
      }),
    reverification: z
      .object({
        verificationId: z.string(),
        approvedAt: z.string(),
        periodicDueAt: z.string(),
        documentExpiresOn: z.string().nullable(),
        dueAt: z.string(),
        graceEndsAt: z.string(),
        state: z.enum(['current', 'due', 'overdue']),
        reason: z.enum(['periodic', 'document_expiry']),
        caseOpenedAt: z.string().nullable(),
        limitedAt: z.string().nullable(),
      })
      .nullable()
      .openapi({
        description:
          'Periodic re-verification of the approval that counts: due dates (KYC_REVERIFY_*), the case opened when due, the limit after KYC_REVERIFY_GRACE',
      }),
    updatedAt: z.string().datetime(),
  })
  .openapi('UserKyc');

export const ReviewDecisionRequest = z
  .strictObject({
    decision: z.enum(REVIEW_DECISIONS),
    notes: z
      .string()
      .trim()
      .min(3)
      .max(4000)
      .openapi({ description: 'Why: stored encrypted, never in the audit trail in clear' }),
    riskLevel: RISK.optional().openapi({
      description: 'The risk level transaction screening uses from now on (default: as assessed)',
    }),
  })
  .openapi('ReviewDecisionRequest');

export const ReviewDecisionResponse = z
  .object({ verificationId: z.string(), status: z.enum(VERIFICATION_STATUSES), riskLevel: RISK })
  .openapi('ReviewDecisionResponse');

export const WebhookAnswerView = z
  .object({
    result: z.enum(['applied', 'unchanged', 'duplicate', 'stale', 'ignored']),
    verificationId: z.string().optional(),
    status: z.enum(VERIFICATION_STATUSES).optional(),
  })
  .openapi('WebhookAnswer');

export const SandboxCompleteRequest = z
  .strictObject({ outcome: z.enum(SANDBOX_OUTCOMES) })
  .openapi('SandboxCompleteRequest');

export const ProvidersOverview = z
  .object({
    providers: z
      .array(
        z.object({
          provider: z.enum(PROVIDER_IDS),
          circuit: z.enum(['closed', 'half_open', 'open']),
          costUsd: z.string(),
          expectedCostPerConclusiveUsd: z.string(),
          successRate: z.number().nullable(),
          samples: z.number().int(),
          medianMinutes: z.number().nullable(),
          euDataResidency: z.boolean(),
          webhookUrl: z.string(),
        }),
      )
      .max(PROVIDER_IDS.length),
    routing: z.record(z.string(), z.unknown()),
  })
  .openapi('KycProviders');

// Document pre-check (issue 15 §1).
const documentTypeField = z.enum(DOCUMENT_TYPES).optional();
const documentSideField = z.enum(DOCUMENT_SIDES).optional();
const documentVerificationField = z.uuid().optional().openapi({
  description:
    "The applicant's verification: the MRZ is compared with the applicant (`mrz.mismatches`) and the document's expiry kept for re-verification",
});

export const DocumentCheckJsonRequest = z
  .strictObject({
    image: z
      .string()
      .min(1)
      .regex(/^(data:image\/[a-z]+;base64,)?[A-Za-z0-9+/\s]+={0,2}\s*$/, 'expected base64')
      .openapi({ description: 'The image (JPEG, PNG or WebP), base64; a data: URL prefix is accepted' }),
    documentType: documentTypeField,
    side: documentSideField,
    verificationId: documentVerificationField,
  })
  .openapi('DocumentCheckJsonRequest');

export const DocumentCheckFormRequest = z
  .object({
    image: z
      .custom<File>((v) => v instanceof File, 'expected a file part named image')
      .openapi({ type: 'string', format: 'binary', description: 'The image file (JPEG, PNG or WebP)' }),
    documentType: documentTypeField,
    side: documentSideField,
    verificationId: documentVerificationField,
  })
  .openapi('DocumentCheckFormRequest');

export const DocumentCheckResponse = z
  .object({
    accepted: z.boolean(),
    checks: z.object({
      resolution: z.object({
        width: z.number().int(),
        height: z.number().int(),
        minWidth: z.number().int(),
        minHeight: z.number().int(),
        passed: z.boolean(),
      }),
      sharpness: z
        .object({ value: z.number(), minimum: z.number(), passed: z.boolean() })
        .openapi({ description: 'Variance of the Laplacian of the greyscale image at 1000 px wide' }),
      glare: z
        .object({ share: z.number(), maximum: z.number(), passed: z.boolean() })
        .openapi({ description: 'Share of blown-out pixels (luminance ≥ 250)' }),
      ocrConfidence: z
        .number()
        .nullable()
        .openapi({ description: 'Mean OCR word confidence 0–100; null when the image failed before OCR' }),
      mrz: z.object({
        present: z.boolean(),
        valid: z.boolean(),
        format: z.string().optional(),
        documentNumber: z.string().optional(),
        surname: z.string().optional(),
        givenNames: z.string().optional(),
        nationality: z.string().optional(),
        dateOfBirth: z.string().optional(),
        expiryDate: z.string().optional(),
        checkDigits: z.array(z.object({ field: z.string(), valid: z.boolean() })).max(10),
        mismatches: z
          .array(z.enum(['surname', 'givenNames', 'dateOfBirth']))
          .max(3)
          .optional()
          .openapi({ description: 'With verificationId: the MRZ fields that differ from the applicant' }),
      }),
    }),
    problems: z
      .array(z.object({ code: z.enum(DOCUMENT_PROBLEM_CODES), message: z.string() }))
      .max(DOCUMENT_PROBLEM_CODES.length),
  })
  .openapi('DocumentCheckResponse');

// Document forwarding (issue 15 §1, the provider upload): the check's fields, the verification in the path.
export const DocumentUploadJsonRequest = DocumentCheckJsonRequest.omit({ verificationId: true }).openapi(
  'DocumentUploadJsonRequest',
);
export const DocumentUploadFormRequest = DocumentCheckFormRequest.omit({ verificationId: true }).openapi(
  'DocumentUploadFormRequest',
);

const documentChecks = DocumentCheckResponse.shape.checks;

export const DocumentForwardResponse = z
  .object({
    verificationId: z.string(),
    provider: z.enum(PROVIDER_IDS),
    forwarded: z.literal(true),
    providerDocumentId: z
      .string()
      .optional()
      .openapi({ description: "The provider's id of the document or image, when it gives one" }),
    checks: documentChecks,
  })
  .openapi('DocumentForwardResponse');

export const DocumentRefusedProblem = ProblemSchema.extend({
  problems: DocumentCheckResponse.shape.problems
    .optional()
    .openapi({ description: 'Document refused by the check: what to fix before retaking the photo' }),
  checks: documentChecks.optional(),
}).openapi('DocumentRefusedProblem');

// Business customers (issue 15 §4).
const ownershipPercent = z
  .number()
  .min(0)
  .max(100)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, 'at most two decimals')
  .openapi({ example: 40 });

export const BusinessRequest = z
  .strictObject({
    businessId: opaqueId.openapi({ example: 'biz-7' }),
    legalName: z.string().trim().min(1).max(200).openapi({ example: 'Acme Trading GmbH' }),
    registrationNumber: z.string().trim().min(1).max(64).openapi({ example: 'HRB 12345' }),
    country: kycCountry.openapi({ example: 'DE', description: 'Country of incorporation, ISO 3166-1 alpha-2' }),
    lei: z.string().trim().toUpperCase().optional().openapi({
      example: '5299000J2N45DDNE4Y28',
      description: 'Legal Entity Identifier; its ISO 17442 check digits are verified',
    }),
    incorporationDate: dateOfBirth.optional().openapi({ example: '2015-03-01' }),
    address: z.strictObject({
      street: z.string().trim().min(1).max(200),
      city: z.string().trim().min(1).max(100),
      postalCode: z.string().trim().min(1).max(20),
      country: kycCountry,
    }),
    owners: z
      .array(
        z.strictObject({
          firstName: personName,
          lastName: personName,
          dateOfBirth,
          nationality: kycCountry,
          ownershipPercent,
          role: z.enum(KYB_ROLES),
        }),
      )
      .min(1)
      .max(MAX_BUSINESS_PERSONS),
  })
  .openapi('BusinessRequest');

export const BusinessIdParam = z.object({
  id: opaqueId.openapi({ param: { name: 'id', in: 'path' }, example: 'biz-7' }),
});

export const BusinessView = z
  .object({
    businessId: z.string(),
    status: z.enum(KYB_STATUSES),
    riskLevel: RISK,
    legalName: z.string(),
    country: z.string(),
    lei: z.string().nullable(),
    registrationNumber: z.string().optional(),
    incorporationDate: z.string().nullable().optional(),
    address: z.object({ street: z.string(), city: z.string(), postalCode: z.string(), country: z.string() }).optional(),
    persons: z
      .array(
        z.object({
          personId: z.string(),
          role: z.enum(KYB_ROLES),
          ownershipPercent: z.string().openapi({ example: '40.00' }),
          verificationRequired: z.boolean(),
          verification: z.object({ verificationId: z.string(), status: z.string() }).nullable(),
          sanctionsHits: z.number().int(),
          person: z
            .object({ firstName: z.string(), lastName: z.string(), dateOfBirth: z.string(), nationality: z.string() })
            .optional()
            .openapi({ description: 'Personal data: scope admin only (the view is audited)' }),
        }),
      )
      .max(MAX_BUSINESS_PERSONS),
    sanctions: z.object({
      screened: z.boolean(),
      hits: z
        .array(
          z.object({
            subject: z.string().openapi({ description: '`company`, or the personId' }),
            source: z.string(),
            sourceId: z.string(),
            name: z.string(),
            score: z.number(),
            open: z.boolean(),
          }),
        )
        .max(MAX_HITS * (MAX_BUSINESS_PERSONS + 1)),
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
    audit: z.array(AuditEventView).max(MAX_AUDIT_EVENTS),
  })
  .openapi('Business');
