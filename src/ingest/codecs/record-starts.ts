/**
 * Where whole records begin in a run of lines, so a reader of a growing file cuts its batches
 * only there: the parse stage joins multi-line records (stack traces) only within one batch.
 */
export interface RecordStartRule {
  /** True when `line` begins a new record; `previous` is the line before it, or null. */
  isStart(line: string, previous: string | null): boolean;
  /**
   * True when the reader must join each record's lines itself (with `\n`) before sending: a
   * custom pattern the parse stage does not know. False: lines are sent as they are and the parse
   * stage joins them.
   */
  readonly joins: boolean;
}

function indented(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 32 || c === 9;
}

/**
 * The default rule, deliberately conservative: a line starts a record when it is not indented,
 * not a `Caused by:` / `Suppressed:` / `... N more` continuation, and the line before it is not
 * indented either (so the line after a Python traceback's indented frames, its exception, stays
 * with the traceback). A cut is at worst delayed by one record, never placed inside one.
 */
export const DEFAULT_RECORD_STARTS: RecordStartRule = Object.freeze({
  joins: false,
  isStart(line: string, previous: string | null): boolean {
    if (line.length === 0 || indented(line)) return false;
    if (line.startsWith('Caused by:') || line.startsWith('Suppressed:') || line.startsWith('...')) return false;
    return previous === null || previous.length === 0 || !indented(previous);
  },
});

/** Records start at lines matching `pattern` (like Filebeat's `multiline.pattern`); other lines continue the record before. */
export function patternRecordStarts(pattern: RegExp): RecordStartRule {
  return {
    joins: true,
    isStart: (line: string) => pattern.test(line),
  };
}
