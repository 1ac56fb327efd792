/**
 * One queue per key: work for the same customer runs one at a time, in arrival order, while other
 * customers run in parallel. This is what makes concurrent transactions of one customer count
 * exactly: each sees the state left by the previous one, including its committed write.
 */
export class KeyedMutex {
  #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.#tails.set(key, mine);
    try {
      if (previous) await previous;
      return await work();
    } finally {
      release();
      // Last in line: forget the key so idle customers cost no memory.
      if (this.#tails.get(key) === mine) this.#tails.delete(key);
    }
  }

  /** Keys with work queued or running (for tests and metrics). */
  get activeKeys(): number {
    return this.#tails.size;
  }
}
