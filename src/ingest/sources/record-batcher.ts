import type { RejectedRecord } from '../../pipeline/index.js';

/** A sealed batch of one group (e.g. one syslog format): text records in arrival order plus rejects. */
export interface SealedBatch {
  readonly group: string;
  readonly records: string[];
  /** Position of each record among everything the batch received (records and rejects). */
  readonly positions: number[];
  readonly rejected: RejectedRecord[];
  /** Receive time of the batch's first record, ms since epoch. */
  readonly receivedAt: number;
}

export interface RecordBatcherOptions {
  /** Records per batch at most; a full batch is handed over at once. */
  readonly maxRecords: number;
  /** How long the first record of a batch may wait for more, ms. */
  readonly lingerMs: number;
  /**
   * Records held (collecting, queued or being delivered) before `full` turns true: stream
   * sources pause their connections, datagram sources drop and count. `drained` fires once the
   * backlog is below half of this again.
   */
  readonly maxPending: number;
  /** Delivers one batch; resolves when it is durable or given up on (never rejects). */
  readonly deliver: (batch: SealedBatch) => Promise<void>;
  /** Batches of one group delivered at the same time at most (the store commits them together). */
  readonly maxInFlight: number;
  readonly drained: () => void;
}

interface Group {
  current: SealedBatch | null;
  timer: NodeJS.Timeout | null;
  queue: SealedBatch[];
  /** Deliveries under way. */
  running: Set<Promise<void>>;
}

/**
 * Collects records from any number of connections into batches per group, bounded in size and
 * wait, and delivers each group's batches in the order they were sealed, up to `maxInFlight` at a
 * time (a slow sink pushes back through `full`). Used by the stream and datagram sources.
 */
export class RecordBatcher {
  private readonly groups = new Map<string, Group>();
  private held = 0;
  private wasFull = false;

  constructor(private readonly options: RecordBatcherOptions) {}

  /** True while the backlog is at its bound: stop reading input. */
  get full(): boolean {
    return this.held >= this.options.maxPending;
  }

  /** Records held right now (for metrics and tests). */
  get pending(): number {
    return this.held;
  }

  add(group: string, record: string): void {
    const batch = this.batchFor(group);
    batch.positions.push(batch.records.length + batch.rejected.length);
    batch.records.push(record);
    this.held++;
    if (this.held >= this.options.maxPending) this.wasFull = true;
    if (batch.records.length >= this.options.maxRecords) this.seal(group);
  }

  reject(group: string, rejected: Omit<RejectedRecord, 'index'>): void {
    const batch = this.batchFor(group);
    batch.rejected.push({ index: batch.records.length + batch.rejected.length, letter: rejected.letter });
    if (batch.rejected.length >= this.options.maxRecords) this.seal(group);
  }

  /** Seals every open batch and waits until all are delivered. */
  async flush(): Promise<void> {
    for (const name of this.groups.keys()) this.seal(name);
    for (;;) {
      const running = [...this.groups.values()].flatMap((g) => [...g.running]);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  private batchFor(name: string): SealedBatch {
    let g = this.groups.get(name);
    if (g === undefined) {
      g = { current: null, timer: null, queue: [], running: new Set() };
      this.groups.set(name, g);
    }
    if (g.current === null) {
      g.current = { group: name, records: [], positions: [], rejected: [], receivedAt: Date.now() };
      g.timer = setTimeout(() => this.seal(name), this.options.lingerMs);
      g.timer.unref();
    }
    return g.current;
  }

  private seal(name: string): void {
    const g = this.groups.get(name);
    if (g === undefined || g.current === null) return;
    if (g.timer !== null) clearTimeout(g.timer);
    g.timer = null;
    g.queue.push(g.current);
    g.current = null;
    this.pump(g);
  }

  /** Starts deliveries while the group has queued batches and room. */
  private pump(g: Group): void {
    while (g.running.size < this.options.maxInFlight && g.queue.length > 0) {
      const batch = g.queue.shift() as SealedBatch;
      const delivery: Promise<void> = this.options.deliver(batch).then(() => {
        g.running.delete(delivery);
        this.held -= batch.records.length;
        if (this.wasFull && this.held < this.options.maxPending / 2) {
          this.wasFull = false;
          this.options.drained();
        }
        this.pump(g);
      });
      g.running.add(delivery);
    }
  }
}
