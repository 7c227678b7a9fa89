/** Worker-thread entry for the store writer (see WorkerWriterClient). */
import { parentPort, workerData } from 'node:worker_threads';
import type { WriteBatch } from './write-batch.js';
import { WriterHost } from './writer-host.js';
import type { WriterHostOptions } from './writer-host.js';
import type { WorkerReply, WorkerRequest } from './writer-protocol.js';

const port = parentPort;
if (port === null) throw new Error('writer-worker must run in a worker thread');
const host = new WriterHost(workerData as WriterHostOptions);

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
      host.close();
      port.postMessage({ type: 'closed', id: msg.id } satisfies WorkerReply);
      break;
  }
});
