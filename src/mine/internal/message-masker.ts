import { CHAR_CLASS, DELIM, DIGIT, NEWLINE, OTHER, SPACE, TRIGGER } from './char-class.js';
import { T_DURATION, T_NUMBER, T_SIZE, T_WORD } from './param-type-code.js';
import type { TokenSink } from './token-analyzer.js';
import { TokenAnalyzer } from './token-analyzer.js';
import { literalType } from './value-shapes.js';

/** Limits that keep one pathological line from costing unbounded time or memory. */
export interface MaskLimits {
  /** Tokens analysed per line; the rest of the line becomes one trailing parameter. */
  readonly maxTokens: number;
  /** A token longer than this (a blob: base64, a hex dump) is a parameter without analysis. */
  readonly maxTokenChars: number;
}

const WILDCARD = '<*>';

/**
 * Turns a message into its masked signature in one pass over its characters: tokens are split
 * on whitespace, each token is analysed for values (`TokenAnalyzer`), values become `<*>` and
 * parameters, and whitespace runs become one space (or one newline if the run had one).
 *
 * One instance is reused for every line (fields are overwritten, typed arrays grow on demand),
 * so the hot path allocates only the signature string and the parameter strings.
 */
export class MessageMasker implements TokenSink {
  /** Masked text: constant text with `<*>` for each value, tokens joined by ' ' or '\n'. */
  signature = '';
  tokenCount = 0;
  /** Parameter values of the line, in order. A fresh array per line: callers may keep it. */
  params: string[] = [];
  /** True when the line hit a limit (token count); the tail is one parameter. */
  truncated = false;
  /** Count of tokens over `maxTokenChars` turned into a parameter without analysis. */
  blobTokens = 0;

  paramTypes = new Uint8Array(64);
  /** Key naming each parameter (`user` in `user=alice`) as a range of the message, or -1. */
  paramNameStart = new Int32Array(64);
  paramNameEnd = new Int32Array(64);
  /** Raw range of each token in the message. */
  tokenStart = new Int32Array(64);
  tokenEnd = new Int32Array(64);
  /** Index in `params` of the first parameter of each token. */
  tokenParamStart = new Int32Array(65);
  /** 1 when the token is a value-looking constant the clusterer may generalise. */
  tokenSoft = new Uint8Array(64);
  /** 1 when the token is preceded by a newline (multi-line events keep their line structure). */
  tokenNewline = new Uint8Array(64);

  private readonly analyzer: TokenAnalyzer;
  private readonly limits: MaskLimits;
  private text = '';
  private sig = '';
  private runStart = 0;
  private paramCount = 0;
  private curToken = 0;
  private lastVarStart = 0;

  constructor(limits: MaskLimits) {
    this.limits = limits;
    this.analyzer = new TokenAnalyzer(this);
  }

  /** The message text the current fields describe. */
  get message(): string {
    return this.text;
  }

  mask(text: string): void {
    this.text = text;
    this.sig = '';
    this.params = [];
    this.paramCount = 0;
    this.truncated = false;
    const n = text.length;
    const maxTokens = this.limits.maxTokens;
    const maxTokenChars = this.limits.maxTokenChars;
    let count = 0;
    let i = 0;
    let prevEnd = -1;
    // End of the previous token when that token was exactly one number, else -1.
    let numberEnd = -1;
    // Prefix length of the previous token when it is a numbered item (`blk_12`, `an14`), else 0.
    let itemPrefix = 0;
    let itemStart = 0;
    // Skip leading whitespace.
    while (i < n && (charClassAt(text, i) & (SPACE | NEWLINE)) !== 0) i++;
    this.runStart = i;
    while (i < n) {
      // i is at the start of a token.
      const start = i;
      let flags = 0;
      while (i < n) {
        const c = text.charCodeAt(i);
        const cls = c < 128 ? CHAR_CLASS[c] : OTHER;
        if ((cls & (SPACE | NEWLINE)) !== 0) break;
        flags |= cls;
        i++;
      }
      const end = i;
      if (count === this.tokenStart.length) this.grow();
      if (count === maxTokens - 1 && this.hasMoreTokens(end)) {
        this.separator(prevEnd, start, count);
        this.truncated = true;
        this.beginToken(count, start, trimEnd(text, n));
        this.variable(start, this.tokenEnd[count], T_WORD, -1, -1);
        count++;
        prevEnd = this.tokenEnd[count - 1];
        break;
      }
      if (numberEnd === prevEnd && start === prevEnd + 1 && this.absorbSizeUnit(start, end, count - 1)) {
        // `12.5 KB`: the unit joins the number (human-readable sizes change unit with magnitude).
        numberEnd = -1;
        prevEnd = end;
        while (i < n && (charClassAt(text, i) & (SPACE | NEWLINE)) !== 0) i++;
        continue;
      }
      if (itemPrefix > 0 && start === prevEnd + 1 && text.charCodeAt(prevEnd) === 32 && (flags & DIGIT) !== 0 && this.absorbListItem(count - 1, itemStart, itemPrefix, start, end)) {
        // `blk_1 blk_2 blk_3`: a run of numbered items is one list value, whatever its length.
        prevEnd = end;
        numberEnd = -1;
        while (i < n && (charClassAt(text, i) & (SPACE | NEWLINE)) !== 0) i++;
        continue;
      }
      if (start === prevEnd + 1 && text.charCodeAt(prevEnd) === 32) this.tokenNewline[count] = 0;
      else this.separator(prevEnd, start, count);
      this.curToken = count;
      this.tokenStart[count] = start;
      this.tokenEnd[count] = end;
      const firstParam = this.paramCount;
      this.tokenParamStart[count] = firstParam;
      this.tokenSoft[count] = 0;
      if ((flags & (DIGIT | TRIGGER | DELIM)) !== 0) {
        if (end - start > maxTokenChars) {
          this.blobTokens++;
          this.variable(start, end, T_WORD, -1, -1);
        } else {
          this.analyzer.analyze(text, start, end, flags);
        }
        numberEnd = this.paramCount - firstParam === 1 && this.runStart === end && this.paramTypes[firstParam] === T_NUMBER ? end : -1;
      } else {
        // A plain word: a value only if it is a literal (`true`, `null`, `Jan`, `root`).
        if (end - start <= 5 && end - start >= 3) {
          const literal = literalType(text, start, end);
          if (literal >= 0) this.variable(start, end, literal, -1, -1);
        } else if (end - start > maxTokenChars) {
          this.blobTokens++;
          this.variable(start, end, T_WORD, -1, -1);
        }
        numberEnd = -1;
      }
      itemPrefix = (flags & DIGIT) !== 0 ? itemPrefixLength(text, start, end) : 0;
      itemStart = start;
      count++;
      prevEnd = end;
      // Skip whitespace to the next token.
      while (i < n && (charClassAt(text, i) & (SPACE | NEWLINE)) !== 0) i++;
    }
    this.tokenCount = count;
    this.tokenParamStart[count] = this.paramCount;
    if (prevEnd >= 0) this.sig += text.slice(this.runStart, prevEnd);
    this.signature = this.sig;
  }

  /** Called by the analyser: `text[start, end)` is a parameter. */
  variable(start: number, end: number, type: number, nameStart: number, nameEnd: number): void {
    if (start === this.runStart && this.paramCount > this.tokenParamStart[this.curToken]) {
      // Directly after the previous value of this token (`<*><*>`): one value.
      const k = this.paramCount - 1;
      this.params[k] = this.text.slice(this.lastVarStart, end);
      if (this.paramTypes[k] !== type) this.paramTypes[k] = T_WORD;
      this.runStart = end;
      return;
    }
    this.lastVarStart = start;
    const k = this.paramCount;
    if (k === this.paramTypes.length) this.growParams();
    this.sig += this.text.slice(this.runStart, start) + WILDCARD;
    this.runStart = end;
    this.params.push(this.text.slice(start, end));
    this.paramTypes[k] = type;
    this.paramNameStart[k] = nameStart;
    this.paramNameEnd[k] = nameEnd;
    this.paramCount = k + 1;
  }

  /**
   * If `text[start, end)` is a size unit (plus closing punctuation), extends the number before
   * it. A bound (`<1 sec`, `>5 min`) takes a time unit too: the phrase is one approximate value.
   */
  private absorbSizeUnit(start: number, end: number, token: number): boolean {
    const t = this.text;
    let e = end;
    while (e > start && isClosing(t.charCodeAt(e - 1))) e--;
    if (e - start > 4 || e === start) return false;
    const unit = t.slice(start, e);
    let type = SIZE_UNITS.has(unit) ? T_SIZE : -1;
    if (type < 0) {
      const b = t.charCodeAt(this.lastVarStart);
      if ((b === 60 || b === 62 || b === 126) && TIME_UNITS.has(unit)) type = T_DURATION;
      else return false;
    }
    const k = this.paramCount - 1;
    this.params[k] = t.slice(this.lastVarStart, e);
    this.paramTypes[k] = type;
    this.runStart = e;
    this.tokenEnd[token] = end;
    return true;
  }

  /**
   * If `text[start, end)` is a numbered item with the same prefix as the item at `itemStart`
   * (the previous token, or the start of a list already made), makes token `token` one list
   * parameter that runs to `end`. Only when that token is wholly one value or has none.
   */
  private absorbListItem(token: number, itemStart: number, prefix: number, start: number, end: number): boolean {
    const t = this.text;
    if (itemPrefixLength(t, start, end) !== prefix) return false;
    for (let k = 0; k < prefix; k++) if (t.charCodeAt(itemStart + k) !== t.charCodeAt(start + k)) return false;
    const own = this.paramCount - this.tokenParamStart[token];
    const tokenStart = this.tokenStart[token];
    if (own === 1 && this.lastVarStart === tokenStart && this.runStart === this.tokenEnd[token]) {
      const k = this.paramCount - 1;
      this.params[k] = t.slice(tokenStart, end);
      this.paramTypes[k] = T_WORD;
      this.runStart = end;
    } else if (own === 0 && this.runStart <= tokenStart) {
      this.curToken = token;
      this.variable(tokenStart, end, T_WORD, -1, -1);
    } else {
      return false;
    }
    this.tokenEnd[token] = end;
    this.tokenSoft[token] = 0;
    return true;
  }

  soft(): void {
    this.tokenSoft[this.curToken] = 1;
  }

  private beginToken(index: number, start: number, end: number): void {
    this.curToken = index;
    this.tokenStart[index] = start;
    this.tokenEnd[index] = end;
    this.tokenParamStart[index] = this.paramCount;
    this.tokenSoft[index] = 0;
  }

  /** Normalises the whitespace between the previous token and this one. */
  private separator(prevEnd: number, start: number, index: number): void {
    if (prevEnd < 0) {
      this.tokenNewline[index] = 0;
      return;
    }
    const t = this.text;
    if (start === prevEnd + 1 && t.charCodeAt(prevEnd) === 32) {
      this.tokenNewline[index] = 0;
      return;
    }
    let newline = 0;
    for (let k = prevEnd; k < start; k++) {
      if (t.charCodeAt(k) === 10) {
        newline = 1;
        break;
      }
    }
    this.tokenNewline[index] = newline;
    this.sig += t.slice(this.runStart, prevEnd) + (newline === 1 ? '\n' : ' ');
    this.runStart = start;
  }

  private hasMoreTokens(end: number): boolean {
    const t = this.text;
    for (let k = end; k < t.length; k++) if ((charClassAt(t, k) & (SPACE | NEWLINE)) === 0) return true;
    return false;
  }

  private grow(): void {
    const n = this.tokenStart.length * 2;
    this.tokenStart = growInt(this.tokenStart, n);
    this.tokenEnd = growInt(this.tokenEnd, n);
    this.tokenParamStart = growInt(this.tokenParamStart, n + 1);
    const soft = new Uint8Array(n);
    soft.set(this.tokenSoft);
    this.tokenSoft = soft;
    const nl = new Uint8Array(n);
    nl.set(this.tokenNewline);
    this.tokenNewline = nl;
  }

  private growParams(): void {
    const n = this.paramTypes.length * 2;
    const types = new Uint8Array(n);
    types.set(this.paramTypes);
    this.paramTypes = types;
    this.paramNameStart = growInt(this.paramNameStart, n);
    this.paramNameEnd = growInt(this.paramNameEnd, n);
  }
}

/** Unit abbreviations of human-readable sizes (`12.5 KB`). Words such as `bytes` stay text. */
const SIZE_UNITS: ReadonlySet<string> = new Set(['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'kB', 'KiB', 'MiB', 'GiB', 'TiB']);
/** Time units a bound such as `<1 sec` takes along. */
const TIME_UNITS: ReadonlySet<string> = new Set(['ms', 's', 'sec', 'secs', 'min', 'mins', 'h', 'hr', 'hrs']);

function isClosing(c: number): boolean {
  return c === 44 || c === 59 || c === 41 || c === 93 || c === 125 || c === 46 || c === 58;
}

/**
 * Length of the prefix of a numbered item: letters or `_`, then an optional `-`, then only
 * digits (`blk_-12` → 4, `an14` → 2); 0 for any other token.
 */
function itemPrefixLength(text: string, s: number, e: number): number {
  let i = s;
  while (i < e) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) break;
    i++;
  }
  const prefix = i - s;
  if (prefix === 0 || i === e) return 0;
  if (text.charCodeAt(i) === 45) i++;
  if (i === e) return 0;
  for (; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return 0;
  }
  return prefix;
}

function charClassAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CHAR_CLASS[c] : OTHER;
}

function trimEnd(text: string, n: number): number {
  let e = n;
  while (e > 0 && (charClassAt(text, e - 1) & (SPACE | NEWLINE)) !== 0) e--;
  return e;
}

function growInt(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
