/**
 * The body of the WAL checkpointer thread (see wal-checkpointer.ts): its own connection to the
 * store's file, copying the write-ahead log back into the database while the gateway's
 * connection goes on writing.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointWorkerData {
  file: string;
  intervalMs: number;
}

const { file, intervalMs } = workerData as CheckpointWorkerData;
const db = new DatabaseSync(file);
db.exec('PRAGMA busy_timeout = 5000');
// Passive: copies what has been committed so far without ever making a writer wait.
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

function checkpoint(): void {
  try {
    passive.get();
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort?.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort?.close();
});
