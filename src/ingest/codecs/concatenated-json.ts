/** One object text framed out of a concatenated-JSON body, or a stretch that could not be framed. */
export interface JsonFrame {
  /** Start and end (exclusive) in the text, UTF-16 units. */
  readonly start: number;
  readonly end: number;
  /** False for bytes between objects that are not an object, or an object never closed. */
  readonly ok: boolean;
}

const OPEN = 123; // {
const CLOSE = 125; // }
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Frames concatenated JSON objects, `{…}{…} {…}\n{…}`, as Splunk HEC batches them (not an
 * array, not necessarily newline-separated). Braces are matched outside strings; whitespace
 * between objects is skipped. Anything else between objects becomes one `ok: false` frame up
 * to the next `{`, so one bad event never hides the events after it. Linear, no regex.
 */
export function frameConcatenatedJson(text: string): JsonFrame[] {
  const frames: JsonFrame[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    if (c !== OPEN) {
      const start = i;
      while (i < n && text.charCodeAt(i) !== OPEN) i++;
      frames.push({ start, end: i, ok: false });
      continue;
    }
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (inString) {
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) inString = false;
      } else if (d === QUOTE) inString = true;
      else if (d === OPEN) depth++;
      else if (d === CLOSE && --depth === 0) break;
    }
    if (i >= n) {
      frames.push({ start, end: n, ok: false });
      break;
    }
    i++;
    frames.push({ start, end: i, ok: true });
  }
  return frames;
}
