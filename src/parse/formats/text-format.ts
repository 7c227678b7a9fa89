import type { EventDraft } from '../internal/event-draft.js';
import type { FormatName } from '../types.js';

/**
 * One text format: turns a single line into a draft event. Implementations are stateless
 * apart from reusable scratch space and are shared by every stream of one parser.
 */
export interface TextFormat {
  readonly name: FormatName;
  /**
   * True when a line this format does not recognise belongs to the previous record
   * (header and syslog formats: anything that does not start a record is a continuation).
   * False when such a line stands alone as a plain event.
   */
  readonly unmatchedContinues: boolean;
  /**
   * Parses `line` into `draft`, which the caller has reset. Returns false when the line is
   * not in this format; the draft may then be partly written and the caller resets it.
   * `receivedAt` (ms) supplies the year for year-less timestamps. Never throws.
   */
  parse(line: string, draft: EventDraft, receivedAt: number): boolean;
}

/** A bare line parser with the `TextFormat.parse` contract. */
export type LineParser = (line: string, draft: EventDraft, receivedAt: number) => boolean;
