/** Why a stream framer could not produce a usable frame. */
export type FrameFault = 'too_large' | 'bad_frame';

/** Longest piece of an unusable frame kept for the dead letter, bytes. */
export const FRAME_HEAD_BYTES = 4096;

/** Receives what a stream framer cuts out of a byte stream. */
export interface FrameSink {
  /**
   * A complete frame without its delimiter or length prefix. The buffer may be a view into the
   * received chunk: decode it (or copy it) before returning.
   */
  frame(bytes: Buffer): void;
  /** A frame that was skipped: its size in bytes and its first bytes (≤ FRAME_HEAD_BYTES). */
  invalid(fault: FrameFault, size: number, head: Buffer): void;
}

/** Cuts frames out of a byte stream (a TCP connection, a growing file). Bounded memory. */
export interface StreamFramer {
  push(chunk: Buffer): void;
  /** The stream ended: a final unterminated frame is emitted when the framing allows it. */
  end(): void;
  /** Bytes held for an incomplete frame. */
  readonly pendingBytes: number;
}
