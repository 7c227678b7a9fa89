/**
 * Character-code helpers for the hand-written scanners. The parsers test char codes
 * before reaching for a regex because this runs once per log line.
 */

export const CH_TAB = 9;
export const CH_LF = 10;
export const CH_CR = 13;
export const CH_SPACE = 32;
export const CH_QUOTE = 34; // "
export const CH_PLUS = 43;
export const CH_COMMA = 44;
export const CH_MINUS = 45;
export const CH_DOT = 46;
export const CH_SLASH = 47;
export const CH_0 = 48;
export const CH_9 = 57;
export const CH_COLON = 58;
export const CH_LT = 60;
export const CH_EQ = 61;
export const CH_GT = 62;
export const CH_LBRACKET = 91;
export const CH_BACKSLASH = 92;
export const CH_RBRACKET = 93;
export const CH_UNDERSCORE = 95;
export const CH_LBRACE = 123;
export const CH_RBRACE = 125;
export const CH_BOM = 0xfeff;

export function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

/** ASCII letter. */
export function isAlpha(c: number): boolean {
  const l = c | 0x20;
  return l >= 97 && l <= 122;
}

/** Space or tab: the separators log lines use between fields. */
export function isBlank(c: number): boolean {
  return c === CH_SPACE || c === CH_TAB;
}

/** Whitespace as ECMAScript `\s` defines it, so checks agree with the header regexes. */
export function isRegexSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Index of the first non-space/tab character at or after `i`, or `end`. */
export function skipBlanks(s: string, i: number, end: number): number {
  while (i < end && isBlank(s.charCodeAt(i))) i++;
  return i;
}

/** Index of the first space/tab at or after `i`, or `end`. */
export function findBlank(s: string, i: number, end: number): number {
  while (i < end && !isBlank(s.charCodeAt(i))) i++;
  return i;
}

/** Reads exactly `n` decimal digits at `i`; -1 if any is not a digit or the text is too short. */
export function readDigits(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k);
    if (c < CH_0 || c > CH_9) return -1;
    v = v * 10 + (c - CH_0);
  }
  return v;
}

/** Number of consecutive digits starting at `i` (bounded by `end`). */
export function countDigits(s: string, i: number, end: number): number {
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c < CH_0 || c > CH_9) break;
    j++;
  }
  return j - i;
}
