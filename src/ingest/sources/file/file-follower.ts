import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { NewlineFramer } from '../../codecs/newline-framer.js';
import type { RecordStartRule } from '../../codecs/record-starts.js';
import type { SourceLogger } from '../source-logger.js';
import type { SourceMetrics } from '../source-metrics.js';
import { PathGlob } from './path-glob.js';
import { TailStateFile } from './tail-state.js';
import type { TailFileState } from './tail-state.js';

/** Bytes hashed to recognise a file (inode reuse after delete + create). */
const FINGERPRINT_BYTES = 1024;
/** Bytes read per read call. */
const READ_CHUNK = 256 * 1024;
/** Longest wait between attempts while the receiver refuses batches, ms. */
const MAX_RETRY_DELAY_MS = 10_000;

/** A batch of whole records from one file, with the byte range it covers. */
export interface TailBatch {
  readonly path: string;
  /** Stable id of this exact range of this exact file: resend it under the same id (idempotency). */
  readonly batchId: string;
  /** Records in file order: lines, or joined multi-line records when the rule joins. */
  readonly records: readonly string[];
  readonly startOffset: number;
  readonly endOffset: number;
}

/** Stores a batch; resolves once it is acknowledged as durable, rejects to have it retried later. */
export type TailSink = (batch: TailBatch) => Promise<void>;

export interface FileFollowerOptions {
  /** Files and globs (`*`, `?`, `[…]`, `**`), relative to `cwd`. */
  readonly paths: readonly string[];
  readonly cwd: string;
  /** Where offsets are remembered across restarts. */
  readonly statePath: string;
  /** How often paths are re-scanned and files checked for growth, ms. */
  readonly pollMs: number;
  /** Where to begin a file first seen at start-up with no remembered offset. Files that appear later are read from their start. */
  readonly startAt: 'beginning' | 'end';
  /** A file idle this long has its held-back last record sent, ms. */
  readonly flushAfterMs: number;
  /** A file no longer under any path (rotated away) is closed once read to its end and idle this long, ms. */
  readonly closeAfterMs: number;
  readonly maxBatchRecords: number;
  /** Bytes (UTF-16 units, approximately) per batch at most. */
  readonly maxBatchBytes: number;
  /** Longest line; longer ones are skipped and counted. */
  readonly maxLineBytes: number;
  /** Files followed at once at most; more are ignored until one closes (logged). */
  readonly maxOpenFiles: number;
  readonly recordStarts: RecordStartRule;
}

/** One open file being followed. */
class FollowedFile {
  readonly lines: string[] = [];
  readonly ends: number[] = [];
  framer: NewlineFramer;
  private framerBase: number;
  matched = true;
  lastChange: number;
  pendingChars = 0;

  constructor(
    readonly key: string,
    public path: string,
    readonly handle: FileHandle,
    /** Acknowledged offset. */
    public offset: number,
    public generation: number,
    public fingerprint: string,
    public fingerprintBytes: number,
    maxLineBytes: number,
    private readonly onTooLarge: (path: string, size: number) => void,
    now: number,
  ) {
    this.framerBase = offset;
    this.framer = this.newFramer(maxLineBytes);
    this.lastChange = now;
  }

  /** Bytes framed so far (everything before this is in `lines` or sent). */
  get readOffset(): number {
    return this.framerBase + this.framer.received;
  }

  restartAt(offset: number, maxLineBytes: number): void {
    this.offset = offset;
    this.framerBase = offset;
    this.framer = this.newFramer(maxLineBytes);
    this.lines.length = 0;
    this.ends.length = 0;
    this.pendingChars = 0;
  }

  state(now: number): TailFileState {
    return { key: this.key, path: this.path, offset: this.offset, generation: this.generation, fingerprint: this.fingerprint, fingerprintBytes: this.fingerprintBytes, seenAt: now };
  }

  private newFramer(maxLineBytes: number): NewlineFramer {
    return new NewlineFramer(
      {
        frame: (bytes) => {
          const line = bytes.toString('utf8');
          this.lines.push(line);
          this.ends.push(this.framerBase + this.framer.consumed);
          this.pendingChars += line.length;
        },
        invalid: (_fault, size) => this.onTooLarge(this.path, size),
      },
      maxLineBytes,
    );
  }
}

/**
 * Follows files and globs like `tail -F`, for `logsift tail` and the server's file source:
 * - survives rotation: files are tracked by device and inode, so a renamed file is read to its
 *   end while the new file at the path is read from its start; copytruncate and truncation
 *   restart the file at offset 0;
 * - remembers offsets across restarts in a state file, persisted only after the sink
 *   acknowledged a batch; each batch has a stable id (file identity + byte range) for the
 *   receiver's idempotency, so a crash between acknowledgement and saving never stores a line
 *   twice, and nothing unacknowledged is ever skipped;
 * - sends whole records: batches are cut only at record starts (`RecordStartRule`), and the
 *   last record of a growing file is held back until the next one begins or the file is idle.
 * Bounded: each file holds at most about two batches of unsent lines.
 */
export class FileFollower {
  private readonly globs: readonly PathGlob[];
  private readonly stateFile: TailStateFile;
  private state = new Map<string, TailFileState>();
  private readonly files = new Map<string, FollowedFile>();
  private readonly stopController = new AbortController();
  private loop: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private firstScan = true;
  private retryDelay = 0;
  private warnedOpenLimit = false;

  constructor(
    private readonly options: FileFollowerOptions,
    private readonly sink: TailSink,
    private readonly log: SourceLogger,
    private readonly metrics: SourceMetrics,
    private readonly source = 'file',
  ) {
    this.globs = options.paths.map((p) => new PathGlob(p, options.cwd));
    this.stateFile = new TailStateFile(options.statePath);
  }

  /**
   * Loads the offsets, opens the files there are now, and (unless `follow` is false, for a
   * one-off `catchUp`) starts following them in the background.
   */
  async start(follow = true): Promise<void> {
    this.state = await this.stateFile.load();
    await this.scan();
    if (follow) this.loop = this.run();
  }

  /** Files being followed now (path → acknowledged offset), for tests and status output. */
  offsets(): ReadonlyMap<string, number> {
    return new Map([...this.files.values()].map((f) => [f.path, f.offset]));
  }

  /** Stops following, sends what was read (whole lines only), saves the offsets, closes the files. Idempotent. */
  stop(signal?: AbortSignal): Promise<void> {
    this.stopping ??= this.shutdown(signal);
    return this.stopping;
  }

  private async shutdown(signal: AbortSignal | undefined): Promise<void> {
    this.stopController.abort();
    const aborted = new Promise<void>((resolve) => {
      if (signal?.aborted === true) resolve();
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await Promise.race([this.loop ?? Promise.resolve(), aborted]);
    if (signal?.aborted !== true) {
      for (const file of this.files.values()) {
        try {
          await Promise.race([this.send(file, true), aborted]);
        } catch (err) {
          this.log.warn({ path: file.path, err: (err as Error).message }, 'tail: final batch not acknowledged; it is sent again on the next start');
        }
      }
    }
    await this.saveState().catch((err: unknown) => this.log.error({ err: (err as Error).message }, 'tail: saving offsets failed'));
    for (const file of this.files.values()) await file.handle.close().catch(() => undefined);
    this.files.clear();
  }

  /**
   * Reads every file to its current end and sends everything whole that was read, held-back last
   * records included (`logsift tail --once`). Call between `start(false)` and `stop()`, never
   * while following (a file must not be read by two passes at once).
   */
  async catchUp(): Promise<void> {
    await this.scan();
    for (const file of [...this.files.values()]) await this.pump(file, true);
  }

  private async run(): Promise<void> {
    const signal = this.stopController.signal;
    while (!signal.aborted) {
      try {
        await this.scan();
        for (const file of [...this.files.values()]) {
          if (signal.aborted) break;
          await this.pump(file, false);
        }
        this.retryDelay = 0;
      } catch (err) {
        this.retryDelay = Math.min(Math.max(this.retryDelay * 2, this.options.pollMs), MAX_RETRY_DELAY_MS);
        this.log.warn({ err: (err as Error).message, retryInMs: this.retryDelay }, 'tail: batch not acknowledged, will retry');
      }
      try {
        await sleep(this.options.pollMs + this.retryDelay, undefined, { signal });
      } catch {
        return; // stopping
      }
    }
  }

  /** Finds the files the paths match now; opens new ones, marks the ones no longer matched. */
  private async scan(): Promise<void> {
    const now = Date.now();
    const seen = new Set<string>();
    const paths = new Set((await Promise.all(this.globs.map((g) => g.expand()))).flat());
    for (const path of paths) {
      let st;
      try {
        st = await stat(path, { bigint: true });
      } catch {
        continue; // gone between listing and stat (rotation in progress)
      }
      const key = `${st.dev}:${st.ino}`;
      seen.add(key);
      const known = this.files.get(key);
      if (known !== undefined) {
        known.path = path;
        known.matched = true;
        continue;
      }
      if (this.files.size >= this.options.maxOpenFiles) {
        if (!this.warnedOpenLimit) this.log.warn({ maxOpenFiles: this.options.maxOpenFiles }, 'tail: too many files; some are not followed');
        this.warnedOpenLimit = true;
        continue;
      }
      await this.openFile(path, key, Number(st.size), now);
    }
    for (const file of this.files.values()) if (!seen.has(file.key)) file.matched = false;
    this.firstScan = false;
  }

  private async openFile(path: string, key: string, size: number, now: number): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      this.log.warn({ path, err: (err as Error).message }, 'tail: cannot open file');
      return;
    }
    const prior = this.state.get(key);
    let offset = this.firstScan && this.options.startAt === 'end' ? size : 0;
    let generation = 0;
    if (prior !== undefined && prior.fingerprintBytes <= size && (await fingerprintOf(handle, prior.fingerprintBytes)) === prior.fingerprint) {
      generation = prior.generation;
      if (prior.offset <= size) offset = prior.offset;
      else {
        offset = 0; // truncated while we were not running
        generation++;
      }
    }
    const fpBytes = Math.min(size, FINGERPRINT_BYTES);
    const file = new FollowedFile(key, path, handle, offset, generation, await fingerprintOf(handle, fpBytes), fpBytes, this.options.maxLineBytes, (p, n) => this.tooLarge(p, n), now);
    this.files.set(key, file);
  }

  private tooLarge(path: string, size: number): void {
    this.metrics.frames(this.source, 'too_large', 1);
    this.log.warn({ path, bytes: size, limit: this.options.maxLineBytes }, 'tail: line longer than the limit skipped');
  }

  /** Reads what the file gained, sends the batches that are ready, closes it when rotated away and done. */
  private async pump(file: FollowedFile, drain: boolean): Promise<void> {
    const now = Date.now();
    const size = Number((await file.handle.stat()).size);
    if (size < file.readOffset) {
      // Truncated (copytruncate, `> file`): what was read before still counts; then start over.
      await this.send(file, true);
      file.generation++;
      file.restartAt(0, this.options.maxLineBytes);
      file.fingerprintBytes = Math.min(size, FINGERPRINT_BYTES);
      file.fingerprint = await fingerprintOf(file.handle, file.fingerprintBytes);
      file.lastChange = now;
      await this.saveState();
    }
    if (file.fingerprintBytes < FINGERPRINT_BYTES && size > file.fingerprintBytes && file.offset === 0 && file.lines.length === 0) {
      // Still small: widen the fingerprint while nothing of the file is remembered yet.
      file.fingerprintBytes = Math.min(size, FINGERPRINT_BYTES);
      file.fingerprint = await fingerprintOf(file.handle, file.fingerprintBytes);
    }
    for (;;) {
      while (file.readOffset < size && file.lines.length < 2 * this.options.maxBatchRecords && file.pendingChars < 2 * this.options.maxBatchBytes) {
        const want = Math.min(READ_CHUNK, size - file.readOffset);
        const chunk = Buffer.allocUnsafe(want);
        const { bytesRead } = await file.handle.read(chunk, 0, want, file.readOffset);
        if (bytesRead === 0) break;
        this.metrics.bytes(this.source, bytesRead);
        file.framer.push(bytesRead === want ? chunk : chunk.subarray(0, bytesRead));
        file.lastChange = now;
      }
      const idle = now - file.lastChange >= this.options.flushAfterMs;
      if (!file.matched && idle && file.readOffset >= size) file.framer.end(); // rotated away: its last line is final
      const sentUpTo = file.offset;
      await this.send(file, drain || idle || !file.matched);
      // Read on while batches go out, up to the end seen at the start of this pass.
      if (file.readOffset >= size || file.offset === sentUpTo) break;
    }
    if (!file.matched && file.readOffset >= size && file.lines.length === 0 && now - file.lastChange >= this.options.closeAfterMs) {
      await file.handle.close();
      this.files.delete(file.key);
    }
  }

  /** Sends ready batches of `file` one after another; `force` also sends the held-back last record. */
  private async send(file: FollowedFile, force: boolean): Promise<void> {
    for (;;) {
      const cut = this.cutPoint(file, force);
      if (cut === 0) return;
      const lines = file.lines.slice(0, cut);
      const start = file.offset;
      const end = file.ends[cut - 1];
      const records = this.options.recordStarts.joins ? joinRecords(lines, this.options.recordStarts) : lines;
      await this.sink({ path: file.path, batchId: `${file.key}:${file.generation}:${file.fingerprint.slice(0, 12)}:${start}-${end}`, records, startOffset: start, endOffset: end });
      file.lines.splice(0, cut);
      file.ends.splice(0, cut);
      let chars = 0;
      for (const l of lines) chars += l.length;
      file.pendingChars -= chars;
      file.offset = end;
      this.metrics.frames(this.source, 'received', lines.length);
      await this.saveState();
    }
  }

  /** How many pending lines form the next batch (0: none ready). Cuts only before a record start. */
  private cutPoint(file: FollowedFile, force: boolean): number {
    const n = file.lines.length;
    if (n === 0) return 0;
    let limit = Math.min(n, this.options.maxBatchRecords);
    let chars = 0;
    for (let i = 0; i < limit; i++) {
      chars += file.lines[i].length;
      if (chars > this.options.maxBatchBytes && i > 0) {
        limit = i;
        break;
      }
    }
    if (force && limit === n) return n;
    const rule = this.options.recordStarts;
    for (let c = limit; c >= 1; c--) {
      if (c < n && rule.isStart(file.lines[c], file.lines[c - 1])) return c;
    }
    // One record longer than a batch: cut it (the parse stage bounds records anyway).
    return n > limit ? limit : 0;
  }

  private async saveState(): Promise<void> {
    const now = Date.now();
    for (const file of this.files.values()) this.state.set(file.key, file.state(now));
    await this.stateFile.save(this.state, now);
  }
}

function joinRecords(lines: readonly string[], rule: RecordStartRule): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (out.length === 0 || rule.isStart(lines[i], i > 0 ? lines[i - 1] : null)) out.push(lines[i]);
    else out[out.length - 1] += '\n' + lines[i];
  }
  return out;
}

async function fingerprintOf(handle: FileHandle, bytes: number): Promise<string> {
  const buf = Buffer.alloc(bytes);
  if (bytes > 0) await handle.read(buf, 0, bytes, 0);
  return createHash('sha1').update(buf).digest('hex');
}
