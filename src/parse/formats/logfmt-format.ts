import type { AttrValue } from '../../model/index.js';
import { CH_BACKSLASH, CH_EQ, CH_QUOTE, CH_SPACE } from '../internal/char-codes.js';
import type { EventDraft } from '../internal/event-draft.js';
import { RoleSlots, roleCodeOf } from '../internal/field-roles.js';
import type { TextFormat } from './text-format.js';

/**
 * logfmt (`level=info msg="hello world" user=alice dur=3ms`), as written by logrus, go-kit,
 * Heroku and slog's TextHandler.
 *
 * - A key is a run of characters above space other than `=` and `"`; `key=value`, `key="quoted"`
 *   (escapes `\"`, `\\`, `\n`, `\t`, `\r`, `\uXXXX`), `key=` (empty string), or a bare `key` (true).
 * - Well-known keys map to the event fields exactly as for JSON (`ts`, `level`, `msg`, `service`,
 *   `trace_id`, …); every other pair becomes a string attribute (values are not re-typed).
 * - Without a message key the whole line is the message.
 * - A line is logfmt when its first token is a pair and bare words are no more than pairs;
 *   otherwise `parse` declines it (stack frames, prose).
 */
export class LogfmtFormat implements TextFormat {
  readonly name = 'logfmt' as const;
  readonly unmatchedContinues = false;
  private readonly scanner = new LogfmtScanner();
  private readonly slots = new RoleSlots();

  parse(line: string, draft: EventDraft, receivedAt: number): boolean {
    const sc = this.scanner;
    sc.reset(line);
    if (!sc.next() || !sc.hasValue) return false;
    this.slots.reset();
    let pairs = 0;
    let bare = 0;
    do {
      const key = sc.key;
      let value: AttrValue = true;
      if (sc.hasValue) {
        value = sc.value;
        pairs++;
      } else {
        bare++;
      }
      const code = roleCodeOf(key);
      if (code >= 0) this.slots.offer(key, code, value, draft);
      else draft.setAttr(key, value);
    } while (sc.next());
    if (bare > pairs) return false; // the caller resets the partly written draft
    this.slots.apply(draft, receivedAt);
    if (this.slots.messageKey === null) draft.message = line;
    else draft.structured = true;
    return true;
  }
}

/** Pairs and bare words of the last `isLogfmt` check, for detection scoring. */
export function isLogfmt(sc: LogfmtScanner, line: string): boolean {
  sc.reset(line);
  if (!sc.next() || !sc.hasValue) return false;
  let pairs = 1;
  let bare = 0;
  while (sc.next()) {
    if (sc.hasValue) pairs++;
    else bare++;
  }
  return bare <= pairs;
}

/** Counts `key=value` pairs in a line if it is logfmt, else 0. Used by format detection. */
export function logfmtPairCount(sc: LogfmtScanner, line: string): number {
  if (!isLogfmt(sc, line)) return 0;
  sc.reset(line);
  let pairs = 0;
  while (sc.next()) if (sc.hasValue) pairs++;
  return pairs;
}

/** Pull tokenizer over one line. Fields describe the current token after `next()` returns true. */
export class LogfmtScanner {
  key = '';
  value = '';
  hasValue = false;
  private line = '';
  private pos = 0;

  reset(line: string): void {
    this.line = line;
    this.pos = 0;
  }

  next(): boolean {
    const s = this.line;
    const end = s.length;
    let i = this.pos;
    while (i < end && s.charCodeAt(i) <= CH_SPACE) i++;
    if (i >= end) {
      this.pos = i;
      return false;
    }
    if (s.charCodeAt(i) === CH_QUOTE || s.charCodeAt(i) === CH_EQ) {
      // Not a key: a stray quoted string or `=`. Keep it as a bare word so prose scores low.
      const e = s.charCodeAt(i) === CH_QUOTE ? this.quotedEnd(s, i + 1) : i + 1;
      this.key = s.slice(i, e);
      this.hasValue = false;
      this.value = '';
      this.pos = e;
      return true;
    }
    const keyStart = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c <= CH_SPACE || c === CH_EQ || c === CH_QUOTE) break;
      i++;
    }
    this.key = s.slice(keyStart, i);
    if (i >= end || s.charCodeAt(i) !== CH_EQ) {
      this.hasValue = false;
      this.value = '';
      // A key glued to a quote (`a"b`) is prose; swallow up to the next blank.
      while (i < end && s.charCodeAt(i) > CH_SPACE) i++;
      this.pos = i;
      return true;
    }
    i++;
    this.hasValue = true;
    if (i < end && s.charCodeAt(i) === CH_QUOTE) {
      const close = this.quotedEnd(s, i + 1);
      const inner = close < end || s.charCodeAt(close - 1) === CH_QUOTE ? close - 1 : close;
      this.value = unescape(s, i + 1, Math.max(i + 1, inner));
      this.pos = close;
      return true;
    }
    const valStart = i;
    while (i < end && s.charCodeAt(i) > CH_SPACE) i++;
    this.value = s.slice(valStart, i);
    this.pos = i;
    return true;
  }

  /** Index just past the closing quote of a string whose body starts at `i` (or `end` if unterminated). */
  private quotedEnd(s: string, i: number): number {
    const end = s.length;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === CH_BACKSLASH) i += 2;
      else if (c === CH_QUOTE) return i + 1;
      else i++;
    }
    return end;
  }
}

/** Body of a quoted value between `a` and `b`, with escapes resolved. */
function unescape(s: string, a: number, b: number): string {
  const bs = s.indexOf('\\', a);
  if (bs < 0 || bs >= b) return s.slice(a, b);
  let out = s.slice(a, bs);
  let i = bs;
  while (i < b) {
    const c = s.charCodeAt(i);
    if (c !== CH_BACKSLASH || i + 1 >= b) {
      out += s[i];
      i++;
      continue;
    }
    const e = s[i + 1];
    i += 2;
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'u': {
        const hex = s.slice(i, i + 4);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 4;
        } else {
          out += '\\u';
        }
        break;
      }
      default:
        out += e; // \" \\ and anything else: the character itself
    }
  }
  return out;
}
