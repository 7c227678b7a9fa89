import { WILDCARD } from './template-record.js';

/**
 * Words that say nothing about the value after them (`from <*>`, `to <*>`): a slot after one
 * of these gets no name rather than a misleading one.
 */
const NOT_NAMES = new Set([
  'a', 'an', 'the', 'of', 'to', 'from', 'for', 'in', 'on', 'at', 'by', 'with', 'and', 'or', 'as',
  'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'not', 'no', 'it', 'this', 'that',
  'into', 'via', 'than', 'but', 'if', 'then', 'all', 'any', 'some', 'per', 'after', 'before',
]);

/**
 * Name of the slot that starts at `offset` within template token `index`, from the text that
 * precedes it: the key of `key:<*>` / `key=<*>` inside the token, else the previous token when
 * it is a plain word (`took <*>` → `took`, `src: <*>` → `src`), else null.
 */
export function nameFromContext(tokens: readonly string[], index: number, offset: number): string | null {
  const tok = tokens[index];
  if (offset > 0) {
    const before = tok.slice(0, offset);
    const sep = before.charCodeAt(before.length - 1);
    if (sep !== 58 && sep !== 61) return null; // only `key:` and `key=`
    return wordName(before.slice(0, -1));
  }
  if (index === 0) return null;
  const prev = tokens[index - 1];
  if (prev.includes(WILDCARD)) return null;
  const word = prev.endsWith(':') || prev.endsWith('=') ? prev.slice(0, -1) : prev;
  const name = wordName(word);
  return name === null || NOT_NAMES.has(name.toLowerCase()) ? null : name;
}

/** The trailing identifier of `text` (`(class` → `class`), if it is a word of 2+ characters. */
function wordName(text: string): string | null {
  let s = text.length;
  while (s > 0 && isNameChar(text.charCodeAt(s - 1))) s--;
  const name = text.slice(s);
  if (name.length < 2 || name.length > 64) return null;
  const c0 = name.charCodeAt(0);
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90) || c0 === 95)) return null;
  return name;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;
}
