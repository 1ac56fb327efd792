/**
 * Builds a Suspicious Activity Report draft from a transaction case, in FinCEN SAR's structure: Part I subject,
 * Part II suspicious activity (items 29–38, see categories.ts), Part IV filing institution, Part V narrative skeleton
 * (who, what, when, where, why, how), plus the filing deadlines. Pure: the facts are read by the caller.
 */
import type { Applicant } from '../kyc/types.ts';
import { formatDecimal, parseDecimal, sum } from '../risk/money.ts';
import { sarCategories } from './categories.ts';
import type { SarConfig } from './config.ts';

const DAY_MS = 86_400_000;
/** 31 CFR 1022.320(b)(3): 30 calendar days from initial detection; up to 30 more (60) when no subject is known. */
export const FILING_DAYS = 30;
export const FILING_DAYS_NO_SUBJECT = 60;
/** FinCEN guidance on continuing activity: review every 90 days after a filing (file again within 120). */
export const CONTINUING_REVIEW_DAYS = 90;

export interface SarFacts {
  caseId: string;
  userId: string;
  alert: {
    alertId: string;
    transactionId: string;
    detectedAt: Date;
    riskScore: number;
    ruleHits: Record<string, unknown>[];
    aggregates: Record<string, unknown>;
  };
  /** The customer's screened transactions in the pattern's window, oldest first (amounts in clear). */
  transactions: {
    transactionId: string;
    occurredAt: Date;
    direction: string;
    amount: string;
    asset: string;
    amountUsd: string;
  }[];
  customer: { country: string | null; kycStatus: string; riskLevel: string; accountCreatedAt: Date | null } | null;
  /** The KYC applicant (decrypted for the draft only), when the customer went through KYC here. */
  applicant: { verificationId: string; data: Applicant } | null;
}

export interface SarDeadlines {
  detectedAt: string;
  filingDueAt: string;
  continuingActivityReviewAt: string;
  basis: string;
}

export function sarDeadlines(detectedAt: Date, subjectIdentified: boolean): SarDeadlines {
  const days = subjectIdentified ? FILING_DAYS : FILING_DAYS_NO_SUBJECT;
  const due = detectedAt.getTime() + days * DAY_MS;
  return {
    detectedAt: detectedAt.toISOString(),
    filingDueAt: new Date(due).toISOString(),
    continuingActivityReviewAt: new Date(due + CONTINUING_REVIEW_DAYS * DAY_MS).toISOString(),
    basis: subjectIdentified
      ? '30 days from initial detection (31 CFR 1022.320(b)(3))'
      : '60 days from initial detection: no subject identified (31 CFR 1022.320(b)(3))',
  };
}

const placeholder = (setting: string) => `[${setting} not configured]`;

function institution(config: SarConfig) {
  const v = (k: keyof SarConfig['institution']) => config.institution[k] ?? placeholder(k);
  return {
    name: v('SAR_INSTITUTION_NAME'),
    ein: v('SAR_INSTITUTION_EIN'),
    contact: { name: v('SAR_CONTACT_NAME'), phone: v('SAR_CONTACT_PHONE'), email: v('SAR_CONTACT_EMAIL') },
  };
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

export function buildSarContent(facts: SarFacts, config: SarConfig, generatedAt: Date) {
  const a = facts.applicant?.data;
  const subjectIdentified = a !== undefined;
  const categories = sarCategories(facts.alert.ruleHits.map((h) => ({ code: String(h.code), details: h.details })));
  const txs = facts.transactions;
  const total = formatDecimal(sum(txs.map((t) => parseDecimal(t.amountUsd))));
  const first = txs[0]?.occurredAt ?? facts.alert.detectedAt;
  const last = txs[txs.length - 1]?.occurredAt ?? facts.alert.detectedAt;
  const assets = [...new Set(txs.map((t) => t.asset))].sort();
  const inst = institution(config);
  const agg = facts.alert.aggregates;
  const subjectLine = a
    ? `${a.firstName} ${a.lastName}, born ${a.dateOfBirth}, resident in ${a.country}`
    : 'subject not identified beyond the platform account';
  const since = facts.customer?.accountCreatedAt?.toISOString().slice(0, 10);

  const q = (v: unknown) => str(v) ?? '?';
  const c = facts.customer;
  const categoryList = categories.map((x) => `${x.category} – ${x.type} (item ${x.item})`).join('; ');
  const narrative = {
    who:
      `Customer ${facts.userId} (${subjectLine})${since ? `, account opened ${since}` : ''}; ` +
      `KYC status ${c?.kycStatus ?? 'unknown'}, risk level ${c?.riskLevel ?? 'unknown'}.`,
    what:
      `${txs.length} virtual-currency transaction(s) totalling ${total} USD ` +
      `(${assets.join(', ') || 'no asset recorded'}); categories: ${categoryList}.`,
    when:
      `Between ${first.toISOString()} and ${last.toISOString()}; ` +
      `first detected ${facts.alert.detectedAt.toISOString()} (alert ${facts.alert.alertId}).`,
    where:
      `On ${inst.name}'s virtual-asset platform, customer account ${facts.userId}` +
      `${c?.country ? `, customer country ${c.country}` : ''}.`,
    why: facts.alert.ruleHits.map((h) => `${String(h.code)}: ${str(h.message) ?? 'rule hit'}`).join(' '),
    how:
      `At detection the customer's 24 h volume was ${q(agg.volume24hUsd)} USD over ${q(agg.count24h)} ` +
      `transaction(s) (inbound ${q(agg.inbound24hUsd)}, outbound ${q(agg.outbound24hUsd)}); ` +
      `${q(agg.distinctSenders)} distinct sender(s), ${q(agg.distinctRecipients)} distinct recipient(s).`,
  };

  const text = [
    narrative.who,
    narrative.what,
    narrative.when,
    narrative.where,
    `Why it is suspicious: ${narrative.why}`,
    narrative.how,
    '[Officer: describe the investigation, the customer’s explanation if any, and the action taken.]',
  ].join('\n\n');

  return {
    status: 'draft' as const,
    generatedAt: generatedAt.toISOString(),
    caseId: facts.caseId,
    /** Part I (items 3–25). */
    subject: {
      identified: subjectIdentified,
      userId: facts.userId,
      relationship: 'Customer',
      ...(a
        ? {
            lastName: a.lastName,
            firstName: a.firstName,
            dateOfBirth: a.dateOfBirth,
            email: a.email,
            address: a.address ?? null,
            country: a.country,
            verificationId: facts.applicant!.verificationId,
          }
        : { country: facts.customer?.country ?? null }),
    },
    /** Part II. */
    suspiciousActivity: {
      amountInvolvedUsd: total,
      dateRange: { from: first.toISOString(), to: last.toISOString() },
      categories,
      product: 'Virtual currency',
      riskScore: facts.alert.riskScore,
      ruleHits: facts.alert.ruleHits.map((h) => ({
        code: String(h.code),
        score: h.score ?? null,
        message: str(h.message) ?? null,
        details: h.details ?? null,
      })),
      transactions: txs.map((t) => ({ ...t, occurredAt: t.occurredAt.toISOString() })),
      aggregatesAtDetection: agg,
    },
    /** Parts III and IV: the platform is both where the activity occurred and the filer. */
    filingInstitution: inst,
    /** Part V. */
    narrative: { ...narrative, text },
    deadlines: sarDeadlines(facts.alert.detectedAt, subjectIdentified),
  };
}

export type SarContent = ReturnType<typeof buildSarContent>;
