import type { FrameSink, StreamFramer } from './frame-sink.js';
import { FRAME_HEAD_BYTES } from './frame-sink.js';
import { NewlineFramer } from './newline-framer.js';

const SP = 32;
const LT = 60; // '<'
const MAX_LENGTH_DIGITS = 10;

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

/** Bytes allowed between frames of an octet-counted stream (some senders add a newline). */
function isFiller(b: number): boolean {
  return b === 10 || b === 13 || b === SP || b === 0;
}

/**
 * RFC 6587 framing for syslog over TCP, detected per connection from its first byte: a digit
 * means octet counting (`LEN SP MSG`), anything else non-transparent framing (one message
 * per line, see `NewlineFramer`). Both are bounded by `maxFrameBytes`:
 * - a frame whose count exceeds it is skipped as it streams past (head kept) → `too_large`;
 * - a malformed count (not digits + SP) → `bad_frame`, then the framer resynchronises at the
 *   next `DIGITS SP <` in the stream, so one bad frame does not cost the connection.
 */
export class OctetCountingFramer implements StreamFramer {
  private mode: 'undecided' | 'octet' | 'newline' = 'undecided';
  private readonly lines: NewlineFramer;
  /** Unprocessed bytes of an octet-counted stream: at most one partial frame plus its header. */
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes still to skip of an oversized frame, and what we keep of it. */
  private skipLeft = 0;
  private skipSize = 0;
  private skipHead: Buffer[] = [];
  private skipHeadBytes = 0;

  constructor(
    private readonly sink: FrameSink,
    private readonly maxFrameBytes: number,
  ) {
    this.lines = new NewlineFramer(sink, maxFrameBytes);
  }

  /** How the connection frames its messages, once its first byte has arrived. */
  get framing(): 'undecided' | 'octet' | 'newline' {
    return this.mode;
  }

  get pendingBytes(): number {
    return this.mode === 'newline' ? this.lines.pendingBytes : this.pending.length;
  }

  push(chunk: Buffer): void {
    if (this.mode === 'undecided') {
      let i = 0;
      while (i < chunk.length && isFiller(chunk[i])) i++;
      if (i === chunk.length) return;
      this.mode = isDigit(chunk[i]) ? 'octet' : 'newline';
      chunk = chunk.subarray(i);
    }
    if (this.mode === 'newline') {
      this.lines.push(chunk);
      return;
    }
    if (this.skipLeft > 0) {
      chunk = this.skip(chunk);
      if (chunk.length === 0) return;
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.drain();
  }

  end(): void {
    if (this.mode === 'newline') this.lines.end();
    else if (this.skipLeft > 0) this.finishSkip();
    else {
      let p = 0;
      while (p < this.pending.length && isFiller(this.pending[p])) p++;
      if (p < this.pending.length) this.sink.invalid('bad_frame', this.pending.length - p, Buffer.from(this.pending.subarray(p, p + FRAME_HEAD_BYTES)));
    }
    this.pending = Buffer.alloc(0);
  }

  private drain(): void {
    const buf = this.pending;
    const n = buf.length;
    let p = 0;
    for (;;) {
      while (p < n && isFiller(buf[p])) p++;
      if (p >= n) break;
      let q = p;
      let length = 0;
      while (q < n && isDigit(buf[q]) && q - p < MAX_LENGTH_DIGITS) length = length * 10 + (buf[q++] - 48);
      if (q >= n) break; // the count continues in the next chunk
      if (q === p || buf[q] !== SP) {
        const next = resyncPoint(buf, p + 1);
        // No resync point yet: drop the garbage but keep a tail that may hold the next count.
        const end = next < 0 ? Math.max(p, n - MAX_LENGTH_DIGITS - 2) : next;
        if (end > p) this.sink.invalid('bad_frame', end - p, Buffer.from(buf.subarray(p, Math.min(end, p + FRAME_HEAD_BYTES))));
        p = end;
        if (next < 0) break;
        continue;
      }
      const bodyStart = q + 1;
      if (length > this.maxFrameBytes) {
        this.skipLeft = length;
        this.skipSize = length;
        this.skipHead = [];
        this.skipHeadBytes = 0;
        const rest = this.skip(buf.subarray(bodyStart));
        this.pending = Buffer.alloc(0);
        if (rest.length > 0) {
          this.pending = rest;
          this.drain();
        }
        return;
      }
      if (n - bodyStart < length) break; // the body continues in the next chunk
      if (length > 0) this.sink.frame(buf.subarray(bodyStart, bodyStart + length));
      p = bodyStart + length;
    }
    this.pending = p >= n ? Buffer.alloc(0) : buf.subarray(p);
  }

  /** Consumes bytes of an oversized frame; returns what follows it. */
  private skip(chunk: Buffer): Buffer {
    const take = Math.min(this.skipLeft, chunk.length);
    if (this.skipHeadBytes < FRAME_HEAD_BYTES) {
      const keep = chunk.subarray(0, Math.min(take, FRAME_HEAD_BYTES - this.skipHeadBytes));
      this.skipHead.push(Buffer.from(keep));
      this.skipHeadBytes += keep.length;
    }
    this.skipLeft -= take;
    if (this.skipLeft === 0) this.finishSkip();
    return chunk.subarray(take);
  }

  private finishSkip(): void {
    this.sink.invalid('too_large', this.skipSize, Buffer.concat(this.skipHead));
    this.skipLeft = 0;
    this.skipHead = [];
    this.skipHeadBytes = 0;
  }
}

/** Index of the first `DIGITS SP <` at or after `from` (the start of the digits), or -1. */
function resyncPoint(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(LT, from + 2); i >= 0; i = buf.indexOf(LT, i + 1)) {
    if (buf[i - 1] !== SP || !isDigit(buf[i - 2])) continue;
    let s = i - 2;
    while (s > from && isDigit(buf[s - 1]) && i - 1 - s < MAX_LENGTH_DIGITS) s--;
    return s;
  }
  return -1;
}
