import { DIGIT, LOWER, UPPER, charClass, isAlnumCode, isDigitCode, isHexCode } from './char-class.js';
import { T_DURATION, T_HEX, T_IP, T_NUMBER, T_SIZE, T_TIMESTAMP, T_WORD } from './param-type-code.js';

/**
 * What a value looks like: predicates over `t[s, e)` for the typed values the token analyser
 * recognises (URLs, paths, e-mails, IPv4/IPv6 and MAC addresses, host names, UUIDs, times,
 * numbers with units, hex) and the digit-free words that are values. Pure functions on
 * character codes: no regex, no allocation on the hot path.
 */

/** Start of the address found by the last successful `ipv4End` call. */
let ipv4Start = 0;

export function lastIPv4Start(): number {
  return ipv4Start;
}

/**
 * A host name (`db-1.example.com`, `ns.example.co.uk`), optionally with `:port`: labels of
 * letters, digits and `-`, at least two, the last one a top-level domain (two lower-case
 * letters or a common generic TLD). Or a single-label host with a digit or `-` followed by a
 * port (`msra-sa-41:9000`, `node1:8080`). Returns the end of the name part (e, or the
 * colon before the port), or -1.
 */
export function hostEnd(t: string, s: number, e: number): number {
  let colon = -1;
  for (let i = s; i < e; i++) {
    if (t.charCodeAt(i) === 58) {
      colon = i;
      break;
    }
  }
  const nameEnd = colon < 0 ? e : colon;
  if (colon >= 0) {
    if (colon + 1 >= e || e - colon - 1 > 5) return -1;
    for (let i = colon + 1; i < e; i++) if (!isDigitCode(t.charCodeAt(i))) return -1;
  }
  let labels = 0;
  let labelStart = s;
  let hasDigitOrDash = false;
  for (let i = s; i <= nameEnd; i++) {
    const c = i < nameEnd ? t.charCodeAt(i) : 46;
    if (c === 46) {
      if (i === labelStart || t.charCodeAt(i - 1) === 45 || t.charCodeAt(labelStart) === 45) return -1;
      labels++;
      labelStart = i + 1;
    } else if (c === 45 || isDigitCode(c)) {
      hasDigitOrDash = true;
    } else if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) {
      return -1;
    }
  }
  if (labels === 1) return colon > 0 && hasDigitOrDash ? nameEnd : -1;
  const lastDot = t.lastIndexOf('.', nameEnd - 1);
  const last = t.slice(lastDot + 1, nameEnd);
  if (colon > 0 && SOURCE_EXTENSIONS.has(last)) return -1;
  if (!(TLDS.has(last) || (last.length === 2 && isLowerAlpha(last)))) return -1;
  return nameEnd;
}

export function isUrl(t: string, s: number, e: number): boolean {
  const p = t.indexOf('://', s);
  if (p <= s || p + 3 >= e || p - s > 16) return false;
  for (let i = s; i < p; i++) if ((charClass(t.charCodeAt(i)) & (LOWER | UPPER)) === 0) return false;
  return true;
}

/** `/a/b`, `./a`, `../a`, `~/a`, `C:\a`, `\\server\share`, `a/b/c` with two or more slashes. */
export function isPath(t: string, s: number, e: number): boolean {
  const c0 = t.charCodeAt(s);
  const len = e - s;
  if (c0 === 47) return len >= 2 && t.charCodeAt(s + 1) !== 47 ? true : len > 2;
  if (c0 === 126 || c0 === 46) {
    const slash = c0 === 126 ? s + 1 : t.charCodeAt(s + 1) === 47 ? s + 1 : s + 2;
    return slash < e - 1 && t.charCodeAt(slash) === 47 && (c0 === 126 || t.charCodeAt(slash - 1) === 46);
  }
  if (c0 === 92) return len >= 3 && t.charCodeAt(s + 1) === 92;
  if (len >= 4 && t.charCodeAt(s + 1) === 58 && t.charCodeAt(s + 2) === 92 && (charClass(c0) & (LOWER | UPPER)) !== 0) return true;
  return false;
}

export function isEmail(t: string, s: number, e: number): boolean {
  let at = -1;
  for (let i = s; i < e; i++) {
    if (t.charCodeAt(i) === 64) {
      at = i;
      break;
    }
  }
  if (at <= s || at >= e - 3) return false;
  let letters = false;
  for (let i = s; i < at; i++) {
    const c = charClass(t.charCodeAt(i));
    if ((c & (LOWER | UPPER)) !== 0) letters = true;
    else if ((c & DIGIT) === 0 && t.charCodeAt(i) !== 46 && t.charCodeAt(i) !== 95 && t.charCodeAt(i) !== 45 && t.charCodeAt(i) !== 43) return false;
  }
  if (!letters) return false;
  let dot = false;
  for (let i = at + 1; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c === 46) dot = true;
    else if ((charClass(c) & (LOWER | UPPER | DIGIT)) === 0 && c !== 45) return false;
  }
  return dot && (charClass(t.charCodeAt(e - 1)) & (LOWER | UPPER)) !== 0;
}

/**
 * MAC addresses (hex pairs) and IPv6 addresses: only hex digits and ':', at least two colons,
 * and not a time of day (checked before). Returns the type code or -1.
 */
export function colonHexType(t: string, s: number, e: number): number {
  let colons = 0;
  let letters = false;
  let group = 0;
  let maxGroup = 0;
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c === 58) {
      colons++;
      group = 0;
    } else if (isHexCode(c)) {
      if (!isDigitCode(c)) letters = true;
      if (++group > maxGroup) maxGroup = group;
    } else return -1;
  }
  if (colons < 2 || maxGroup > 4) return -1;
  if (colons === 5 && maxGroup === 2 && e - s === 17) return T_HEX; // MAC
  if (letters || colons >= 4) return T_IP;
  for (let i = s + 1; i < e; i++) if (t.charCodeAt(i) === 58 && t.charCodeAt(i - 1) === 58) return T_IP;
  return -1;
}

/**
 * Where an endpoint that contains the address at `ip` starts: a host prefix such as `/` or
 * `host-1/` belongs to it; other punctuation (`#`, `(`) does not.
 */
export function endpointStart(t: string, s: number, ip: number): number {
  for (let i = s; i < ip; i++) {
    const c = t.charCodeAt(i);
    if (!(isAlnumCode(c) || c === 47 || c === 45 || c === 46 || c === 95)) return ip;
  }
  return s;
}

/** End of the first IPv4 address (four dot-separated 1-3 digit groups) in the token, or -1; sets `ipStart`. */
export function ipv4End(t: string, s: number, e: number): number {
  let i = s;
  while (i < e) {
    if (!isDigitCode(t.charCodeAt(i)) || (i > s && (isDigitCode(t.charCodeAt(i - 1)) || t.charCodeAt(i - 1) === 46))) {
      i++;
      continue;
    }
    let k = i;
    let groups = 0;
    for (;;) {
      const gs = k;
      while (k < e && isDigitCode(t.charCodeAt(k)) && k - gs < 4) k++;
      const gl = k - gs;
      if (gl === 0 || gl > 3) break;
      groups++;
      if (groups === 4) {
        if (k < e && (isDigitCode(t.charCodeAt(k)) || (t.charCodeAt(k) === 46 && k + 1 < e && isDigitCode(t.charCodeAt(k + 1))))) break;
        ipv4Start = i;
        return k;
      }
      if (k >= e || t.charCodeAt(k) !== 46) break;
      k++;
    }
    i++;
  }
  return -1;
}

/** `8-4-4-4-12` hex digits; the caller checked the length (36). */
export function isUuid(t: string, s: number): boolean {
  for (let i = 0; i < 36; i++) {
    const c = t.charCodeAt(s + i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHexCode(c)) return false;
  }
  return true;
}

/** `hh:mm`, `hh:mm:ss`, `hh:mm:ss.fff`, and ISO dates `yyyy-mm-dd` optionally followed by a time. */
export function isTime(t: string, s: number, e: number): boolean {
  // yyyy-mm-dd…
  if (e - s >= 10 && isDigitCode(t.charCodeAt(s)) && isDigitCode(t.charCodeAt(s + 3)) && t.charCodeAt(s + 4) === 45 && t.charCodeAt(s + 7) === 45) {
    return isDigitCode(t.charCodeAt(s + 5)) && isDigitCode(t.charCodeAt(s + 6)) && isDigitCode(t.charCodeAt(s + 8)) && isDigitCode(t.charCodeAt(s + 9));
  }
  let i = s;
  let groups = 0;
  while (i < e) {
    const gs = i;
    while (i < e && isDigitCode(t.charCodeAt(i))) i++;
    const gl = i - gs;
    if (gl < 1 || gl > 2 || (groups > 0 && gl !== 2)) break;
    groups++;
    if (i >= e || t.charCodeAt(i) !== 58) break;
    i++;
  }
  if (groups < 2 || groups > 3) return false;
  if (i === e) return true;
  // optional fraction
  const c = t.charCodeAt(i);
  if ((c === 46 || c === 44) && groups === 3) {
    i++;
    const fs = i;
    while (i < e && isDigitCode(t.charCodeAt(i))) i++;
    return i === e && i > fs;
  }
  return false;
}

/**
 * A number, optionally signed, with decimals or exponent, optionally followed by a unit:
 * returns the type code (number, duration or size) or -1.
 */
export function numberWithUnit(t: string, s: number, e: number): number {
  let i = s;
  if (t.charCodeAt(i) === 45) i++;
  const ds = i;
  while (i < e && isDigitCode(t.charCodeAt(i))) i++;
  if (i === ds) return -1;
  if (i < e && (t.charCodeAt(i) === 46 || t.charCodeAt(i) === 44) && i + 1 < e && isDigitCode(t.charCodeAt(i + 1))) {
    i++;
    while (i < e && isDigitCode(t.charCodeAt(i))) i++;
  }
  if (i === e) return T_NUMBER;
  if ((t.charCodeAt(i) | 32) === 101 && i + 1 < e) {
    let k = i + 1;
    if (t.charCodeAt(k) === 45 || t.charCodeAt(k) === 43) k++;
    const es = k;
    while (k < e && isDigitCode(t.charCodeAt(k))) k++;
    if (k === e && k > es) return T_NUMBER;
  }
  if (t.charCodeAt(i) === 37 && i + 1 === e) return T_NUMBER; // 42%
  return unitType(t, i, e);
}

export function onlyHex(t: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (!isHexCode(t.charCodeAt(i))) return false;
  return e > s;
}

/** Hex digits only, with a digit and (a letter or six characters): `1fa0`, `004711`. */
export function allHex(t: string, s: number, e: number): boolean {
  if (s >= e) return false;
  let digits = false;
  let letters = false;
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i);
    if (isDigitCode(c)) digits = true;
    else if (isHexCode(c)) letters = true;
    else return false;
  }
  return digits && (letters || e - s >= 6);
}

/**
 * Digit-free words that are values wherever they appear: boolean and null literals, month and
 * weekday abbreviations and time zones (parts of a timestamp), and the default account names
 * `root` and `admin` (values of a user slot), following the published template convention's
 * "boolean" and "user string" rules (Khan et al., ICSE'22).
 */
const VALUE_WORDS: ReadonlyMap<number, number> = new Map<number, number>([
  ...['true', 'false', 'True', 'False', 'TRUE', 'FALSE', 'null', 'Null', 'NULL', 'nil', 'root', 'admin'].map((w): [number, number] => [packWord(w), T_WORD]),
  ...['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
    .flatMap((w) => [w, w.toUpperCase()])
    .map((w): [number, number] => [packWord(w), T_TIMESTAMP]),
  ...['UTC', 'GMT', 'EST', 'EDT', 'CST', 'CDT', 'MST', 'MDT', 'PST', 'PDT', 'CET', 'CEST', 'BST', 'JST'].map((w): [number, number] => [packWord(w), T_TIMESTAMP]),
]);

/** Type of `text[s, e)` when it is one of `VALUE_WORDS`, else -1. Allocates nothing. */
export function literalType(text: string, s: number, e: number): number {
  const len = e - s;
  if (len < 3 || len > 5) return -1;
  let key = len;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return -1;
    key = key * 128 + c;
  }
  return VALUE_WORDS.get(key) ?? -1;
}

/** A 3-5 character ASCII word as a number (length, then 7 bits per character). */
function packWord(w: string): number {
  let key = w.length;
  for (let i = 0; i < w.length; i++) key = key * 128 + w.charCodeAt(i);
  return key;
}

/** Generic top-level domains seen in host names (two-letter country codes are accepted too). */
const TLDS: ReadonlySet<string> = new Set(['com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'io', 'dev', 'app', 'cloud', 'local', 'localdomain', 'internal', 'lan', 'home', 'corp', 'arpa']);
/** `name.ext:N` with a source-file extension is a code location, not `host:port`. */
const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set(['java', 'c', 'cc', 'cpp', 'cxx', 'h', 'hh', 'hpp', 'py', 'go', 'rs', 'js', 'ts', 'rb', 'scala', 'kt', 'cs', 'php', 'swift', 'm', 'mm', 'pl', 'sh', 'lua', 'erl', 'ex', 'exs']);

function isLowerAlpha(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

const DURATION_UNITS = new Set(['ns', 'us', 'µs', 'ms', 's', 'sec', 'secs', 'm', 'min', 'mins', 'h', 'hr', 'hrs', 'd']);
const SIZE_UNITS = new Set(['b', 'k', 'kb', 'kib', 'm', 'mb', 'mib', 'g', 'gb', 'gib', 't', 'tb', 'tib', 'p', 'pb', 'bytes']);

/** Type of a unit suffix `text[s, e)` (case-insensitive; `m` counts as minutes only in lower case). */
export function unitType(text: string, s: number, e: number): number {
  if (e - s > 5) return -1;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 181)) return -1;
  }
  const raw = text.slice(s, e);
  if (DURATION_UNITS.has(raw)) return T_DURATION;
  const lower = raw.toLowerCase();
  if (SIZE_UNITS.has(lower)) return T_SIZE;
  if (DURATION_UNITS.has(lower)) return T_DURATION;
  return -1;
}

