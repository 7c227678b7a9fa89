import { Worker } from 'node:worker_threads';
import type { WriteBatch } from './write-batch.js';
import { WriterHost } from './writer-host.js';
import type { WriteOutcome, WriterHostOptions } from './writer-host.js';
import type { WorkerReply, WorkerRequest } from './writer-protocol.js';

/** Sends batches to the single writer. Resolves when the batch is committed (or failed). */
export interface WriterClient {
  write(batch: WriteBatch): Promise<WriteOutcome>;
  dropBefore(cutoff: number): Promise<string[]>;
  /** Rows sent but not yet committed. */
  readonly pendingRows: number;
  close(): Promise<void>;
}

/**
 * Bounds rows in flight: `acquire` waits while the writer is behind, so a slow disk slows
 * the senders instead of growing memory.
 */
class InflightLimit {
  private rows = 0;
  private readonly waiters: { rows: number; resolve: () => void }[] = [];

  constructor(private readonly maxRows: number) {}

  get pending(): number {
    return this.rows;
  }

  async acquire(rows: number): Promise<void> {
    if (this.rows === 0 || this.rows + rows <= this.maxRows) {
      this.rows += rows;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push({ rows, resolve }));
  }

  release(rows: number): void {
    this.rows -= rows;
    while (this.waiters.length > 0) {
      const next = this.waiters[0];
      if (this.rows !== 0 && this.rows + next.rows > this.maxRows) break;
      this.waiters.shift();
      this.rows += next.rows;
      next.resolve();
    }
  }
}

/** Runs the writer on the calling thread; batches submitted in the same tick share a commit. */
export class InlineWriterClient implements WriterClient {
  private readonly host: WriterHost;
  private queue: { batch: WriteBatch; resolve: (o: WriteOutcome) => void }[] = [];
  private scheduled = false;
  private readonly limit: InflightLimit;

  constructor(options: WriterHostOptions, maxInflightRows = 200_000) {
    this.host = new WriterHost(options);
    this.limit = new InflightLimit(maxInflightRows);
  }

  get pendingRows(): number {
    return this.limit.pending;
  }

  async write(batch: WriteBatch): Promise<WriteOutcome> {
    await this.limit.acquire(batch.count);
    try {
      return await new Promise<WriteOutcome>((resolve) => {
        this.queue.push({ batch, resolve });
        if (!this.scheduled) {
          this.scheduled = true;
          setImmediate(() => this.flush());
        }
      });
    } finally {
      this.limit.release(batch.count);
    }
  }

  private flush(): void {
    this.scheduled = false;
    const items = this.queue;
    this.queue = [];
    const outcomes = this.host.writeGroup(items.map((i) => i.batch));
    for (let k = 0; k < items.length; k++) items[k].resolve(outcomes[k]);
  }

  async dropBefore(cutoff: number): Promise<string[]> {
    return this.host.dropBefore(cutoff);
  }

  async close(): Promise<void> {
    if (this.queue.length > 0) this.flush();
    this.host.close();
  }
}

/**
 * Runs the writer in a worker thread so SQLite's CPU time does not block the event loop
 * that parses and mines the next batches: on two cores, ingest uses both.
 */
export class WorkerWriterClient implements WriterClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();
  private readonly limit: InflightLimit;
  private closed: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(options: WriterHostOptions, maxInflightRows = 200_000) {
    this.limit = new InflightLimit(maxInflightRows);
    this.worker = new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: options });
    this.worker.on('message', (reply: WorkerReply) => {
      const done = this.pending.get(reply.id);
      if (done !== undefined) {
        this.pending.delete(reply.id);
        done(reply);
      }
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (this.closed === null) this.fail(new Error(`store writer exited with code ${code}`));
    });
  }

  get pendingRows(): number {
    return this.limit.pending;
  }

  async write(batch: WriteBatch): Promise<WriteOutcome> {
    await this.limit.acquire(batch.count);
    try {
      const transfer = [batch.ts.buffer, batch.level.buffer, batch.template.buffer, batch.lengths.buffer] as ArrayBuffer[];
      const reply = await this.request({ type: 'write', id: 0, batch }, transfer);
      if (reply.type !== 'written') throw new Error(`unexpected writer reply ${reply.type}`);
      return reply.outcome;
    } finally {
      this.limit.release(batch.count);
    }
  }

  async dropBefore(cutoff: number): Promise<string[]> {
    const reply = await this.request({ type: 'drop', id: 0, cutoff }, []);
    if (reply.type !== 'dropped') throw new Error(`unexpected writer reply ${reply.type}`);
    return reply.names;
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      if (this.failure === null) await this.request({ type: 'close', id: 0 }, []).catch(() => undefined);
      await this.worker.terminate();
    })();
    return this.closed;
  }

  private request(message: WorkerRequest, transfer: ArrayBuffer[]): Promise<WorkerReply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(id, (reply) => (reply.type === 'failed' ? reject(new Error(reply.error)) : resolve(reply)));
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const [, done] of this.pending) done({ type: 'failed', id: 0, error: err.message });
    this.pending.clear();
  }
}
