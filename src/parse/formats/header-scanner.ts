import { isRegexSpace } from '../internal/char-codes.js';

/**
 * A regex-free matcher for the common shape of header formats: fields separated by plain
 * literals and space runs, ending with `<Content>` (`<Date> <Time> <Level> <Component>: <Content>`).
 *
 * It walks the regex's own first path: each lazy field ends at the first place its separator
 * matches, a space run takes all the whitespace there. When that path reaches `<Content>` the
 * regex would return the same split, so the scanner's answer is the regex's; when it does not,
 * the caller falls back to the regex, which may still match by backtracking. Formats with
 * groups, optional parts, classes (`\d`) or whitespace inside literals get no scanner.
 */
export interface HeaderScanner {
  /** The fields before Content, then Content; null when the first path fails (try the regex). */
  scan(line: string, limit: number): string[] | null;
}

/** One piece of a separator: literal text, or `WS` for a run of one or more whitespace characters. */
type SeparatorPart = string;
const WS = '';

/**
 * `literals[i]` is the pattern text before field i (`literals[0]` leads the line); the last
 * field is Content and ends the pattern. Returns null when the format is not of the plain shape.
 */
export function compileHeaderScanner(literals: readonly string[]): HeaderScanner | null {
  const parts: SeparatorPart[][] = [];
  for (let i = 0; i < literals.length; i++) {
    const p = separatorParts(literals[i]);
    if (p === null) return null;
    // Two adjacent lazy fields have no place to split: the regex handles that.
    if (i > 0 && p.length === 0) return null;
    parts.push(p);
  }
  return new PlainHeaderScanner(parts);
}

function separatorParts(text: string): SeparatorPart[] | null {
  const out: SeparatorPart[] = [];
  let lit = '';
  for (let i = 0; i < text.length; i++) {
    let c = text[i];
    if (c === '\\') {
      if (i + 1 >= text.length) return null;
      c = text[++i];
      if (/[A-Za-z0-9]/.test(c)) return null; // a class such as \d or \s
    } else if (c === ' ') {
      if (lit !== '') out.push(lit);
      lit = '';
      while (text[i + 1] === ' ') i++;
      out.push(WS);
      continue;
    } else if (c === '(' || c === ')' || c === '?') {
      return null;
    }
    // A greedy space run before a literal whitespace character would need backtracking.
    if (isRegexSpace(c.charCodeAt(0))) return null;
    lit += c;
  }
  if (lit !== '') out.push(lit);
  return out;
}

class PlainHeaderScanner implements HeaderScanner {
  constructor(private readonly parts: readonly (readonly SeparatorPart[])[]) {}

  scan(line: string, limit: number): string[] | null {
    const parts = this.parts;
    const fields = parts.length;
    let pos = matchAt(parts[0], line, 0, limit);
    if (pos < 0) return null;
    const out = new Array<string>(fields);
    for (let f = 1; f < fields; f++) {
      const sep = parts[f];
      const first = sep[0];
      let at = pos;
      let end = -1;
      for (;;) {
        // Jump to the next place the separator can start.
        if (first === WS) {
          while (at < limit && !isRegexSpace(line.charCodeAt(at))) at++;
          if (at >= limit) return null;
        } else {
          at = line.indexOf(first, at);
          if (at < 0 || at + first.length > limit) return null;
        }
        end = matchAt(sep, line, at, limit);
        if (end >= 0) break;
        at++;
      }
      out[f - 1] = line.slice(pos, at);
      pos = end;
    }
    out[fields - 1] = line.slice(pos);
    return out;
  }
}

/** End of `sep` matched at `at` (space runs greedy), or -1. */
function matchAt(sep: readonly SeparatorPart[], line: string, at: number, limit: number): number {
  let p = at;
  for (let k = 0; k < sep.length; k++) {
    const part = sep[k];
    if (part === WS) {
      if (p >= limit || !isRegexSpace(line.charCodeAt(p))) return -1;
      p++;
      while (p < limit && isRegexSpace(line.charCodeAt(p))) p++;
    } else {
      if (p + part.length > limit || !line.startsWith(part, p)) return -1;
      p += part.length;
    }
  }
  return p;
}
