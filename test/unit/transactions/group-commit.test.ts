/** The group committer over the real TransactionStore and a real libSQL file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/db/client.ts';
import { GroupCommitter, QueueFullError } from '../../../src/transactions/group-commit.ts';
import { createRowWriter } from '../../../src/transactions/row-writer.ts';
import { TransactionStore, type DecisionRecord } from '../../../src/transactions/store.ts';

let dir: string;
let database: Database;
let store: TransactionStore;
let url: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commit-test-'));
  url = `file:${path.join(dir, 'db.sqlite')}`;
  database = await openDatabase(url);
  store = new TransactionStore(database.db, createRowWriter(url, database.client));
});
afterEach(async () => {
  await store.close();
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function record(id: string, userId = 'u1', at = Date.parse('2026-03-02T12:00:00Z')): DecisionRecord {
  return {
    transaction: {
      transactionId: id,
      userId,
      occurredAt: new Date(at),
      direction: 'outbound',
      amount: '10',
      asset: 'USDC',
      amountUsd: '10',
      counterpartyKey: null,
      counted: true,
      bodyHash: `h-${id}`,
      request: `v1.${id}`,
      receivedAt: new Date(at),
    },
    decision: {
      transactionId: id,
      userId,
      decision: 'approve',
      riskScore: 0,
      monitoring: 'standard',
      reasonCodes: [],
      response: { transactionId: id },
      evaluatedAt: new Date(at),
    },
  };
}

describe('GroupCommitter', () => {
  it('writes concurrent submissions in few batches, and each promise resolves only once its row is stored', async () => {
    const batches: number[] = [];
    const committer = new GroupCommitter(store, 500, { batch: (size) => batches.push(size) });
    const ids = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const results = await Promise.all(
      ids.map(async (id) => {
        const outcome = await committer.submit(record(id));
        // Durable at the moment the caller is released:
        expect(await store.findDecision(id)).toBeDefined();
        return outcome;
      }),
    );
    expect(results.every((r) => r === 'written')).toBe(true);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(200);
    expect(batches.length).toBeLessThan(10);
    expect((await store.existing(ids)).length).toBe(200);
  });

  it('isolates a duplicate: the batch is retried item by item and only the duplicate is reported', async () => {
    const committer = new GroupCommitter(store, 500);
    await committer.submit(record('old'));
    const outcomes = await Promise.all([
      committer.submit(record('a')),
      committer.submit(record('old')),
      committer.submit(record('b')),
      committer.submit(record('b')),
    ]);
    expect(outcomes).toEqual(['written', 'duplicate', 'written', 'duplicate']);
    expect((await store.existing(['a', 'b', 'old'])).sort()).toEqual(['a', 'b', 'old']);
  });

  it('respects the maximum batch size', async () => {
    const batches: number[] = [];
    const committer = new GroupCommitter(store, 16, { batch: (size) => batches.push(size) });
    await Promise.all(Array.from({ length: 50 }, (_, i) => committer.submit(record(`m${i}`))));
    expect(Math.max(...batches)).toBeLessThanOrEqual(16);
  });

  it('refuses a submit beyond maxQueue at once, queues nothing of it, and accepts again once drained', async () => {
    const committer = new GroupCommitter(store, 500, undefined, 2);
    // Same turn of the event loop: nothing is flushed yet, so the third and fourth find the queue full.
    const a = committer.submit(record('q1'));
    const b = committer.submit(record('q2'));
    expect(committer.full).toBe(true);
    await expect(committer.submit(record('q3'))).rejects.toBeInstanceOf(QueueFullError);
    await expect(committer.submit(record('q4'))).rejects.toThrow(/queue is full \(2 waiting\)/);
    await expect(Promise.all([a, b])).resolves.toEqual(['written', 'written']);
    expect((await store.existing(['q1', 'q2', 'q3', 'q4'])).sort()).toEqual(['q1', 'q2']);
    expect(committer.full).toBe(false);
    await expect(committer.submit(record('q3'))).resolves.toBe('written');
  });

  it('close() writes what is queued, then refuses new work', async () => {
    const committer = new GroupCommitter(store, 500);
    const pending = Array.from({ length: 20 }, (_, i) => committer.submit(record(`c${i}`)));
    await committer.close();
    expect((await store.existing(Array.from({ length: 20 }, (_, i) => `c${i}`))).length).toBe(20);
    await expect(Promise.all(pending)).resolves.toHaveLength(20);
    await expect(committer.submit(record('late'))).rejects.toThrow(/closed/);
  });

  it('waits, without blocking the event loop, while another area holds the write lock', async () => {
    const committer = new GroupCommitter(store, 500);
    const other = await database.client.transaction('write');
    await other.execute(
      "insert into customers (user_id, kyc_status, risk_level, origin, updated_at) values ('k1', 'pending', 'medium', 'kyc', 0)",
    );
    const pending = committer.submit(record('during-lock'));
    await new Promise((r) => setTimeout(r, 30));
    await other.commit();
    await expect(pending).resolves.toBe('written');
    expect(await store.findDecision('during-lock')).toBeDefined();
  });

  it('rebuilds a customer history from what was written', async () => {
    const committer = new GroupCommitter(store, 500);
    const t = Date.parse('2026-03-02T12:00:00Z');
    await Promise.all([
      committer.submit(record('h1', 'u9', t - 3 * 86_400_000)),
      committer.submit(record('h2', 'u9', t - 3_600_000)),
      committer.submit(record('h3', 'u9', t)),
    ]);
    const history = await store.loadHistory('u9', t - 86_400_000);
    expect(history.entries.map((e) => e.transactionId)).toEqual(['h2', 'h3']);
    expect(history.firstSeenAt).toBe(t - 3 * 86_400_000);
    expect(history.lastActiveBeforeHeld).toBe(t - 3 * 86_400_000);
    expect(history.monitoring).toBe('standard');
  });
});
