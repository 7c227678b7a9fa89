const SPACE = 32;
const COMMA = 44;
const EQ = 61;
const QUOTE = 34;
const BACKSLASH = 92;

function skipSpace(s: string, i: number): number {
  while (i < s.length && (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === 9)) i++;
  return i;
}

function isNameChar(c: number, first: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (!first && c >= 48 && c <= 57) || (!first && c === 46);
}

/**
 * Parses a Prometheus label set as Loki's protobuf push carries it: `{job="api", host="a\"b"}`
 * (escapes `\\`, `\"`, `\n`). Returns the pairs in order, or null when the text is malformed.
 */
export function parsePrometheusLabels(text: string): [string, string][] | null {
  const out: [string, string][] = [];
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 123) return null;
  i = skipSpace(text, i + 1);
  while (i < text.length && text.charCodeAt(i) !== 125) {
    const start = i;
    while (i < text.length && isNameChar(text.charCodeAt(i), i === start)) i++;
    if (i === start) return null;
    const name = text.slice(start, i);
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== EQ) return null;
    i = skipSpace(text, i + 1);
    if (text.charCodeAt(i) !== QUOTE) return null;
    i++;
    let value = '';
    let runStart = i;
    for (;;) {
      if (i >= text.length) return null;
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        value += text.slice(runStart, i);
        const e = text.charCodeAt(i + 1);
        value += e === 110 ? '\n' : e === 116 ? '\t' : text.charAt(i + 1);
        i += 2;
        runStart = i;
        continue;
      }
      i++;
    }
    value += text.slice(runStart, i);
    out.push([name, value]);
    i = skipSpace(text, i + 1);
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  if (i >= text.length) return null;
  return skipSpace(text, i + 1) === text.length ? out : null;
}
