/**
 * Another thread's side of the service's writer thread (src/transactions/row-writer.ts, attachPort): statements
 * sent over a MessagePort and committed there in one transaction, one answer per request.
 *
 * Why not the thread's own connection: two connections writing one SQLite file take turns on its write lock, and
 * the one that finds it taken waits in SQLite's busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25 … 100 ms between
 * tries (sqliteDefaultBusyCallback) rather than waking when the lock is free. A re-screen chunk committed from the
 * low-priority scoring worker held that lock 60–120 ms on a busy machine (measured), and the transactions' group
 * commit behind it waited up to 56 ms. Sent here, the chunk is one more transaction in the writer's queue, run at
 * the writer's priority, and no commit of the file waits on a lock.
 */
import type { MessagePort } from 'node:worker_threads';
import type { InValue } from '@libsql/client';

export interface SqlStatement {
  sql: string;
  params: InValue[];
}

interface Reply {
  id: number;
  error?: string;
  code?: string;
}

export class StatementPort {
  readonly #pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  #next = 0;
  #closed = false;

  constructor(private readonly port: MessagePort) {
    port.on('message', (r: Reply) => {
      const p = this.#pending.get(r.id);
      if (!p) return;
      this.#pending.delete(r.id);
      if (r.error === undefined) p.resolve();
      else p.reject(Object.assign(new Error(r.error), r.code ? { code: r.code } : {}));
      if (this.#pending.size === 0) port.unref();
    });
    // The writer closed its connection or its thread ended: what it held did not commit.
    port.on('close', () => {
      this.#closed = true;
      for (const p of this.#pending.values()) p.reject(new Error('the database writer thread closed'));
      this.#pending.clear();
    });
    port.unref();
  }

  /** False once the writer's side is gone: commit another way. */
  get open(): boolean {
    return !this.#closed;
  }

  /** All statements in one transaction, or none. */
  execute(statements: readonly SqlStatement[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the database writer thread closed'));
    const id = this.#next++;
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.port.ref();
      this.port.postMessage({ id, statements });
    });
  }

  close(): void {
    this.port.close();
  }
}
