/** Worker-thread entry for the store writer (see WorkerWriterClient). */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { CheckpointRequest } from './checkpoint-protocol.js';
import type { WriteBatch } from './write-batch.js';
import { WriterHost } from './writer-host.js';
import type { WriterHostOptions } from './writer-host.js';
import type { WorkerReply, WorkerRequest } from './writer-protocol.js';

const port = parentPort;
if (port === null) throw new Error('writer-worker must run in a worker thread');

/** WAL pages at which the writer checkpoints itself, when the checkpoint worker has fallen behind. */
const BACKSTOP_CHECKPOINT_PAGES = 16_384;

const checkpointer = new Worker(new URL('./checkpoint-worker.js', import.meta.url));
const toCheckpointer = (msg: CheckpointRequest): void => checkpointer.postMessage(msg);
const host = new WriterHost(
  { ...(workerData as WriterHostOptions), walAutocheckpointPages: BACKSTOP_CHECKPOINT_PAGES },
  { opened: (file) => toCheckpointer({ type: 'watch', file }), closed: (file) => toCheckpointer({ type: 'forget', file }) },
);

/** Stops the checkpoint worker; resolves once it has closed its connections and exited. */
function stopCheckpointer(): Promise<void> {
  // threadId is -1 once the thread has exited (it may have crashed earlier).
  if (checkpointer.threadId < 0) return Promise.resolve();
  return new Promise((resolve) => {
    checkpointer.once('exit', () => resolve());
    toCheckpointer({ type: 'stop' });
  });
}

let queue: { id: number; batch: WriteBatch }[] = [];
let scheduled = false;

// Everything that arrived while the previous group was committing is committed together.
function flush(): void {
  scheduled = false;
  const items = queue;
  queue = [];
  const outcomes = host.writeGroup(items.map((i) => i.batch));
  for (let k = 0; k < items.length; k++) {
    const outcome = outcomes[k];
    const reply: WorkerReply = { type: 'written', id: items[k].id, outcome };
    port?.postMessage(reply, outcome.ok ? [outcome.result.rowkeys.buffer as ArrayBuffer] : []);
  }
}

port.on('message', (msg: WorkerRequest) => {
  switch (msg.type) {
    case 'write':
      queue.push({ id: msg.id, batch: msg.batch });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      break;
    case 'drop': {
      if (queue.length > 0) flush();
      let reply: WorkerReply;
      try {
        reply = { type: 'dropped', id: msg.id, names: host.dropBefore(msg.cutoff) };
      } catch (err) {
        reply = { type: 'failed', id: msg.id, error: (err as Error).message };
      }
      port.postMessage(reply);
      break;
    }
    case 'close':
      if (queue.length > 0) flush();
      void stopCheckpointer().then(() => {
        host.close();
        port.postMessage({ type: 'closed', id: msg.id } satisfies WorkerReply);
      });
      break;
  }
});
