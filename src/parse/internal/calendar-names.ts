import { isAlpha } from './char-codes.js';

/** English month and weekday names, matched case-insensitively as 3-letter abbreviations or in full. */
let wordEnd = 0;

/** Index just past the name matched by the last successful `monthAt` / `weekdayAt`. */
export function lastNameEnd(): number {
  return wordEnd;
}

export function monthAt(s: string, i: number, end: number): number {
  if (i + 3 > end) return 0;
  const key = ((s.charCodeAt(i) | 0x20) << 16) | ((s.charCodeAt(i + 1) | 0x20) << 8) | (s.charCodeAt(i + 2) | 0x20);
  const m = MONTH_KEYS.get(key);
  if (m === undefined) return 0;
  return nameEnd(s, i, end, MONTH_NAMES[m - 1]) ? m : 0;
}

export function weekdayAt(s: string, i: number, end: number): boolean {
  if (i + 3 > end) return false;
  const key = ((s.charCodeAt(i) | 0x20) << 16) | ((s.charCodeAt(i + 1) | 0x20) << 8) | (s.charCodeAt(i + 2) | 0x20);
  const w = WEEKDAY_KEYS.get(key);
  return w !== undefined && nameEnd(s, i, end, WEEKDAY_NAMES[w]);
}

/** Accepts the 3-letter abbreviation, `Sept`, or the full name; sets `wordEnd`. */
function nameEnd(s: string, i: number, end: number, full: string): boolean {
  let k = i + 3;
  if (k < end && isAlpha(s.charCodeAt(k))) {
    let e = k;
    while (e < end && isAlpha(s.charCodeAt(e))) e++;
    const word = s.slice(i, e).toLowerCase();
    if (word !== full && word !== 'sept') return false;
    k = e;
  }
  wordEnd = k;
  return true;
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function keyOf(word: string): number {
  return (word.charCodeAt(0) << 16) | (word.charCodeAt(1) << 8) | word.charCodeAt(2);
}

const MONTH_KEYS = new Map<number, number>(MONTH_NAMES.map((name, idx) => [keyOf(name), idx + 1]));
const WEEKDAY_KEYS = new Map<number, number>(WEEKDAY_NAMES.map((name, idx) => [keyOf(name), idx]));
