/**
 * The worker thread of wal-checkpointer.ts: its own connection to the database, checkpointing
 * the log (PASSIVE) once it holds `thresholdFrames` frames, as SQLite's automatic checkpoint
 * would, until told to stop. `wal_checkpoint(NOOP)` (SQLite 3.51) reads the log's size without
 * checkpointing: checkpointing on every look instead would fsync twice each time, however
 * little was written.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs, thresholdFrames } = workerData as { file: string; intervalMs: number; thresholdFrames: number };
const db = new DatabaseSync(file);
// As the store's connection: the checkpoint fsyncs the log before copying it and the file after.
db.exec('PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 0');
const logSize = db.prepare('PRAGMA wal_checkpoint(NOOP)');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let reported = false;

const timer = setInterval(() => {
  try {
    const { log, checkpointed } = logSize.get() as { log: number; checkpointed: number };
    if (log - checkpointed < thresholdFrames) return;
    checkpoint.get();
    reported = false;
  } catch (error) {
    // Reported once per run of failures (a full disk fails every time): the store's own checkpoints go on.
    if (!reported) parentPort!.postMessage({ error: (error as Error).message });
    reported = true;
  }
}, intervalMs);

parentPort!.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
