import { describe, expect, it } from 'vitest';
import { loadTransactionsConfig } from '../../../src/transactions/config.ts';

describe('transactions configuration', () => {
  it('defaults', () => {
    expect(loadTransactionsConfig({})).toEqual({
      maxClockSkewMs: 120_000,
      stateMaxUsers: 200_000,
      commitMaxBatch: 500,
      synchronous: 'normal',
    });
  });
  it('overrides and limits', () => {
    expect(
      loadTransactionsConfig({ TRANSACTIONS_MAX_CLOCK_SKEW: '30s', TRANSACTIONS_SYNCHRONOUS: 'full' }),
    ).toMatchObject({ maxClockSkewMs: 30_000, synchronous: 'full' });
    expect(() => loadTransactionsConfig({ TRANSACTIONS_COMMIT_MAX_BATCH: '5000' })).toThrow(
      /TRANSACTIONS_COMMIT_MAX_BATCH/,
    );
    expect(() => loadTransactionsConfig({ TRANSACTIONS_SYNCHRONOUS: 'off' })).toThrow(/TRANSACTIONS_SYNCHRONOUS/);
  });
});
