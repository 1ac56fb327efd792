/**
 * Case due dates per kind and priority (CASES_SLA_*): the three levels of settings and their precedence, and the
 * rows every case source writes.
 */
import { describe, expect, it } from 'vitest';
import { loadCasesConfig } from '../../../src/cases/config.ts';
import { DEFAULT_SLA_HOURS, dueAtFor } from '../../../src/cases/sla.ts';
import { caseRows, transactionAlertCases } from '../../../src/cases/sources.ts';
import { CASE_KINDS } from '../../../src/cases/types.ts';

const AT = new Date('2026-05-01T10:00:00Z');
const HOUR = 3_600_000;

describe('CASES_SLA_* settings', () => {
  it('defaults every kind to the same hours per priority', () => {
    const { sla } = loadCasesConfig({});
    for (const kind of CASE_KINDS) expect(sla[kind]).toEqual({ critical: 4, high: 24, normal: 72, low: 168 });
    expect(sla).toEqual(DEFAULT_SLA_HOURS);
  });

  it('the most specific setting wins: kind and priority, then kind, then priority', () => {
    const { sla } = loadCasesConfig({
      CASES_SLA_HIGH_HOURS: '10',
      CASES_SLA_APPEAL_HOURS: '300',
      CASES_SLA_APPEAL_HIGH_HOURS: '12',
      CASES_SLA_KYC_REVIEW_NORMAL_HOURS: '48',
      CASES_SLA_SANCTIONS_RESCREEN_CRITICAL_HOURS: '1.5',
      CASES_SLA_TRANSACTION_HOURS: '8',
    });
    expect(sla.appeal).toEqual({ critical: 300, high: 12, normal: 300, low: 300 });
    expect(sla.kyc_review).toEqual({ critical: 4, high: 10, normal: 48, low: 168 });
    expect(sla.sanctions_rescreen).toEqual({ critical: 1.5, high: 10, normal: 72, low: 168 });
    expect(sla.transaction).toEqual({ critical: 8, high: 8, normal: 8, low: 8 });
  });

  it('refuses a value that is not a positive number of hours, naming the setting', () => {
    expect(() => loadCasesConfig({ CASES_SLA_APPEAL_NORMAL_HOURS: '-1' })).toThrow(/CASES_SLA_APPEAL_NORMAL_HOURS/);
    expect(() => loadCasesConfig({ CASES_SLA_KYC_REVIEW_HOURS: 'soon' })).toThrow(/CASES_SLA_KYC_REVIEW_HOURS/);
    expect(() => loadCasesConfig({ CASES_SLA_LOW_HOURS: '0' })).toThrow(/CASES_SLA_LOW_HOURS/);
  });
});

describe('due dates', () => {
  const { sla } = loadCasesConfig({ CASES_SLA_SANCTIONS_RESCREEN_HOURS: '2', CASES_SLA_TRANSACTION_HIGH_HOURS: '6' });

  it('dueAtFor reads the kind’s and priority’s hours', () => {
    expect(dueAtFor('sanctions_rescreen', 'critical', AT, sla).getTime() - AT.getTime()).toBe(2 * HOUR);
    expect(dueAtFor('transaction', 'high', AT, sla).getTime() - AT.getTime()).toBe(6 * HOUR);
    expect(dueAtFor('kyc_review', 'high', AT, sla).getTime() - AT.getTime()).toBe(24 * HOUR);
    expect(dueAtFor('appeal', 'normal', AT).getTime() - AT.getTime()).toBe(72 * HOUR);
  });

  it('bulk-written cases (transaction alerts, re-screen hits) take their own kind’s hours', () => {
    const rows = caseRows(
      [
        { kind: 'sanctions_rescreen', userId: 'u', subjectId: 'a1', summary: 's', priority: 'critical', actor: 'x' },
        { kind: 'transaction', userId: 'u', subjectId: 'a2', summary: 's', priority: 'critical', actor: 'x' },
      ],
      AT,
      sla,
    );
    expect(rows.cases.map((c) => (c.dueAt as Date).getTime() - AT.getTime())).toEqual([2 * HOUR, 4 * HOUR]);
    const held = transactionAlertCases(
      [{ alertId: 'alt', detectedAt: AT, userId: 'u', decision: 'review', reasonCodes: [], amountUsd: '1500' }],
      AT,
      sla,
    );
    expect((held.cases[0]!.dueAt as Date).getTime() - AT.getTime()).toBe(6 * HOUR);
  });
});
