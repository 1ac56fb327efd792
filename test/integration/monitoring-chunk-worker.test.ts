/**
 * A full run's chunk done whole in the scoring worker: it reads the due customers through its own connection,
 * decrypts them with its own cipher over the service's key, scores, decides and commits the alerts, the customers'
 * dates and the run's cursor together, and hands back only counts, alerts (explanation encrypted) and the ids of
 * unreadable identities. Without the key it cannot open the data and says so; it still scores.
 */
import fs from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listsProvenance } from '../../src/sanctions/provenance.ts';
import { ScoringWorker } from '../../src/monitoring/scoring-worker.ts';
import { startingRun } from '../../src/monitoring/store.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { NOW, testClock, verifiedCustomer } from '../helpers/transactions.ts';
import { addRow, ENTITY, listsCopy } from './monitoring-fixtures.ts';

describe('scoring worker with database access', () => {
  const clock = testClock(NOW);
  let lists: ReturnType<typeof listsCopy>;
  let rt: TestRuntime;
  const workers: ScoringWorker[] = [];

  beforeAll(async () => {
    lists = listsCopy();
    addRow(lists.sdn, ENTITY);
    rt = await startTestRuntime({ LISTS_DIR: lists.dir }, { clock: clock.clock, background: false });
    await verifiedCustomer(rt, 'w-1', { name: 'Dmytro Kovalenko', dateOfBirth: '1975-02-14', nationality: 'UA' });
    for (const u of ['w-2', 'w-3', 'w-4']) await verifiedCustomer(rt, u, { name: `Person ${u.slice(2)} Example` });
    // w-4's identity is w-3's ciphertext: bound to another user id, it does not decrypt.
    await rt.database.client.execute(
      "update monitored_customers set identity_enc = (select identity_enc from monitored_customers where user_id = 'w-3') where user_id = 'w-4'",
    );
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await rt.dispose();
    fs.rmSync(lists.dir, { recursive: true, force: true });
  });

  const access = (nodeEnv: 'test' | 'production') => ({
    databaseUrl: rt.deps.config.DATABASE_URL,
    piiKey: { nodeEnv, dataDir: rt.dir },
    intervals: rt.deps.config.monitoring.intervals,
  });

  /** What the last case's chunk left (its alert closed, the dates cleared): each case screens the same four afresh. */
  const reset = async () => {
    const db = rt.database.client;
    await db.execute("update rescreen_alerts set status = 'closed'");
    await db.execute('update monitored_customers set last_full_at = null, last_screened_at = null, next_due_at = 0');
  };

  /**
   * The service's writer thread, seen through a relay: what the worker sends is recorded and passed on, the answers
   * passed back.
   */
  const relayedWriter = () => {
    const writer = rt.deps.transactions.store.writer.attachPort()!;
    const { port1: forWorker, port2: relay } = new MessageChannel();
    const sent: { sql: string }[][] = [];
    relay.on('message', (m: { statements: { sql: string }[] }) => {
      sent.push(m.statements);
      writer.postMessage(m);
    });
    writer.on('message', (r) => relay.postMessage(r));
    return {
      port: forWorker,
      sent,
      close: () => {
        relay.close();
        writer.close();
      },
    };
  };

  it.each([
    ['its own connection', 'own'],
    ["the service's writer thread (one writer of the file)", 'writer'],
  ] as const)(
    'reads, screens and commits the chunk with the run cursor through %s; only ids, counts and alerts come back',
    async (_, how) => {
      await reset();
      const snapshot = rt.deps.lists.snapshot!;
      const relay = how === 'own' ? undefined : relayedWriter();
      const w = await ScoringWorker.start(snapshot, access('test'), relay?.port);
      workers.push(w);
      expect(w.readsChunks).toBe(true);
      const versions = listsProvenance(snapshot).versions as Record<string, string>;
      const run = startingRun('full', {
        details: { trigger: 'test' },
        listVersions: versions,
        dueBefore: clock.clock(),
        customersTotal: 4,
        startedAt: clock.clock(),
      });
      await rt.deps.monitoring.store.createRun(run);
      const request = {
        runId: run.id,
        afterId: 0,
        dueBefore: clock.clock(),
        limit: 10,
        now: clock.clock(),
        threshold: rt.deps.config.matchThreshold,
        versions,
      };
      const out = await w.screenChunk(request);
      expect(out).toMatchObject({ read: 4, screened: 3, unreadable: [{ userId: 'w-4', err: 'PiiDecryptionError' }] });
      expect(out.alerts.map((a) => [a.userId, a.sourceId])).toEqual([['w-1', '99001']]);
      expect(out.alerts[0]!.explanationEnc).toMatch(/^v1\./);
      expect(JSON.stringify(out)).not.toMatch(/Dmytro Kovalenko|Example|1975-02-14/);

      // One commit: the alert, the screened customers' dates and the run's cursor past all four.
      const db = rt.database.client;
      const [r] = (await db.execute({ sql: 'select * from screening_runs where id = ?', args: [run.id] })).rows;
      const [last] = (await db.execute('select max(id) as id from monitored_customers')).rows;
      expect(r).toMatchObject({ cursor: last!.id, customers_checked: 4, candidates: 4, hits: 1 });
      const screened = await db.execute(
        'select user_id from monitored_customers where last_full_at is not null order by user_id',
      );
      expect(screened.rows.map((x) => x.user_id)).toEqual(['w-1', 'w-2', 'w-3']);
      const ofRun = { sql: 'select alert_id, user_id from rescreen_alerts where run_id = ?', args: [run.id] };
      const raised = (await db.execute(ofRun)).rows;
      expect(raised.map((x) => x.user_id)).toEqual(['w-1']);
      const caseOf = {
        sql: 'select count(*) as n from cases where subject_id = ?',
        args: [String(raised[0]!.alert_id)],
      };
      expect((await db.execute(caseOf)).rows[0]!.n).toBe(1);

      // After the cursor nobody is left.
      expect(await w.screenChunk({ ...request, afterId: Number(last!.id) })).toMatchObject({ read: 0, alerts: [] });

      if (how === 'writer') {
        // The whole commit went to the writer thread as one request.
        expect(relay!.sent).toHaveLength(1);
        expect(relay!.sent[0]!.map((x) => x.sql.split(' ').slice(0, 3).join(' '))).toEqual(
          expect.arrayContaining([
            'insert into "rescreen_alerts"',
            'update "monitored_customers" set',
            'update "screening_runs" set',
          ]),
        );
        relay!.close();
      }
    },
  );

  it('cannot open the data without the key, says why, and still scores', async () => {
    const w = await ScoringWorker.start(rt.deps.lists.snapshot!, access('production'));
    workers.push(w);
    expect(w.readsChunks).toBe(false);
    expect(w.chunkError).toMatch(/PII_ENCRYPTION_KEY/);
    const [matches] = await w.score([{ name: 'Dmytro Kovalenko', dateOfBirth: '1975-02-14' }], 0.8);
    expect(matches!.map((m) => m.sourceId)).toContain('99001');
  });
});
