/** Worker-thread entry for `logsift parse`: reads and splits a file (see parse-split.ts). */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { READ_CHUNK, splitLines, SPLIT_BATCHES_IN_FLIGHT } from './parse-split.js';
import type { SplitBatch, SplitWorkerData, SplitWorkerMessage } from './parse-split.js';

const port = parentPort;
if (port === null) throw new Error('parse-split-worker must run in a worker thread');
const { path, format } = workerData as SplitWorkerData;

// The main thread hands back one credit per batch it has mined, so at most
// SPLIT_BATCHES_IN_FLIGHT batches wait in memory.
let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  inFlight--;
  const w = wake;
  wake = null;
  w?.();
});

const send = (msg: SplitWorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

try {
  await splitLines(createReadStream(path, { highWaterMark: READ_CHUNK }), format, {
    start: (info) => send({ type: 'start', info: { columns: [...info.columns], describe: info.describe } }),
    batch: (batch: SplitBatch) => {
      inFlight++;
      send({ type: 'batch', batch }, [batch.cellLengths.buffer as ArrayBuffer, batch.contentLengths.buffer as ArrayBuffer, batch.quote.buffer as ArrayBuffer]);
      if (inFlight < SPLIT_BATCHES_IN_FLIGHT) return undefined;
      return new Promise<void>((resolve) => {
        wake = resolve;
      });
    },
  });
  send({ type: 'end' });
} catch (err) {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
// The credit listener would keep the thread alive.
port.close();
