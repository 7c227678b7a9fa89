import type { DeadLetter, DeadLetterReason } from '../../../model/index.js';
import { truncate } from '../../../pipeline/index.js';
import type { FrameFault, FrameSink } from '../../codecs/frame-sink.js';
import { decodeSyslogFrame, syslogFormatOf } from '../../syslog-frame.js';
import type { RecordBatcher } from '../record-batcher.js';
import type { SourceMetrics } from '../source-metrics.js';

/** Group of the batch that carries rejected frames (any group would do: rejects need no format). */
export const REJECT_GROUP = 'syslog3164';

/**
 * Where syslog frames land, from any connection or datagram: a frame with a valid `<PRI>` goes to
 * the batch of its format (RFC 5424 or 3164; the parse stage parses it); anything else is
 * skipped with a counter and kept as a dead letter so nothing disappears silently.
 */
export class SyslogIntake implements FrameSink {
  /** Frames taken since the last `countReceived()`: counted per chunk, not per frame (a labelled counter costs ~0.5 µs a call). */
  private received = 0;

  constructor(
    private readonly batcher: RecordBatcher,
    private readonly metrics: SourceMetrics,
    private readonly tenant: string,
  ) {}

  frame(bytes: Buffer): void {
    const text = decodeSyslogFrame(bytes);
    if (text.length === 0) return;
    const format = syslogFormatOf(text);
    if (format === null) {
      this.metrics.frames('syslog', 'invalid', 1);
      this.batcher.reject(REJECT_GROUP, { letter: this.letter('invalid_record', 'not a syslog message: it does not start with <PRI>', text) });
      return;
    }
    this.received++;
    this.batcher.add(format, text);
  }

  /** Adds the frames taken since the last call to `logsift_source_frames_total{outcome="received"}`; call after each chunk or datagram. */
  countReceived(): void {
    if (this.received === 0) return;
    this.metrics.frames('syslog', 'received', this.received);
    this.received = 0;
  }

  invalid(fault: FrameFault, size: number, head: Buffer): void {
    const tooLarge = fault === 'too_large';
    this.metrics.frames('syslog', tooLarge ? 'too_large' : 'invalid', 1);
    const detail = tooLarge ? `syslog frame of ${size} bytes exceeds the record limit` : `malformed octet-counted frame (${size} bytes skipped until the next frame)`;
    this.batcher.reject(REJECT_GROUP, { letter: this.letter(tooLarge ? 'too_large' : 'invalid_record', detail, head.toString('utf8')) });
  }

  private letter(reason: DeadLetterReason, detail: string, raw: string): DeadLetter {
    return { tenant: this.tenant, ts: Date.now(), source: 'syslog', reason, detail, raw: truncate(raw) };
  }
}
