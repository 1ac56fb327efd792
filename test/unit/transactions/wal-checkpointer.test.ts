/** The background checkpointer keeps the WAL from growing while the main connection never checkpoints. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/client.ts';
import { createLogger } from '../../../src/logger.ts';
import { WalCheckpointer } from '../../../src/transactions/wal-checkpointer.ts';

describe('WalCheckpointer', () => {
  it('turns automatic checkpoints off and checkpoints from its own thread', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-test-'));
    const url = `file:${path.join(dir, 'db.sqlite')}`;
    const database = await openDatabase(url);
    try {
      const cp = await WalCheckpointer.start(database.client, url, createLogger('silent'), 50);
      expect(cp).toBeDefined();
      expect((await database.client.execute('PRAGMA wal_autocheckpoint')).rows[0]![0]).toBe(0);
      for (let i = 0; i < 300; i++) {
        await database.client.execute(
          `insert or replace into customers (user_id, kyc_status, risk_level, origin, updated_at) values ('u${i}', 'approved', 'medium', 'import', ${i})`,
        );
      }
      await new Promise((r) => setTimeout(r, 300));
      // After a checkpoint the next write restarts the WAL from its beginning instead of growing it.
      const before = fs.statSync(path.join(dir, 'db.sqlite-wal')).size;
      for (let i = 0; i < 300; i++)
        await database.client.execute(`update customers set updated_at = ${i} where user_id = 'u${i}'`);
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 300; i++)
        await database.client.execute(`update customers set updated_at = ${i + 1} where user_id = 'u${i}'`);
      expect(fs.statSync(path.join(dir, 'db.sqlite-wal')).size).toBeLessThanOrEqual(before * 1.5);
      await cp!.stop();
    } finally {
      database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does nothing for an in-memory or remote database', async () => {
    const database = await openDatabase(':memory:').catch(() => undefined);
    if (database) {
      expect(await WalCheckpointer.start(database.client, ':memory:', createLogger('silent'))).toBeUndefined();
      database.close();
    }
    expect(await WalCheckpointer.start({} as never, 'libsql://db.example.com', createLogger('silent'))).toBeUndefined();
  });
});
