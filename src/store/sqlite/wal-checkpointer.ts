/**
 * Checkpoints the SQLite write-ahead log from a worker thread of its own, so the event loop
 * never does. A checkpoint copies the log's pages into the database file and fsyncs both: done
 * by the connection whose commit crossed the threshold (SQLite's default), it stalled whichever
 * request's commit that was by milliseconds, and its writes cost the event loop's CPU.
 *
 * The worker checkpoints when the log reaches the size at which a commit would have (SQLite's
 * automatic checkpoint), so the log's size and its restarts stay as they were. Its PASSIVE
 * checkpoints take no lock a writer waits for, so the store's commits never wait on it. The store
 * keeps a higher automatic threshold of its own as a backstop, should the worker fall behind or stop.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

// Built to dist/*.js, run from src/*.ts in development and tests: the worker is its sibling.
const WORKER_URL = new URL(`./wal-checkpoint-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export interface WalCheckpointerOptions {
  /** The database file. */
  file: string;
  /** How often the worker looks at the log's size. */
  intervalMs: number;
  /** The log size (frames, i.e. pages) from which the worker checkpoints it. */
  thresholdFrames: number;
  /** Told when the worker fails (the store's own backstop checkpoints go on). */
  onError: (error: Error) => void;
}

export interface WalCheckpointer {
  /** Stops the worker once its checkpoint in progress, if any, is done. */
  stop(): Promise<void>;
}

export function startWalCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  const worker = new Worker(WORKER_URL, { workerData: { file: options.file, intervalMs: options.intervalMs, thresholdFrames: options.thresholdFrames } });
  // Never what keeps the process alive.
  worker.unref();
  let stopping = false;
  worker.on('error', (error) => options.onError(error));
  worker.on('message', (message: { error?: string }) => {
    if (message.error !== undefined) options.onError(new Error(`checkpointing the SQLite log failed: ${message.error}`));
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.once('exit', (code) => {
    if (!stopping && code !== 0) options.onError(new Error(`the SQLite checkpoint worker stopped (exit code ${code})`));
  });
  return {
    async stop() {
      stopping = true;
      // Waited for: the process must not end before the worker has closed its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
