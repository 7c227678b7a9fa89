import type { FrameSink, StreamFramer } from './frame-sink.js';
import { FRAME_HEAD_BYTES } from './frame-sink.js';

const LF = 10;
const CR = 13;

/**
 * Newline framing: one frame per `\n`-terminated line (a `\r` before it is dropped, empty
 * lines are skipped). A line longer than `maxFrameBytes` is never buffered whole: its head is
 * kept, the rest counted and skipped up to the next newline, and it is reported `too_large`.
 * `consumed` is the stream offset just past the last newline handled, so a reader of a file
 * knows exactly where the frames it has seen end.
 */
export class NewlineFramer implements StreamFramer {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private skipping = false;
  private skipped = 0;
  private head: Buffer = Buffer.alloc(0);
  /** Offset just past the last line terminator processed, bytes from the start of the stream. */
  consumed = 0;
  private receivedBytes = 0;

  constructor(
    private readonly sink: FrameSink,
    private readonly maxFrameBytes: number,
  ) {}

  get pendingBytes(): number {
    return this.partBytes;
  }

  /** Bytes pushed so far (framed, held, or skipped as part of an oversized line). */
  get received(): number {
    return this.receivedBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    const base = this.receivedBytes;
    this.receivedBytes += chunk.length;
    while (start < chunk.length) {
      const nl = chunk.indexOf(LF, start);
      if (nl < 0) {
        this.hold(chunk.subarray(start));
        return;
      }
      this.consumed = base + nl + 1;
      this.complete(chunk.subarray(start, nl));
      start = nl + 1;
    }
  }

  end(): void {
    if (this.skipping) {
      this.sink.invalid('too_large', this.skipped, this.head);
      this.resetSkip();
    } else if (this.partBytes > 0) {
      const frame = Buffer.concat(this.parts, this.partBytes);
      this.parts = [];
      this.partBytes = 0;
      this.consumed = this.receivedBytes;
      this.emit(frame);
    }
  }

  private hold(piece: Buffer): void {
    if (this.skipping) {
      this.skipped += piece.length;
      return;
    }
    if (this.partBytes + piece.length > this.maxFrameBytes) {
      const all = Buffer.concat([...this.parts, piece]);
      this.head = Buffer.from(all.subarray(0, FRAME_HEAD_BYTES));
      this.skipping = true;
      this.skipped = all.length;
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    this.parts.push(piece);
    this.partBytes += piece.length;
  }

  private complete(piece: Buffer): void {
    if (this.skipping) {
      this.sink.invalid('too_large', this.skipped + piece.length, this.head);
      this.resetSkip();
      return;
    }
    let frame = piece;
    if (this.partBytes > 0) {
      frame = Buffer.concat([...this.parts, piece], this.partBytes + piece.length);
      this.parts = [];
      this.partBytes = 0;
    }
    this.emit(frame);
  }

  private emit(frame: Buffer): void {
    let end = frame.length;
    if (end > 0 && frame[end - 1] === CR) end--;
    if (end === 0) return;
    if (end > this.maxFrameBytes) {
      this.sink.invalid('too_large', end, Buffer.from(frame.subarray(0, FRAME_HEAD_BYTES)));
      return;
    }
    this.sink.frame(end === frame.length ? frame : frame.subarray(0, end));
  }

  private resetSkip(): void {
    this.skipping = false;
    this.skipped = 0;
    this.head = Buffer.alloc(0);
  }
}
