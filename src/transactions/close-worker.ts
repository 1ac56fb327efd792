import type { Worker } from 'node:worker_threads';

/**
 * Asks a database worker to finish ('close': it completes its work and closes its connection, then
 * answers `{ closed: true }`), waits for that answer at most `timeoutMs`, then ends the thread.
 */
export async function closeWorker(worker: Worker, timeoutMs = 2_000): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    worker.on('message', (m: { closed?: boolean }) => {
      if (!m?.closed) return;
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage('close');
  });
  await worker.terminate();
}
