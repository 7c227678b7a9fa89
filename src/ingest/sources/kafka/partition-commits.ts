/** A chunk of one partition: the offset after its last message, and whether it is durable (null while storing). */
interface Chunk {
  readonly nextOffset: string;
  ok: boolean | null;
}

/**
 * The commit pipeline of one partition: its chunks are stored concurrently (at most
 * `maxInFlight` at a time, so a slow store pushes back on the fetch loop), while offsets are
 * committed strictly in order, each only once its chunk and every chunk before it are durable.
 * Commits are coalesced: while one is on its way, chunks that become durable only move the
 * target, and the next commit names the latest offset (one request instead of one per chunk,
 * and the fetch loop never waits for a commit's round trip).
 * A chunk that is given up (the worker stops, or loses the partition) stops the pipeline: no
 * offset at or after it is committed, so whoever owns the partition next reads from the gap on.
 */
export class PartitionCommits {
  /** Chunks not yet known durable in order: the head is the oldest. */
  private readonly chunks: Chunk[] = [];
  /** Store settlements not yet handled (for `drain`). */
  private readonly settling = new Set<Promise<void>>();
  private readonly waiters: (() => void)[] = [];
  private storing = 0;
  /** Offset after the last chunk of the durable prefix, and the last one committed. */
  private target: string | null = null;
  private committed: string | null = null;
  private committing: Promise<void> | null = null;
  /** A chunk was given up: the target stays before it. */
  private gaveUp = false;
  /** The partition was taken away: nothing more is committed. */
  private revoked = false;

  constructor(
    /** Commits `nextOffset` (the offset after the chunk's last message); never rejects. */
    private readonly commit: (nextOffset: string) => Promise<void>,
    private readonly maxInFlight: number,
  ) {}

  /** True once a chunk was given up, or the partition was taken away (`break()`). */
  get broken(): boolean {
    return this.gaveUp || this.revoked;
  }

  /** Stops all further commits of this pipeline (a rebalance handed the partition out again). */
  break(): void {
    this.revoked = true;
  }

  /**
   * Adds a chunk whose store is under way (`stored` resolves true once durable, false when given
   * up; it never rejects). Resolves as soon as at most `maxInFlight` chunks are being stored.
   */
  async add(stored: Promise<boolean>, nextOffset: string): Promise<void> {
    const chunk: Chunk = { nextOffset, ok: null };
    this.chunks.push(chunk);
    this.storing++;
    const settled = stored.then((ok) => {
      chunk.ok = ok;
      this.storing--;
      this.settling.delete(settled);
      this.advance();
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.settling.add(settled);
    while (this.storing > this.maxInFlight) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves when every chunk added so far is stored and committed, or given up. */
  async drain(): Promise<void> {
    while (this.settling.size > 0 || this.committing !== null) {
      await Promise.all([...this.settling]);
      await this.committing;
    }
  }

  /** Moves the target over the durable chunks at the head, and starts a commit if none is under way. */
  private advance(): void {
    while (this.chunks.length > 0 && this.chunks[0].ok !== null) {
      const chunk = this.chunks.shift() as Chunk;
      if (!chunk.ok) this.gaveUp = true;
      else if (!this.gaveUp) this.target = chunk.nextOffset;
    }
    if (this.committing === null && !this.revoked && this.target !== this.committed) this.committing = this.commitToTarget();
  }

  /** Commits until the target is reached; entered only with a commit to make, so it always awaits before clearing `committing`. */
  private async commitToTarget(): Promise<void> {
    while (!this.revoked && this.target !== null && this.target !== this.committed) {
      const offset = this.target;
      await this.commit(offset);
      this.committed = offset;
    }
    this.committing = null;
  }
}
