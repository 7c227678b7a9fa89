/**
 * Index terms for the SQLite full-text index.
 *
 * A message is split into *major tokens* at every character that is not a letter, a digit
 * or one of the joiners `. _ - : / @` (so `10.0.0.1:80`, `java.lang.Error`, `blk_-42` and
 * `/api/users` stay whole), lower-cased, with leading and trailing joiners removed.
 * A token is indexed as itself and, unless it is a numeric compound such as an IP address,
 * a version or a timestamp, as each suffix that starts after one of the *separators*
 * `. / : @` (`java.lang.Error` → `java.lang.error`, `lang.error`, `error`).
 * A query term matches as a prefix of an indexed term. So a term matches a message when it
 * occurs at the start of a token, or after a separator inside a token that is not numeric.
 *
 * The index works on blocks of consecutive rows (see partition-writer.ts): a block's
 * document is the union of its rows' terms, so repeated values cost once per block. Only the
 * tokens that vary are indexed: a token that is a constant of a row's template is found
 * through the template's term instead (every row of a template contains its constants).
 * Attribute values are indexed like message tokens. Hits are re-checked row by row.
 *
 * The FTS5 table must use a tokenizer that keeps exactly these characters together:
 * `unicode61 remove_diacritics 0 tokenchars '._-:/@·'` (`·` marks structural terms, below, and
 * is a breaker in messages, so a message token can never collide with one).
 */

export const FTS_TOKENIZER = `unicode61 remove_diacritics 0 tokenchars '._-:/@\u00b7'`;

/** Longest token indexed; longer tokens are cut (queries are cut the same way). */
export const MAX_TOKEN_LENGTH = 64;
/** Most suffixes indexed per token, besides the token itself. */
export const MAX_SUFFIXES = 4;
/** Most distinct tokens indexed per row; the rest are not indexed. */
export const MAX_TOKENS_PER_ROW = 128;

const WILDCARD_SENTINEL = '\u0000';

// Character classes by code unit for the ASCII range.
const BREAK = 0;
const WORD = 1;
const JOINER = 2; // `_` `-`: part of a token, not a suffix boundary
const SEPARATOR = 3; // `.` `/` `:` `@`: part of a token and a suffix boundary
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) ASCII_CLASS[c] = WORD;
  else if ('_-'.includes(ch)) ASCII_CLASS[c] = JOINER;
  else if ('./:@'.includes(ch)) ASCII_CLASS[c] = SEPARATOR;
}
// U+0000 never occurs in stored text; it stands for a template wildcard inside a token.
ASCII_CLASS[0] = WORD;
const NON_ASCII_WORD = /[\p{L}\p{N}\p{Co}]/u;

function charClass(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_CLASS[c];
  if (c === 0xb7) return BREAK;
  if (c >= 0xdc00 && c <= 0xdfff) return charClass(text, i - 1); // low surrogate: same as its pair
  return NON_ASCII_WORD.test(String.fromCodePoint(text.codePointAt(i) ?? c)) ? WORD : BREAK;
}

function isWordAt(text: string, i: number): boolean {
  return charClass(text, i) === WORD;
}

/**
 * Appends the major tokens of an already lower-cased text to `out`, skipping those in
 * `skip` and repeats (`seen`), at most `max` of them.
 */
function collectTokens(lower: string, out: string[], seen: Set<string>, skip: ReadonlySet<string> | null, max: number): void {
  const n = lower.length;
  let i = 0;
  while (i < n && seen.size < max) {
    while (i < n && !isWordAt(lower, i)) i++;
    if (i >= n) break;
    const start = i;
    let wordEnd = i + 1;
    i++;
    while (i < n) {
      const k = charClass(lower, i);
      if (k === BREAK) break;
      if (k === WORD) wordEnd = i + 1;
      i++;
    }
    const end = wordEnd - start > MAX_TOKEN_LENGTH ? start + MAX_TOKEN_LENGTH : wordEnd;
    const token = lower.slice(start, end);
    if (seen.has(token) || (skip !== null && skip.has(token))) continue;
    seen.add(token);
    out.push(token);
  }
}

export function majorTokens(text: string): string[] {
  const out: string[] = [];
  collectTokens(text.toLowerCase(), out, new Set(), null, Number.MAX_SAFE_INTEGER);
  return out;
}

/** True for tokens made only of digits and joiners/separators (IPs, versions, timestamps). */
function isNumericCompound(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 128) return false;
    if (ASCII_CLASS[c] === WORD && (c < 48 || c > 57)) return false;
  }
  return true;
}

/** The token and the suffixes that start after a separator (see the module comment). */
export function suffixTerms(token: string, out: string[]): void {
  out.push(token);
  if (isNumericCompound(token)) return;
  let added = 0;
  for (let i = 0; i < token.length - 1 && added < MAX_SUFFIXES; i++) {
    const c = token.charCodeAt(i);
    if (c < 128 && ASCII_CLASS[c] === SEPARATOR) {
      let j = i + 1;
      while (j < token.length && token.charCodeAt(j) < 128 && ASCII_CLASS[token.charCodeAt(j)] >= JOINER) j++;
      if (j < token.length) {
        out.push(token.slice(j));
        added++;
      }
      i = j - 1;
    }
  }
}

/** The constant part of a template: tokens not touched by a wildcard, and their suffix terms. */
export interface TemplateConstants {
  /** Major tokens of the template text that contain no wildcard. */
  readonly tokens: ReadonlySet<string>;
  /** Suffix terms of those tokens, for matching query terms against the template. */
  readonly terms: readonly string[];
}

export function templateConstants(templateText: string): TemplateConstants {
  const all: string[] = [];
  collectTokens(templateText.replaceAll('<*>', WILDCARD_SENTINEL).toLowerCase(), all, new Set(), null, Number.MAX_SAFE_INTEGER);
  const tokens = new Set(all.filter((t) => !t.includes(WILDCARD_SENTINEL)));
  const terms: string[] = [];
  for (const t of tokens) suffixTerms(t, terms);
  return { tokens, terms: [...new Set(terms)] };
}

/**
 * Adds a row's index terms to its block's term set: the terms of its message tokens that
 * are not constants of its template, and of its attribute values (`attrText`, values
 * separated by spaces). `tokens` and `seen` are scratch space reused across rows.
 */
export function addRowTerms(
  message: string,
  attrText: string | null,
  constants: ReadonlySet<string>,
  into: Set<string>,
  tokens: string[],
  seen: Set<string>,
): void {
  tokens.length = 0;
  seen.clear();
  let lower = message.toLowerCase();
  // U+0000 is the wildcard sentinel; in a message it is just a separator.
  if (lower.includes(WILDCARD_SENTINEL)) lower = lower.replaceAll(WILDCARD_SENTINEL, ' ');
  collectTokens(lower, tokens, seen, constants, MAX_TOKENS_PER_ROW);
  if (attrText !== null && attrText.length > 0) {
    let a = attrText.toLowerCase();
    if (a.includes(WILDCARD_SENTINEL)) a = a.replaceAll(WILDCARD_SENTINEL, ' ');
    collectTokens(a, tokens, seen, null, MAX_TOKENS_PER_ROW);
  }
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (into.has(t)) continue;
    into.add(t);
    if (!isNumericCompound(t)) addSuffixes(t, into);
  }
}

/** Suffixes after separators, added to a set (the token itself is added by the caller). */
function addSuffixes(token: string, into: Set<string>): void {
  let added = 0;
  for (let i = 0; i < token.length - 1 && added < MAX_SUFFIXES; i++) {
    const c = token.charCodeAt(i);
    if (c < 128 && ASCII_CLASS[c] === SEPARATOR) {
      let j = i + 1;
      while (j < token.length && token.charCodeAt(j) < 128 && ASCII_CLASS[token.charCodeAt(j)] >= JOINER) j++;
      if (j < token.length) {
        into.add(token.slice(j));
        added++;
      }
      i = j - 1;
    }
  }
}

/** Space-separated attribute values, for indexing and for re-checking matches. */
export function attributeText(attrs: Readonly<Record<string, unknown>> | null): string | null {
  if (attrs === null) return null;
  let out = '';
  for (const key in attrs) {
    const v = attrs[key];
    if (v === null || v === undefined || typeof v === 'boolean') continue;
    out += out.length === 0 ? String(v) : ' ' + String(v);
  }
  return out.length === 0 ? null : out;
}

/** Structural terms: filters are answered by the same index as free text. */
export function serviceTerm(service: string): string {
  return 's\u00b7' + sanitizeValue(service);
}
export function hostTerm(host: string): string {
  return 'h\u00b7' + sanitizeValue(host);
}
export function levelTerm(levelRank: number): string {
  return 'l\u00b7' + levelRank;
}
export function templateTerm(templateId: number): string {
  return 't\u00b7' + templateId.toString(36);
}
export function traceTerm(traceId: string): string {
  return 'r\u00b7' + sanitizeValue(traceId);
}

/** True when `sanitizeValue(value) === value` cannot be assumed, so matches must be verified. */
export function needsVerification(value: string): boolean {
  return sanitizeValue(value) !== value;
}

/** Lower-cases a structural value and replaces characters the tokenizer would split on. */
export function sanitizeValue(value: string): string {
  const v = (value.length > MAX_TOKEN_LENGTH ? value.slice(0, MAX_TOKEN_LENGTH) : value).toLowerCase();
  let clean = true;
  for (let i = 0; i < v.length && clean; i++) if (charClass(v, i) === BREAK) clean = false;
  if (clean) return v || '_';
  let out = '';
  for (let i = 0; i < v.length; i++) out += charClass(v, i) === BREAK ? '_' : v[i];
  return out;
}

/** Query terms from free text: the major tokens of the query, deduplicated. */
export function queryTerms(text: string): string[] {
  return majorTokens(text);
}

/** Quotes a term for an FTS5 MATCH expression (terms never contain a double quote). */
export function ftsPrefix(term: string): string {
  return `"${term}"*`;
}
export function ftsExact(term: string): string {
  return `"${term}"`;
}

/**
 * Whether `term` (lower-case) occurs in `lowerMessage` at the start of a token or after a
 * separator. Used to re-check index hits; it is at least as permissive as the index.
 */
export function messageMatchesTerm(lowerMessage: string, term: string): boolean {
  let from = 0;
  for (;;) {
    const at = lowerMessage.indexOf(term, from);
    if (at < 0) return false;
    if (at === 0) return true;
    const prev = charClass(lowerMessage, at - 1);
    if (prev === BREAK || prev === SEPARATOR) return true;
    from = at + 1;
  }
}
