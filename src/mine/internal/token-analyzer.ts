import { CHAR_CLASS, DELIM, DIGIT, LOWER, OTHER, TRIGGER, UPPER, charClass, isDigitCode, isHexCode } from './char-class.js';
import {
  allHex,
  colonHexType,
  endpointStart,
  hostEnd,
  ipv4End,
  isEmail,
  isPath,
  isTime,
  isUrl,
  isUuid,
  lastIPv4Start,
  literalType,
  numberWithUnit,
  onlyHex,
} from './value-shapes.js';
import {
  T_EMAIL,
  T_HEX,
  T_IP,
  T_NUMBER,
  T_PATH,
  T_TIMESTAMP,
  T_URL,
  T_UUID,
  T_WORD,
} from './param-type-code.js';

/** Receives what the analyser finds in one whitespace-delimited token. */
export interface TokenSink {
  /**
   * `text[start, end)` is a parameter of type `type` (a `param-type-code`); `nameStart`/`nameEnd`
   * delimit the key that names it (`user=alice`), or are -1. Calls come in increasing order.
   */
  variable(start: number, end: number, type: number, nameStart: number, nameEnd: number): void;
  /**
   * The token is a constant for now but looks like a value (an identifier with a digit, the
   * word value of `key=value`): the clusterer may turn it into a parameter once it varies.
   */
  soft(): void;
}

/**
 * Decides which parts of a token are parameters, from what any log's values look like:
 * numbers (with units), hex, IPs, UUIDs, paths, URLs, e-mails, times and dates, identifiers
 * that carry a number (`blk_-123`, `rdd_4_2`, `node-12`), the value of `key=value`, and the
 * literals `true`/`false`/`null`. Nothing here knows any dataset.
 *
 * Granularity follows the published template convention (Khan et al., ICSE'22): punctuation
 * inside a token stays in the template (`node-<*>`, `[file.c:<*>]`, `<*>:<*>`), numbers joined
 * by dots are one value (`1.2.3` is one `<*>`), and a whole token is one value when it is a
 * typed thing (an IP endpoint, a path, a URL).
 */
export class TokenAnalyzer {
  private text = '';
  private sink: TokenSink;
  // The key of the `key=value` being analysed, and where its value starts (-1 outside one).
  private keyStart = -1;
  private keyEnd = -1;
  private valueStart = -1;
  private tokenEnd = 0;

  constructor(sink: TokenSink) {
    this.sink = sink;
  }

  /** Analyses `text[start, end)`; `flags` is the OR of the char classes of its characters. */
  analyze(text: string, start: number, end: number, flags: number): void {
    this.text = text;
    this.tokenEnd = end;
    // Peel wrapping punctuation: it stays constant around the value.
    let s = start;
    let e = end;
    while (s < e && isOpener(text.charCodeAt(s))) s++;
    while (e > s && isCloser(text.charCodeAt(e - 1))) e--;
    if (s >= e) return;
    if (e - s < end - start && (flags & (DIGIT | TRIGGER)) === 0) {
      // `word,` `(word`: only the peeled core may be a literal or hold punctuation.
      let core = 0;
      for (let i = s; i < e; i++) core |= charClass(text.charCodeAt(i));
      if ((core & DELIM) === 0) {
        const literal = this.literalType(s, e);
        if (literal >= 0) this.emit(s, e, literal);
        return;
      }
    }
    // key=value: the key stays, the value is analysed on its own and named by the key.
    const eq = this.indexOfCode(61, s, e);
    if (eq > s && this.isKey(s, eq)) {
      let vs = eq + 1;
      let ve = e;
      while (vs < ve && isOpener(text.charCodeAt(vs))) vs++;
      while (ve > vs && isCloser(text.charCodeAt(ve - 1))) ve--;
      if (vs >= ve) return;
      this.keyStart = s;
      this.keyEnd = eq;
      this.valueStart = vs;
      if (!this.analyzeCore(vs, ve, true)) this.sink.soft();
      this.valueStart = -1;
      return;
    }
    this.analyzeCore(s, e);
  }

  /**
   * Returns true when it emitted at least one parameter. `isValue`: the core is the value of
   * `key=value`, which is one parameter as a whole once every part of it is one
   * (`steps=1514##7007##5` is one value, `bnds=[0,0][5,5]` too).
   */
  private analyzeCore(s: number, e: number, isValue = false): boolean {
    const t = this.text;
    // One pass for the shape; every typed check below is gated on it.
    let flags = 0;
    let dots = 0;
    let colons = 0;
    let slashes = 0;
    let ats = 0;
    let dashes = 0;
    for (let i = s; i < e; i++) {
      const c = t.charCodeAt(i);
      if (c < 128) {
        const cls = CHAR_CLASS[c];
        flags |= cls;
        if ((cls & (DELIM | TRIGGER)) !== 0) {
          if (c === 46) dots++;
          else if (c === 58) colons++;
          else if (c === 47) slashes++;
          else if (c === 64) ats++;
          else if (c === 45) dashes++;
        }
      } else {
        flags |= OTHER;
      }
    }
    const digits = (flags & DIGIT) !== 0;
    const letters = (flags & (LOWER | UPPER)) !== 0;
    const c0 = t.charCodeAt(s);
    if (colons > 0 && slashes >= 2 && isUrl(this.text, s, e)) return this.emit(s, e, T_URL);
    if (digits && dots >= 3) {
      const ipEnd = ipv4End(this.text, s, e);
      if (ipEnd > 0) {
        // An endpoint: a host prefix (`/`, `host/`) and an optional `:port` belong to it;
        // text glued after it (`:Got`) is analysed on its own.
        let k = ipEnd;
        if (k + 1 < e && t.charCodeAt(k) === 58 && isDigitCode(t.charCodeAt(k + 1))) {
          k++;
          while (k < e && isDigitCode(t.charCodeAt(k))) k++;
        }
        const start = endpointStart(this.text, s, lastIPv4Start());
        if (start > s) this.subTokens(s, start);
        this.emit(start, k, T_IP);
        if (k < e) this.subTokens(k, e);
        return true;
      }
    }
    if ((c0 === 47 || c0 === 126 || c0 === 46 || c0 === 92 || (colons > 0 && t.charCodeAt(s + 1) === 58)) && isPath(this.text, s, e)) {
      // A path keeps the dots that end it (`/a/part-0.`): they may be part of a file name.
      let pe = e;
      while (pe < this.tokenEnd && t.charCodeAt(pe) === 46) pe++;
      return this.emit(s, pe, T_PATH);
    }
    if (ats === 1 && isEmail(this.text, s, e)) return this.emit(s, e, T_EMAIL);
    if (letters && (dots > 0 || colons === 1)) {
      const host = hostEnd(this.text, s, e);
      if (host > 0) return this.emit(s, e, host === e ? T_WORD : T_IP);
    }
    if (digits) {
      if (e - s === 36 && dashes === 4 && isUuid(this.text, s)) return this.emit(s, e, T_UUID);
      if ((colons > 0 || dashes >= 2) && isTime(this.text, s, e)) return this.emit(s, e, T_TIMESTAMP);
      if (colons >= 2) {
        const colonHex = colonHexType(this.text, s, e);
        if (colonHex >= 0) return this.emit(s, e, colonHex);
      }
      if (isDigitCode(c0) || c0 === 45) {
        const unit = numberWithUnit(this.text, s, e);
        if (unit >= 0) return this.emit(s, e, unit);
      }
      if (c0 === 48 && e - s > 2 && (t.charCodeAt(s + 1) | 32) === 120 && onlyHex(this.text, s + 2, e)) return this.emit(s, e, T_HEX);
      if (e - s >= 6 && allHex(this.text, s, e)) return this.emit(s, e, T_HEX);
      if (isValue && this.allValuePieces(s, e)) return this.emit(s, e, T_WORD);
    }
    // A path glued after punctuation (`jar:file:/a/b`, `chdir(/a/b`, `dir=/a/b`) is one value.
    if (slashes >= 2) {
      const slash = this.gluedPathStart(s, e);
      if (slash > s) {
        const before = this.subTokens(s, slash);
        return this.emit(slash, e, T_PATH) || before;
      }
    }
    if (!digits && (flags & DELIM) === 0) {
      const literal = e - s >= 3 && e - s <= 5 ? this.literalType(s, e) : -1;
      return literal >= 0 ? this.emit(s, e, literal) : false;
    }
    return this.subTokens(s, e);
  }

  /**
   * Splits at punctuation (keeping `_ ~ * < >` inside pieces) and makes each digit-bearing
   * piece and each literal (`true`, `null`, …) a value; pieces joined by `.` or by nothing
   * merge into one value. Pieces whose digits look like part of a name (`ssh2`, `eth0`,
   * `jk2_init`) stay constant but mark the token soft.
   * A value right after `key=` or `key:` is named by the key.
   */
  private subTokens(s: number, e: number): boolean {
    const t = this.text;
    let emitted = false;
    let pendStart = -1;
    let pendEnd = -1;
    let pendType = T_NUMBER;
    let pendNameStart = -1;
    let pendNameEnd = -1;
    let prevStart = -1;
    let prevEnd = -1;
    let i = s;
    while (i < e) {
      const c = t.charCodeAt(i);
      const cls = charClass(c);
      // A '-' before a digit at the start of a piece is a sign (`-5`, `x=-5`); '+' is punctuation.
      if ((cls & DELIM) !== 0 && !(c === 45 && i + 1 < e && isDigitCode(t.charCodeAt(i + 1)) && (i === s || (charClass(t.charCodeAt(i - 1)) & DELIM) !== 0))) {
        i++;
        continue;
      }
      // A piece: [i, j)
      let j = i + 1;
      let pflags = cls;
      while (j < e) {
        const cj = t.charCodeAt(j);
        const cc = charClass(cj);
        // `blk_-123`: a sign right after `_` belongs to the identifier.
        if ((cc & DELIM) !== 0 && !(cj === 45 && t.charCodeAt(j - 1) === 95)) break;
        pflags |= cc;
        j++;
      }
      let type = -1;
      if ((pflags & DIGIT) !== 0) {
        const kind = this.pieceKind(i, j, pflags);
        if (kind === PIECE_SOFT) this.sink.soft();
        else type = kind === PIECE_NUMBER ? T_NUMBER : kind === PIECE_HEX ? T_HEX : T_WORD;
      } else if (j - i >= 3 && j - i <= 5) {
        type = this.literalType(i, j);
      }
      if (type >= 0) {
        if (pendStart >= 0 && (pendEnd === i || (pendEnd + 1 === i && t.charCodeAt(pendEnd) === 46))) {
          pendEnd = j;
          if (pendType !== type) pendType = pendType === T_NUMBER && type === T_NUMBER ? T_NUMBER : T_WORD;
        } else {
          if (pendStart >= 0) emitted = this.emitNamed(pendStart, pendEnd, pendType, pendNameStart, pendNameEnd) || emitted;
          pendStart = i;
          pendEnd = j;
          pendType = type;
          pendNameStart = -1;
          pendNameEnd = -1;
          if (i === this.valueStart) {
            pendNameStart = this.keyStart;
            pendNameEnd = this.keyEnd;
          } else if (prevEnd >= 0 && prevEnd === i - 1 && (t.charCodeAt(prevEnd) === 61 || t.charCodeAt(prevEnd) === 58)) {
            pendNameStart = prevStart;
            pendNameEnd = prevEnd;
          }
        }
      }
      prevStart = i;
      prevEnd = j;
      i = j;
    }
    if (pendStart >= 0) emitted = this.emitNamed(pendStart, pendEnd, pendType, pendNameStart, pendNameEnd) || emitted;
    return emitted;
  }

  /** Start of a path that follows `:` `(` `[` `=` `,` inside the token (two or more `/`), or -1. */
  private gluedPathStart(s: number, e: number): number {
    const t = this.text;
    let i = s + 1;
    while (i < e && t.charCodeAt(i) !== 47) i++;
    if (i >= e - 2) return -1;
    const p = t.charCodeAt(i - 1);
    if (!(p === 58 || p === 40 || p === 91 || p === 61 || p === 44)) return -1;
    let next = i + 1;
    while (next < e && t.charCodeAt(next) !== 47) next++;
    return t.charCodeAt(i + 1) !== 47 && next < e ? i : -1;
  }

  /**
   * True when every piece of `[s, e)` is a value (`1514##7007##5`, `[0,0][5,5]`): a compound
   * value such as a list or a tuple. False as soon as a word piece gives it structure
   * (`<memory:1024`, `Rect(0`).
   */
  private allValuePieces(s: number, e: number): boolean {
    const t = this.text;
    let i = s;
    let pieces = 0;
    while (i < e) {
      if ((charClass(t.charCodeAt(i)) & DELIM) !== 0 && t.charCodeAt(i) !== 45) {
        i++;
        continue;
      }
      let j = i + 1;
      let f = charClass(t.charCodeAt(i));
      while (j < e && (charClass(t.charCodeAt(j)) & DELIM) === 0) f |= charClass(t.charCodeAt(j++));
      if ((f & DIGIT) === 0 || this.pieceKind(i, j, f) === PIECE_SOFT) {
        if (this.literalType(i, j) < 0) return false;
      }
      pieces++;
      i = j;
    }
    return pieces > 0;
  }

  private pieceKind(s: number, e: number, flags: number): number {
    const t = this.text;
    let i = s;
    if (t.charCodeAt(i) === 45) i++;
    if ((flags & (LOWER | UPPER | OTHER)) === 0) return this.indexOfCode(95, i, e) < 0 ? PIECE_NUMBER : PIECE_WORD;
    // Hex-looking with both digits and letters, long enough not to be a name.
    if ((flags & OTHER) === 0 && e - s >= 4 && allHex(this.text, s, e)) return PIECE_HEX;
    let digitRuns = 0;
    let longestRun = 0;
    let run = 0;
    let partStart = s;
    let partAllDigits = true;
    let anyDigitPart = false;
    for (let k = s; k <= e; k++) {
      const c = k < e ? t.charCodeAt(k) : 95;
      if (c === 95) {
        if (k > partStart && partAllDigits) anyDigitPart = true;
        partStart = k + 1;
        partAllDigits = true;
      } else if (!isDigitCode(c) && !(k === partStart && c === 45)) {
        partAllDigits = false;
      }
      if (k < e && isDigitCode(c)) {
        if (run === 0) digitRuns++;
        run++;
        if (run > longestRun) longestRun = run;
      } else {
        run = 0;
      }
    }
    if (anyDigitPart) return PIECE_WORD;
    // A number with a short suffix (`41C`, `3rd`, `64bit`); `0userId` is a number glued to a word.
    if (isDigitCode(t.charCodeAt(i)) && e - s - longestRun <= 3 && digitRuns === 1) return PIECE_WORD;
    if (digitRuns >= 2 || longestRun >= 3) return PIECE_WORD;
    return PIECE_SOFT;
  }

  /** Emits a whole-core value, named by the key when it is the value of `key=value`. */
  private emit(s: number, e: number, type: number): boolean {
    if (s === this.valueStart) this.sink.variable(s, e, type, this.keyStart, this.keyEnd);
    else this.sink.variable(s, e, type, -1, -1);
    return true;
  }

  private emitNamed(s: number, e: number, type: number, nameStart: number, nameEnd: number): boolean {
    this.sink.variable(s, e, type, nameStart, nameEnd);
    return true;
  }


  private indexOfCode(code: number, s: number, e: number): number {
    const t = this.text;
    for (let i = s; i < e; i++) if (t.charCodeAt(i) === code) return i;
    return -1;
  }

  /** A key is an identifier-ish run: letters, digits, `_ . - :`, starting with a letter. */
  private isKey(s: number, e: number): boolean {
    const t = this.text;
    const c0 = CHAR_CLASS[t.charCodeAt(s) & 127];
    if ((c0 & (LOWER | UPPER)) === 0 && t.charCodeAt(s) !== 95) return false;
    for (let i = s + 1; i < e; i++) {
      const c = t.charCodeAt(i);
      if (!(isHexCode(c) || (charClass(c) & (LOWER | UPPER | DIGIT)) !== 0 || c === 95 || c === 46 || c === 45 || c === 58)) return false;
    }
    return true;
  }




  /** Type of a digit-free word that is a value by itself, or -1 (see `VALUE_WORDS`). */
  private literalType(s: number, e: number): number {
    return literalType(this.text, s, e);
  }








}

const PIECE_NUMBER = 0;
const PIECE_HEX = 1;
const PIECE_WORD = 2;
const PIECE_SOFT = 3;

/** `( [ { " '` before a token: constant wrapping (all are delimiters of the convention). */
function isOpener(c: number): boolean {
  return c === 40 || c === 91 || c === 123 || c === 34 || c === 39;
}

/** `) ] } " ' , ; : . !` after a token: constant wrapping and sentence punctuation. */
function isCloser(c: number): boolean {
  return c === 41 || c === 93 || c === 125 || c === 34 || c === 39 || c === 44 || c === 59 || c === 58 || c === 46 || c === 33;
}
