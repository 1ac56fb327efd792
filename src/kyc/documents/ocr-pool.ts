/**
 * OCR with tesseract.js in a bounded pool of worker threads (each tesseract.js worker in Node is a
 * worker_thread), so recognition never runs on the event loop. The English language data comes from the
 * @tesseract.js-data/eng npm package, read from disk: nothing is downloaded at run time and nothing is
 * cached to the working directory. Workers start on first use. Recognised text stays in memory.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { ServiceUnavailableError } from '../../errors.ts';

const require = createRequire(import.meta.url);

/** The integer-quantised LSTM model: the one tesseract.js itself picks for LSTM-only recognition. */
export function englishLangPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export interface OcrResult {
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
}

/** The MRZ's alphabet: restricting OCR to it stops `<<<` runs being read as brackets or guillemets. */
const MRZ_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';
/** The MRZ sits in the bottom part of a passport page or a TD1 card's back. */
const MRZ_BAND = 0.4;

export class OcrPool {
  #workers: Promise<Worker[]> | undefined;
  readonly #idle: Worker[] = [];
  readonly #waiting: ((w: Worker) => void)[] = [];
  #pending = 0;

  constructor(private readonly opts: { workers: number; queue: number }) {}

  /** The whole page, with automatic layout analysis (a document has columns, a photo, several blocks). */
  recognize(image: Buffer): Promise<OcrResult> {
    return this.#run(async (w) => {
      // Each job sets what it needs: a worker keeps the parameters of the job before.
      await w.setParameters({ tessedit_char_whitelist: '', tessedit_pageseg_mode: PSM.AUTO });
      const r = await w.recognize(image);
      return { text: r.data.text, confidence: r.data.confidence };
    });
  }

  /** The MRZ band at the bottom of the page, as one block, read with the MRZ alphabet only. */
  recognizeMrzBand(image: Buffer, size: { width: number; height: number }): Promise<OcrResult> {
    const top = Math.floor(size.height * (1 - MRZ_BAND));
    return this.#run(async (w) => {
      await w.setParameters({ tessedit_char_whitelist: MRZ_ALPHABET, tessedit_pageseg_mode: PSM.SINGLE_BLOCK });
      const r = await w.recognize(image, {
        rectangle: { left: 0, top, width: size.width, height: size.height - top },
      });
      return { text: r.data.text, confidence: r.data.confidence };
    });
  }

  async #run<T>(job: (w: Worker) => Promise<T>): Promise<T> {
    if (this.#pending >= this.opts.workers + this.opts.queue)
      throw new ServiceUnavailableError('Document checks are busy; try again in a few seconds.', 2);
    this.#pending += 1;
    try {
      await this.#start();
      const w = this.#idle.pop() ?? (await new Promise<Worker>((resolve) => this.#waiting.push(resolve)));
      try {
        return await job(w);
      } finally {
        const next = this.#waiting.shift();
        if (next) next(w);
        else this.#idle.push(w);
      }
    } finally {
      this.#pending -= 1;
    }
  }

  #start(): Promise<Worker[]> {
    if (!this.#workers) {
      const langPath = englishLangPath();
      this.#workers = Promise.all(
        Array.from({ length: this.opts.workers }, () =>
          // cacheMethod none: the data is read from the package, never written beside the process.
          createWorker('eng', OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' }),
        ),
      ).then((ws) => {
        this.#idle.push(...ws);
        return ws;
      });
      // A failed start is not kept: the next check tries again.
      this.#workers.catch(() => {
        this.#workers = undefined;
      });
    }
    return this.#workers;
  }

  async close(): Promise<void> {
    const ws = this.#workers;
    this.#workers = undefined;
    const started = ws ? await ws.catch(() => []) : [];
    await Promise.all(started.map((w) => w.terminate()));
  }
}
