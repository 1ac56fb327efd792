/** Which provider events may change a verification: duplicates, reordering, late progress reports, officer decisions. */
import { describe, expect, it } from 'vitest';
import { judgeTransition } from '../../../src/kyc/state-machine.ts';

const t = (iso: string) => new Date(iso);
const cur = (
  status: Parameters<typeof judgeTransition>[0]['status'],
  extra: Partial<Parameters<typeof judgeTransition>[0]> = {},
) => ({ status, officerDecided: false, ...extra });
const ev = (
  status: Parameters<typeof judgeTransition>[1]['status'],
  extra: Partial<Parameters<typeof judgeTransition>[1]> = {},
) => ({ status, authoritative: false, ...extra });

describe('transition rules', () => {
  it('moves forward through progress to a decision', () => {
    expect(judgeTransition(cur('pending'), ev('in_progress'))).toEqual({ apply: true });
    expect(judgeTransition(cur('in_progress'), ev('approved'))).toEqual({ apply: true });
    expect(judgeTransition(cur('pending'), ev('rejected'))).toEqual({ apply: true });
    expect(judgeTransition(cur('manual_review'), ev('approved'))).toEqual({ apply: true });
  });

  it('treats the same status again as unchanged (idempotent)', () => {
    expect(judgeTransition(cur('approved'), ev('approved'))).toEqual({ apply: false, why: 'unchanged' });
  });

  it('never lets a late pending or in_progress overwrite a decision, even when it claims to be newer', () => {
    for (const s of ['approved', 'rejected', 'manual_review', 'expired'] as const) {
      expect(judgeTransition(cur(s), ev('pending'))).toMatchObject({ apply: false });
      expect(
        judgeTransition(
          cur(s, { lastEventAt: t('2026-01-01T00:00:00Z') }),
          ev('in_progress', { occurredAt: t('2026-01-02T00:00:00Z') }),
        ),
      ).toMatchObject({ apply: false });
    }
    expect(judgeTransition(cur('in_progress'), ev('pending'))).toEqual({ apply: false, why: 'regression' });
  });

  it('lets a newer progress report reopen a resubmission (the applicant started again)', () => {
    const c = cur('resubmission_requested', { lastEventAt: t('2026-01-01T00:00:00Z') });
    expect(judgeTransition(c, ev('in_progress', { occurredAt: t('2026-01-02T00:00:00Z') }))).toEqual({ apply: true });
    expect(judgeTransition(c, ev('in_progress'))).toEqual({ apply: false, why: 'regression' });
  });

  it('orders decisions by the provider timestamp: GREEN then RED applies, RED then an older GREEN is stale', () => {
    const approvedAt = cur('approved', { lastEventAt: t('2026-01-01T10:00:00Z') });
    expect(judgeTransition(approvedAt, ev('rejected', { occurredAt: t('2026-01-01T11:00:00Z') }))).toEqual({
      apply: true,
    });
    const rejectedAt = cur('rejected', { lastEventAt: t('2026-01-01T11:00:00Z') });
    expect(judgeTransition(rejectedAt, ev('approved', { occurredAt: t('2026-01-01T10:00:00Z') }))).toEqual({
      apply: false,
      why: 'stale',
    });
  });

  it('without timestamps, keeps a decision against a lower or equal one unless read from the provider API', () => {
    expect(judgeTransition(cur('approved'), ev('manual_review'))).toEqual({ apply: false, why: 'regression' });
    expect(judgeTransition(cur('approved'), ev('rejected'))).toEqual({ apply: false, why: 'regression' });
    expect(judgeTransition(cur('approved'), ev('rejected', { authoritative: true }))).toEqual({ apply: true });
  });

  it('never lets expiry replace a decision', () => {
    expect(judgeTransition(cur('approved'), ev('expired', { authoritative: true }))).toEqual({
      apply: false,
      why: 'regression',
    });
    expect(judgeTransition(cur('manual_review'), ev('expired'))).toEqual({ apply: false, why: 'regression' });
    expect(judgeTransition(cur('pending'), ev('expired'))).toEqual({ apply: true });
    expect(judgeTransition(cur('resubmission_requested'), ev('expired'))).toEqual({ apply: true });
  });

  it("keeps a compliance officer's decision against any provider event", () => {
    expect(judgeTransition(cur('approved', { officerDecided: true }), ev('rejected', { authoritative: true }))).toEqual(
      { apply: false, why: 'officer_decided' },
    );
  });
});
