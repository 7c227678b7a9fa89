/**
 * The commit pipeline of one partition: its chunks are stored concurrently (at most
 * `maxInFlight` at a time, so a slow store pushes back on the fetch loop), while offsets are
 * committed strictly in order, each only once its chunk and every chunk before it are durable.
 * A chunk that is given up (the worker stops, or loses the partition) breaks the pipeline: no
 * later offset is committed, so whoever owns the partition next reads from the gap on.
 */
export class PartitionCommits {
  private chain: Promise<void> = Promise.resolve();
  private readonly pending: Promise<void>[] = [];
  private brokenFlag = false;

  constructor(
    /** Commits `nextOffset` (the offset after the chunk's last message); never rejects. */
    private readonly commit: (nextOffset: string) => Promise<void>,
    private readonly maxInFlight: number,
  ) {}

  /** True once a chunk was given up, or the partition was taken away (`break()`). */
  get broken(): boolean {
    return this.brokenFlag;
  }

  /** Stops all further commits of this pipeline (a rebalance handed the partition out again). */
  break(): void {
    this.brokenFlag = true;
  }

  /**
   * Adds a chunk whose store is under way (`stored` resolves true once durable, false when given
   * up; it never rejects). Resolves as soon as fewer than `maxInFlight` chunks are pending.
   */
  async add(stored: Promise<boolean>, nextOffset: string): Promise<void> {
    const done = this.chain.then(async () => {
      const ok = await stored;
      if (!ok) this.brokenFlag = true;
      if (!this.brokenFlag) await this.commit(nextOffset);
    });
    this.chain = done;
    this.pending.push(done);
    while (this.pending.length > this.maxInFlight) await this.pending.shift();
  }

  /** Resolves when every chunk added so far is stored and committed, or given up. */
  async drain(): Promise<void> {
    await this.chain;
    this.pending.length = 0;
  }
}
