import { CH_SPACE, CH_TAB, isRegexSpace } from './internal/char-codes.js';

/**
 * Multi-line rules: which lines continue the record before them instead of starting one.
 * The state says what kind of trace the current record is in, so rules that only make sense
 * inside a trace (a Python exception line, a Go function line) do not fire on ordinary text.
 *
 * Always a continuation (any state, any format):
 * - a line that starts with a space or a tab (Java `\tat …`, `\t... 12 more`, Python frames,
 *   Go frames, indented detail);
 * - Java `Caused by: …`, `Suppressed: …`, an unindented `... 12 more`.
 * Python, after `Traceback (most recent call last):`: the first unindented line is the
 * exception (`ValueError: …`) and also joins; then `During handling of the above exception…`
 * / `The above exception was the direct cause…` and the next `Traceback` continue a chain.
 * Go, after `panic: …` / `fatal error: …`: `goroutine N [running]:`, `created by …`,
 * `[signal …`, and a function line followed by a tab-indented file line.
 * Blank lines continue a trace only when the line after them does.
 *
 * A trace's own first line (`Traceback …`, `panic: …`, `java.lang.X: …`, `Exception in thread`)
 * starts a new record, as Google's exception detector does, except inside a Python chain.
 */
export const ML_NONE = 0;
export const ML_JAVA = 1;
export const ML_PY_FRAMES = 2;
export const ML_PY_AFTER = 3;
export const ML_GO = 4;
export type MultilineState = typeof ML_NONE | typeof ML_JAVA | typeof ML_PY_FRAMES | typeof ML_PY_AFTER | typeof ML_GO;

const PY_TRACEBACK = 'Traceback (most recent call last):';
const PY_DURING = 'During handling of the above exception';
const PY_CAUSE = 'The above exception was the direct cause';

/** State a record is in after its first line. */
export function startState(line: string): MultilineState {
  const c = line.charCodeAt(0);
  if (c === 84 && line.startsWith(PY_TRACEBACK)) return ML_PY_FRAMES;
  if (c === 112 && line.startsWith('panic: ')) return ML_GO;
  if (c === 102 && line.startsWith('fatal error: ')) return ML_GO;
  return ML_NONE;
}

/**
 * Whether `line` continues a record in `state`. Returns the state after it, or -1 when the
 * line does not continue the record. `next` is the following line, for the rules that look
 * ahead (blank lines, Go function lines); undefined at the end of the batch.
 */
export function continuation(line: string, state: MultilineState, next: string | undefined): MultilineState | -1 {
  const n = line.length;
  if (n === 0 || isBlankLine(line)) {
    if (state === ML_NONE || next === undefined || isBlankLine(next)) return -1;
    return continuation(next, state, undefined) >= 0 ? state : -1;
  }
  const c = line.charCodeAt(0);
  if (c === CH_TAB || c === CH_SPACE) {
    if (state === ML_NONE && isJavaFrame(line)) return ML_JAVA;
    return state;
  }
  switch (state) {
    case ML_PY_FRAMES:
      return ML_PY_AFTER; // the exception line ends the frames
    case ML_PY_AFTER:
      if (line.startsWith(PY_DURING) || line.startsWith(PY_CAUSE)) return ML_PY_AFTER;
      if (line.startsWith(PY_TRACEBACK)) return ML_PY_FRAMES;
      return -1;
    case ML_GO:
      if (
        line.startsWith('goroutine ') ||
        line.startsWith('created by ') ||
        line.startsWith('[signal ') ||
        (next !== undefined && next.charCodeAt(0) === CH_TAB)
      ) {
        return ML_GO;
      }
      return -1;
    default:
      if (c === 67 && (line.startsWith('Caused by: ') || line.startsWith('Caused by:'))) return ML_JAVA;
      if (c === 83 && line.startsWith('Suppressed: ')) return ML_JAVA;
      if (c === 46 && isMoreLine(line)) return ML_JAVA;
      return -1;
  }
}

/** Only blanks (spaces, tabs, other whitespace). */
export function isBlankLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (!isRegexSpace(line.charCodeAt(i))) return false;
  return true;
}

/** `\tat com.x.Y(Y.java:12)` or `    at …` (also JavaScript stack frames). */
function isJavaFrame(line: string): boolean {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === CH_TAB || line.charCodeAt(i) === CH_SPACE)) i++;
  return line.startsWith('at ', i);
}

/** `... 12 more` */
function isMoreLine(line: string): boolean {
  return line.startsWith('... ') && line.endsWith(' more');
}
