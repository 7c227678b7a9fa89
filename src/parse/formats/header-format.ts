import { LogsiftError } from '../../model/index.js';
import { isRegexSpace } from '../internal/char-codes.js';
import { compileHeaderScanner } from './header-scanner.js';
import type { HeaderScanner } from './header-scanner.js';

/**
 * A compiled user header format such as `<Date> <Time> <Level> <Component>: <Content>`
 * (the Loghub convention, see shared/datasets/loghub-2k/FORMATS.md):
 *
 * - `<Name>` is a field; `<Content>` is the message, every other field is metadata.
 * - A run of spaces matches one or more whitespace characters.
 * - Fields match lazily and the whole line is anchored at both ends.
 * - `\[`, `\]`, `\|`, `\(`, `\)` are literals; `( … )?` is an optional group.
 *   For convenience an unescaped `[`, `]`, `|`, `.`, `{`, `}`, `+`, `*`, `^`, `$` is also a literal.
 *
 * Cost: lazy fields make a plain backtracking regex polynomial (or worse) on lines that almost
 * match, so `match` first checks in linear time that the pattern's required literals occur in
 * order, and when the pattern ends with `<Content>` it matches only the header part, on at
 * most the first `MAX_HEADER_CHARS` characters, and takes the rest of the line as Content
 * (the same result the anchored regex gives). Without a trailing `<Content>`, lines longer
 * than `MAX_ANCHORED_LINE_CHARS` do not match.
 */
export interface HeaderFormat {
  readonly pattern: string;
  /** Field names in the order they appear, including `Content` if present. */
  readonly fields: readonly string[];
  /** Field values in `fields` order, or null when the line does not match. Missing optional fields are ''. */
  match(line: string): string[] | null;
}

const FIELD = /<([A-Za-z_][A-Za-z0-9_]*)>/g;
/** The header part (everything before a trailing `<Content>`) must fit in this many characters. */
export const MAX_HEADER_CHARS = 4096;
/** Longest line tried against a pattern that does not end with `<Content>`. */
export const MAX_ANCHORED_LINE_CHARS = 65_536;
const CONTENT_FIELD = 'Content';
const LITERAL_SPECIALS = new Set(['[', ']', '|', '.', '{', '}', '+', '*', '^', '$']);

export interface HeaderFormatOptions {
  /** Use the regex-free scanner where the format allows it (default true; false for differential tests). */
  readonly scanner?: boolean;
}

export function compileHeaderFormat(pattern: string, options: HeaderFormatOptions = {}): HeaderFormat {
  const fields: string[] = [];
  let source = '';
  let last = 0;
  // Source without the last field and the anchor; used when the pattern ends with <Content>.
  let headSource = '';
  /** Pattern text before each field. */
  const literals: string[] = [];
  for (const m of pattern.matchAll(FIELD)) {
    const name = m[1];
    if (fields.includes(name)) {
      throw new LogsiftError('invalid_config', `header format repeats field <${name}>: ${pattern}`);
    }
    literals.push(pattern.slice(last, m.index));
    source += literalToRegex(literals[literals.length - 1]);
    headSource = source;
    fields.push(name);
    // Lazy, and allowed to span lines so a joined multi-line record keeps its tail in Content.
    // Numbered, not named: a named group costs a `groups` object per line. Only fields capture.
    source += `([\\s\\S]*?)`;
    last = m.index + m[0].length;
  }
  const tail = pattern.slice(last);
  source += literalToRegex(tail);
  if (fields.length === 0) {
    throw new LogsiftError('invalid_config', `header format has no <Field>: ${pattern}`);
  }
  let re: RegExp;
  let headRe: RegExp | null = null;
  try {
    re = new RegExp(`^${source}$`);
    if (fields[fields.length - 1] === CONTENT_FIELD && tail === '') headRe = new RegExp(`^${headSource}`);
  } catch (err) {
    throw new LogsiftError('invalid_config', `header format is not valid: ${pattern} (${(err as Error).message})`);
  }
  const scanner = headRe !== null && options.scanner !== false ? compileHeaderScanner(literals) : null;
  return new CompiledHeaderFormat(pattern, fields, re, headRe, scanner, requiredLiterals(pattern));
}

class CompiledHeaderFormat implements HeaderFormat {
  constructor(
    readonly pattern: string,
    readonly fields: readonly string[],
    private readonly re: RegExp,
    /** Matches the part before a trailing <Content>; null when the pattern does not end with one. */
    private readonly headRe: RegExp | null,
    /** Regex-free path for plain formats ending with <Content>; the regex stays the fallback. */
    private readonly scanner: HeaderScanner | null,
    /** Literal text every matching line contains, in order; WHITESPACE stands for `\\s+`. */
    private readonly required: readonly string[],
  ) {}

  match(line: string): string[] | null {
    if (this.scanner !== null) {
      const fast = this.scanner.scan(line, Math.min(line.length, MAX_HEADER_CHARS));
      if (fast !== null) return fast;
    }
    if (!containsInOrder(line, this.required)) return null;
    const n = this.fields.length;
    if (this.headRe !== null) {
      const m = this.headRe.exec(line.length > MAX_HEADER_CHARS ? line.slice(0, MAX_HEADER_CHARS) : line);
      if (m === null) return null;
      const out = new Array<string>(n);
      for (let i = 0; i < n - 1; i++) out[i] = m[i + 1] ?? '';
      out[n - 1] = line.slice(m[0].length);
      return out;
    }
    if (line.length > MAX_ANCHORED_LINE_CHARS) return null;
    const m = this.re.exec(line);
    if (m === null) return null;
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = m[i + 1] ?? '';
    return out;
  }
}

/** Marker in a required-literal list for "one or more whitespace characters". */
const WHITESPACE = ' ';

/**
 * Literal runs (and whitespace runs) that every line matching `pattern` must contain, in
 * order. Text inside groups, and characters made optional by `?`, are left out: this is a
 * necessary condition, used to reject non-matching lines in linear time.
 */
function requiredLiterals(pattern: string): string[] {
  const out: string[] = [];
  const text = pattern.replace(FIELD, '\u0000');
  let lit = '';
  let depth = 0;
  const flush = (): void => {
    if (lit !== '') out.push(lit);
    lit = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      const e = text[++i];
      if (depth > 0) continue;
      if (/[A-Za-z0-9]/.test(e)) {
        flush(); // \d, \w, \s…: a class, not a literal
        if (e === 's' && text[i + 1] !== '?') out.push(WHITESPACE);
      } else if (text[i + 1] === '?') {
        flush();
      } else {
        lit += e;
      }
    } else if (c === '(') {
      flush();
      depth++;
    } else if (c === ')') {
      if (depth > 0) depth--;
    } else if (depth > 0) {
      continue;
    } else if (c === '\u0000') {
      flush();
    } else if (c === ' ') {
      flush();
      while (text[i + 1] === ' ') i++;
      out.push(WHITESPACE);
    } else if (c === '?') {
      lit = lit.slice(0, -1); // the previous character was optional
      flush();
    } else if (text[i + 1] === '?') {
      flush();
    } else {
      lit += c;
    }
  }
  flush();
  return out;
}

function containsInOrder(line: string, required: readonly string[]): boolean {
  let pos = 0;
  const n = line.length;
  for (let r = 0; r < required.length; r++) {
    const part = required[r];
    if (part === WHITESPACE) {
      while (pos < n && !isRegexSpace(line.charCodeAt(pos))) pos++;
      if (pos >= n) return false;
      pos++;
    } else {
      const at = line.indexOf(part, pos);
      if (at < 0) return false;
      pos = at + part.length;
    }
  }
  return true;
}

/** Turns the literal text between fields into a regex fragment (see the rules above). */
function literalToRegex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      out += c + text[i + 1];
      i++;
    } else if (c === ' ') {
      while (text[i + 1] === ' ') i++;
      out += '\\s+';
    } else if (c === '(' && text[i + 1] !== '?') {
      // The pattern's own groups (`( … )?`) do not capture: capture groups are the fields, in order.
      out += '(?:';
    } else if (LITERAL_SPECIALS.has(c)) {
      out += '\\' + c;
    } else {
      out += c;
    }
  }
  return out;
}
