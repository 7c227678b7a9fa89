/**
 * Character classes for the tokeniser, as bit flags in a 128-entry table so the hot loop
 * does one array load per character. Characters >= 128 are treated as letters (`OTHER`):
 * non-ASCII text in logs is almost always words, never numbers or separators.
 */
export const DIGIT = 1;
export const LOWER = 2;
export const UPPER = 4;
/** a-f / A-F (also has LOWER or UPPER). */
export const HEX_LETTER = 8;
/** Space, tab, CR, form feed, vertical tab. */
export const SPACE = 16;
export const NEWLINE = 32;
/**
 * Punctuation that splits a token into sub-tokens: `, ! ; : = | " ' [ ] ( ) { } . - + @ # $ % & /`
 * (the token delimiters of the published template convention, plus the path separator).
 * `_ ~ * ^ ? < > \ `` ` stay inside a sub-token: they join parts of one identifier or value.
 */
export const DELIM = 64;
/** Characters that make a digit-free token worth a closer look: `/ \ = @ :`. */
export const TRIGGER = 128;
/** Non-ASCII (>= 128) or ASCII control characters other than whitespace. */
export const OTHER = 256;

export const LETTER = LOWER | UPPER | OTHER;
export const WHITESPACE = SPACE | NEWLINE;

const DELIMITERS = ',!;:=|"\'[](){}.-+@#$%&/\\';

export const CHAR_CLASS: Uint16Array = buildTable();

function buildTable(): Uint16Array {
  const t = new Uint16Array(128);
  for (let c = 0; c < 128; c++) {
    let f = 0;
    if (c >= 48 && c <= 57) f = DIGIT;
    else if (c >= 97 && c <= 122) f = LOWER | (c <= 102 ? HEX_LETTER : 0);
    else if (c >= 65 && c <= 90) f = UPPER | (c <= 70 ? HEX_LETTER : 0);
    else if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) f = SPACE;
    else if (c === 10) f = NEWLINE;
    else if (c < 32 || c === 127) f = OTHER;
    else if (DELIMITERS.includes(String.fromCharCode(c))) f = DELIM;
    else f = 0; // _ ~ * ^ ? < > ` join the parts of one identifier: blk_123, *5, a~b
    if (c === 47 || c === 92 || c === 61 || c === 64 || c === 58) f |= TRIGGER;
    t[c] = f;
  }
  return t;
}

/** Class of the UTF-16 code unit `c`. */
export function charClass(c: number): number {
  return c < 128 ? CHAR_CLASS[c] : OTHER;
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export function isAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c >= 128;
}
