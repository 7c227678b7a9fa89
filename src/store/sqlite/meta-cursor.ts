import { LogsiftError } from '../../model/index.js';

/** A page position in meta.db listings: (a number such as a time, an id), newest first. */
export type MetaCursor = readonly [number, string];

export function encodeMetaCursor(at: MetaCursor): string {
  return Buffer.from(JSON.stringify(at)).toString('base64url');
}

export function decodeMetaCursor(cursor: string | null): MetaCursor | null {
  if (cursor === null || cursor === '') return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && Number.isFinite(v[0]) && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // reported below
  }
  throw new LogsiftError('invalid_query', 'malformed cursor');
}

/** `?, ?, ?` for an IN list. */
export function placeholders(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}
