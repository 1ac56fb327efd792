/** Both row writers store exactly what drizzle would: same columns, same encodings, read back through drizzle. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/client.ts';
import { randomBytes } from 'node:crypto';
import { PiiCipher } from '../../../src/kyc/crypto.ts';
import { TransactionPii } from '../../../src/transactions/pii.ts';
import { StatementPort } from '../../../src/db/statement-port.ts';
import { createRowWriter, TableRows } from '../../../src/transactions/row-writer.ts';
import type { Client } from '@libsql/client';
import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { TransactionStore, type DecisionRecord } from '../../../src/transactions/store.ts';

const at = new Date('2026-06-01T12:00:00.123Z');
const record: DecisionRecord = {
  transaction: {
    transactionId: 'rw-1',
    userId: 'u1',
    occurredAt: at,
    direction: 'inbound',
    amount: '0.000000000000000001',
    asset: 'ETH',
    amountUsd: '12.5',
    counterpartyKey: null,
    counted: false,
    bodyHash: 'h',
    request: 'v1.sealed-request',
    receivedAt: at,
  },
  decision: {
    transactionId: 'rw-1',
    userId: 'u1',
    decision: 'block',
    riskScore: 1,
    monitoring: 'enhanced',
    reasonCodes: ['sanctions.wallet'],
    response: { transactionId: 'rw-1', decision: 'block' },
    evaluatedAt: at,
  },
  alert: {
    alertId: 'alt_00000000-0000-0000-0000-000000000001',
    transactionId: 'rw-1',
    userId: 'u1',
    decision: 'block',
    riskScore: 1,
    ruleHits: [{ code: 'sanctions.wallet' }],
    aggregates: { count24h: 1 },
    detectedAt: at,
    status: 'open',
  },
  monitoring: { userId: 'u1', level: 'enhanced', since: at, transactionId: 'rw-1' },
};

for (const kind of ['embedded file', 'client batch (in-memory)'] as const) {
  describe(`row writer: ${kind}`, () => {
    it('round-trips every column type', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-test-'));
      const url = kind === 'embedded file' ? `file:${path.join(dir, 'db.sqlite')}` : ':memory:';
      const database = await openDatabase(url);
      const store = new TransactionStore(database.db, createRowWriter(url, database.client));
      try {
        await store.writeBatch([record]);
        expect(await store.findDecision('rw-1')).toEqual({
          userId: 'u1',
          bodyHash: 'h',
          response: { transactionId: 'rw-1', decision: 'block' },
          finalOutcome: null,
          decidedBy: null,
          decidedAt: null,
          counted: false,
        });
        // The alert's case, its created event and case.created are written in the same commit.
        const opened = await database.client.execute(
          "select c.seq, c.priority, (select count(*) from case_events e where e.case_id = c.id) as events from cases c where c.subject_id = 'alt_00000000-0000-0000-0000-000000000001'",
        );
        expect(opened.rows.map((r) => ({ ...r }))).toEqual([{ seq: 1, priority: 'critical', events: 1 }]);
        const notified = await database.client.execute(
          "select count(*) as n from notification_events where type = 'case.created'",
        );
        expect(Number(notified.rows[0]!.n)).toBe(1);
        const history = await store.loadHistory('u1', at.getTime() - 1000);
        expect(history).toMatchObject({ monitoring: 'enhanced', firstSeenAt: at.getTime() });
        expect(history.entries[0]).toMatchObject({
          transactionId: 'rw-1',
          at: at.getTime(),
          direction: 'inbound',
          counted: false,
        });
        const alert = await store.getAlert('alt_00000000-0000-0000-0000-000000000001');
        expect(alert).toMatchObject({
          detectedAt: at,
          ruleHits: [{ code: 'sanctions.wallet' }],
          aggregates: { count24h: 1 },
          status: 'open',
        });
        // The monitoring row is insert-or-ignore: a second escalation keeps the first `since`.
        await store.writeBatch([
          {
            ...record,
            transaction: { ...record.transaction, transactionId: 'rw-2' },
            decision: { ...record.decision, transactionId: 'rw-2' },
            alert: undefined,
            monitoring: { ...record.monitoring!, since: new Date(at.getTime() + 5000), transactionId: 'rw-2' },
          },
        ]);
        const rows = await database.client.execute(
          "select since, transaction_id from user_monitoring where user_id = 'u1'",
        );
        expect(rows.rows.map((r) => [Number(r[0]), r[1]])).toEqual([[at.getTime(), 'rw-1']]);
        await expect(store.writeBatch([record])).rejects.toThrow(/UNIQUE|constraint/i);
      } finally {
        await store.close();
        database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('seals a request as it writes it (in the writer thread when there is one), openable as before', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-seal-'));
      const url = kind === 'embedded file' ? `file:${path.join(dir, 'db.sqlite')}` : ':memory:';
      const database = await openDatabase(url);
      const pii = new TransactionPii(new PiiCipher(randomBytes(32)));
      const store = new TransactionStore(
        database.db,
        createRowWriter(url, database.client, 'normal', pii.keyForWriter()),
      );
      const request = JSON.stringify({ counterparty: { name: 'Zephyrine Ämtler' } });
      try {
        const ids = ['rw-s1', 'rw-s2'];
        await store.writeBatch(
          ids.map((id) => ({
            transaction: {
              ...record.transaction,
              transactionId: id,
              request: pii.sealRequestOnWrite(id, request) as unknown as string,
            },
            decision: { ...record.decision, transactionId: id },
          })),
        );
        const rows = await database.client.execute(
          "select transaction_id, request from screened_transactions where transaction_id like 'rw-s%' order by transaction_id",
        );
        const stored = rows.rows.map((r) => String(r[1]));
        expect(stored[0]).toMatch(/^v1\./);
        expect(stored[0]).not.toContain('Zephyrine');
        expect(stored[0]).not.toBe(stored[1]); // a fresh IV each
        expect(stored.map((s, i) => pii.openRequest(ids[i]!, s))).toEqual([JSON.parse(request), JSON.parse(request)]);
        expect(() => pii.openRequest('rw-s2', stored[0]!)).toThrow(); // bound to its row
      } finally {
        await store.close();
        database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('row writer: embedded file, values as the thread receives them', () => {
  // A batch goes to the writer thread packed (src/transactions/row-pack.ts) when every value has a place in it, else as arrays.
  const probe = sqliteTable('rw_probe', {
    id: integer('id').primaryKey(),
    label: text('label'),
    n: integer('n'),
    x: real('x'),
  });
  const rows = new TableRows(probe);
  const read = async (client: Client) =>
    (await client.execute('select id, label, cast(n as text), x from rw_probe order by id')).rows.map((r) => [
      r[0],
      r[1] instanceof ArrayBuffer ? Buffer.from(r[1]).toString('hex') : r[1],
      r[2],
      r[3],
    ]);

  it('stores text and numbers exactly, packed or not', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-probe-'));
    const url = `file:${path.join(dir, 'db.sqlite')}`;
    const database = await openDatabase(url);
    await database.client.execute('create table rw_probe (id integer primary key, label text, n integer, x real)');
    const writer = createRowWriter(url, database.client);
    try {
      // Packed: quotes and controls, non-Latin text, the largest safe integer, a double, null.
      await writer.write([
        {
          rows,
          values: [
            { id: 1, label: 'ab "q" \\ \n\u0001 Ämtler 李 🙂', n: Number.MAX_SAFE_INTEGER, x: 0.1 + 0.2 },
            { id: 2, label: null, n: -1, x: 1e-300 },
          ],
        },
      ]);
      // Packed, a bigint (an exact integer beyond 2^53, as the lifetime volume writes).
      await writer.write([{ rows, values: [{ id: 3, label: 'big', n: 2n ** 62n + 1n, x: 2.5 }] }]);
      // As arrays: bytes have no place in the packed form.
      await writer.write([{ rows, values: [{ id: 4, label: new Uint8Array([0, 255]), n: 5n, x: -1.5 }] }]);
      expect(await read(database.client)).toEqual([
        [1, 'ab "q" \\ \n\u0001 Ämtler 李 🙂', String(Number.MAX_SAFE_INTEGER), 0.1 + 0.2],
        [2, null, '-1', 1e-300],
        [3, 'big', String(2n ** 62n + 1n), 2.5], // read as text: beyond a JS number
        [4, '00ff', '5', -1.5],
      ]);
    } finally {
      await writer.close();
      database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('row writer: statements from another thread (attachPort)', () => {
  const statements = (ids: readonly string[]) =>
    ids.map((id) => ({ sql: 'insert into notes (id, body) values (?, ?)', params: [id, `note ${id}`] }));

  it('commits each request in one transaction, rolls a failed one back whole, and says when it is gone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-port-'));
    const url = `file:${path.join(dir, 'db.sqlite')}`;
    const database = await openDatabase(url);
    await database.client.execute('create table notes (id text primary key, body text not null)');
    const writer = createRowWriter(url, database.client);
    const port = new StatementPort(writer.attachPort()!);
    try {
      await port.execute(statements(['a', 'b']));
      // 'a' again breaks the key: 'c' before it must not stay.
      await expect(port.execute(statements(['c', 'a']))).rejects.toMatchObject({
        code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
      });
      // The main thread's requests and the port's share the one connection, in turn.
      await Promise.all([writer.execute(statements(['d'])), port.execute(statements(['e']))]);
      const rows = await database.client.execute('select id from notes order by id');
      expect(rows.rows.map((r) => r.id)).toEqual(['a', 'b', 'd', 'e']);

      await writer.close();
      await new Promise<void>((resolve) => {
        const poll = () => (port.open ? setTimeout(poll, 5) : resolve());
        poll();
      });
      await expect(port.execute(statements(['f']))).rejects.toThrow(/writer thread closed/);
    } finally {
      port.close();
      await writer.close();
      database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no port without a thread of its own (a libSQL server, memory)', async () => {
    const database = await openDatabase(':memory:');
    const writer = createRowWriter(':memory:', database.client);
    expect(writer.attachPort()).toBeUndefined();
    await database.client.execute('create table notes (id text primary key, body text not null)');
    await writer.execute(statements(['x']));
    expect((await database.client.execute('select count(*) as n from notes')).rows[0]!.n).toBe(1);
    database.close();
  });
});
