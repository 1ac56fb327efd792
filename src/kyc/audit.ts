/**
 * The append-only audit trail of verifications: every state change with its actor and reasons.
 * Details hold reason codes, provider labels and counts; keys that would carry personal data are
 * dropped here as a safety net, the same way the logger redacts them.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { kycAuditEvents, kycVerifications } from '../db/schema/kyc.ts';
import type { DbOrTx } from './db.ts';
import type { Actor, ActorType, VerificationStatus } from './types.ts';

const PERSONAL_KEYS =
  /^(name|firstName|lastName|fullName|dateOfBirth|dob|birthDate|email|address|street|postalCode|notes|document)$/i;

export interface AuditEntry {
  verificationId: string;
  action: string;
  actor: Actor;
  fromStatus?: VerificationStatus | null;
  toStatus?: VerificationStatus | null;
  details?: Record<string, unknown>;
}

export interface AuditEvent {
  id: number;
  action: string;
  actorType: ActorType;
  actorId: string;
  fromStatus: string | null;
  toStatus: string | null;
  details: Record<string, unknown>;
  at: Date;
}

function scrub(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details)
      .filter(([k]) => !PERSONAL_KEYS.test(k))
      .map(([k, v]) => [
        k,
        v !== null && typeof v === 'object' && !Array.isArray(v) ? scrub(v as Record<string, unknown>) : v,
      ]),
  );
}

export async function appendAudit(db: DbOrTx, at: Date, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(kycAuditEvents).values(
    entries.map((e) => ({
      verificationId: e.verificationId,
      action: e.action,
      actorType: e.actor.type,
      actorId: e.actor.id,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      details: scrub(e.details ?? {}),
      createdAt: at,
    })),
  );
  // The verification's first decision and first manual review, kept from the trail for the reports (src/reports).
  for (const e of entries) {
    const column = DECIDED.has(e.toStatus ?? '')
      ? 'firstDecidedAt'
      : e.toStatus === 'manual_review'
        ? 'manualReviewAt'
        : null;
    if (!column) continue;
    const c = kycVerifications[column];
    await db
      .update(kycVerifications)
      .set({ [column]: sql`case when ${c} is null or ${c} > ${at.getTime()} then ${at.getTime()} else ${c} end` })
      .where(eq(kycVerifications.id, e.verificationId));
  }
}

const DECIDED = new Set(['approved', 'rejected', 'resubmission_requested']);

/** The most a view shows: a trail grows with every view of personal data, and an answer must stay bounded. */
export const MAX_AUDIT_EVENTS = 1000;

/** Oldest first; the latest MAX_AUDIT_EVENTS when there are more. */
export async function listAudit(db: DbOrTx, verificationId: string): Promise<AuditEvent[]> {
  const rows = await db
    .select()
    .from(kycAuditEvents)
    .where(eq(kycAuditEvents.verificationId, verificationId))
    .orderBy(desc(kycAuditEvents.id))
    .limit(MAX_AUDIT_EVENTS);
  return rows.reverse().map((r) => ({
    id: r.id,
    action: r.action,
    actorType: r.actorType,
    actorId: r.actorId,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    details: r.details,
    at: r.createdAt,
  }));
}
