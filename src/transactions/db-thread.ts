import type { Transferable, Worker } from 'node:worker_threads';
import { closeWorker } from './close-worker.ts';

/** What a database thread answers: the request's id, and an error (with the driver's code) when it failed. */
export interface ThreadReply {
  id: number;
  error?: string;
  code?: string;
  /** A partial answer; more follow under the same id. */
  more?: boolean;
}

interface Pending<R> {
  resolve(r: R): void;
  reject(err: Error): void;
  onPart?: (r: R) => void;
}

/**
 * The main thread's side of a database thread (the row writer, the history reader): requests by id, the thread
 * started on first use and referenced only while a request is in flight (so an idle one never keeps the process
 * alive), and a dead thread failing what it held, replaced on the next request.
 */
export class DbThread<R extends ThreadReply> {
  #worker: Worker | undefined;
  #pending = new Map<number, Pending<R>>();
  #next = 0;

  constructor(
    private readonly start: () => Worker,
    /** Names the thread in the error a dead one leaves: "the database writer thread". */
    private readonly name: string,
  ) {}

  /** `transfer`: buffers in `message` handed over rather than copied (they are unusable here afterwards). */
  ask(message: Record<string, unknown>, onPart?: (r: R) => void, transfer?: Transferable[]): Promise<R> {
    const worker = this.#current();
    const id = this.#next++;
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...(onPart ? { onPart } : {}) });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ id, ...message }, transfer);
    });
  }

  /** A message without an answer (the thread started if it is not running). */
  post(message: Record<string, unknown>, transfer?: Transferable[]): void {
    this.#current().postMessage(message, transfer);
  }

  /** Lets the thread finish its work and close its connection (closeWorker), then ends it. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    await closeWorker(worker);
  }

  #current(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.start();
    worker.unref();
    worker.on('message', (m: R) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      if (m.more) {
        p.onPart?.(m);
        return;
      }
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) worker.unref();
      if (m.error === undefined) p.resolve(m);
      else p.reject(Object.assign(new Error(m.error), m.code ? { code: m.code } : {}));
    });
    const fail = (err: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${this.name} exited with ${code}`)));
    this.#worker = worker;
    return worker;
  }
}
