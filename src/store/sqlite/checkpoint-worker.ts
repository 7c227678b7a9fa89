/**
 * Worker-thread entry: checkpoints the WAL of the partitions being written, off the writer's
 * thread. A checkpoint copies the log into the database file and syncs it; done by the writer
 * after a commit (SQLite's auto-checkpoint) it stalls every batch queued behind it. Here it
 * runs beside the writer (WAL mode allows that) and the writer's own auto-checkpoint is only
 * a backstop for when this thread falls behind (see WriterHostOptions.walAutocheckpointPages).
 */
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import type { CheckpointRequest } from './checkpoint-protocol.js';

const port = parentPort;
if (port === null) throw new Error('checkpoint-worker must run in a worker thread');

/** How often each watched partition's WAL is checkpointed. */
const INTERVAL_MS = 250;

const files = new Map<string, Db>();

function checkpointAll(): void {
  for (const db of files.values()) {
    try {
      // PASSIVE never waits for readers or the writer; what it cannot copy now, the next round does.
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or the file was dropped under us: the next round or the writer's backstop copes.
    }
  }
}

const timer = setInterval(checkpointAll, INTERVAL_MS);

port.on('message', (msg: CheckpointRequest) => {
  switch (msg.type) {
    case 'watch':
      if (!files.has(msg.file)) {
        try {
          const db = new Database(msg.file, { fileMustExist: true });
          db.pragma('busy_timeout = 0');
          files.set(msg.file, db);
        } catch {
          // A partition that vanished before we opened it needs no checkpoints.
        }
      }
      break;
    case 'forget':
      files.get(msg.file)?.close();
      files.delete(msg.file);
      break;
    case 'stop':
      clearInterval(timer);
      for (const db of files.values()) db.close();
      files.clear();
      port.close(); // nothing else keeps the thread alive: it exits
      break;
  }
});
