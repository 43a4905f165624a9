/**
 * Checkpoints the SQLite write-ahead log on a thread of its own. SQLite's automatic checkpoint
 * runs inside whichever commit crosses its threshold, so on the gateway's only JavaScript
 * thread: under load, milliseconds of copying pages every few thousand deliveries, and about a
 * sixth of the CPU each delivery cost the event loop (bench/delivery). This thread copies the
 * log back every `intervalMs` instead. A passive checkpoint never resets the log, though: only
 * a checkpoint that finds nothing left to copy lets the next writer start the log over, which
 * under steady writes never happens here. So the gateway's connection keeps an automatic
 * checkpoint at a higher threshold (SQLITE_WAL_AUTOCHECKPOINT_PAGES), which then only copies
 * the last interval's pages and bounds the log.
 */
import { Worker } from 'node:worker_threads';
import type { CheckpointWorkerData } from './wal-checkpoint-worker.ts';

const WORKER = new URL('./wal-checkpoint-worker.ts', import.meta.url);

/** 4,096 pages of 4 KiB: the log grows to 16 MiB at most before it starts over. */
export const SQLITE_WAL_AUTOCHECKPOINT_PAGES = 4_096;

export class WalCheckpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  constructor(file: string, onError: (message: string) => void, options: { intervalMs?: number } = {}) {
    const workerData: CheckpointWorkerData = { file, intervalMs: options.intervalMs ?? 100 };
    this.#worker = new Worker(WORKER, { workerData });
    // It must not keep a process alive that has nothing else to do.
    this.#worker.unref();
    this.#worker.on('message', (message: { error?: string }) => {
      if (message.error) onError(`WAL checkpoint failed: ${message.error}`);
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', () => resolve());
      this.#worker.once('error', (error) => {
        onError(`WAL checkpointer stopped: ${error.message}`);
        resolve();
      });
    });
  }

  /** A last checkpoint, then the thread ends. */
  async stop(): Promise<void> {
    // Waited for now: an unreferenced thread would not keep the process alive to finish.
    this.#worker.ref();
    this.#worker.postMessage('stop');
    await this.#exited;
  }
}
