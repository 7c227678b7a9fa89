import { LogsiftError } from '../../model/index.js';

/** Small validators for channel configs; each failure is a `bad_request` naming the field. */
export function objectOf(raw: unknown, what: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new LogsiftError('bad_request', `${what} config must be an object`);
  return raw as Record<string, unknown>;
}

export function onlyKeys(o: Record<string, unknown>, keys: readonly string[], what: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new LogsiftError('bad_request', `${what}: unknown field ${k}; known: ${keys.join(', ')}`);
}

export function httpUrl(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new LogsiftError('bad_request', `${field} must be an http(s) URL`);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new LogsiftError('bad_request', `${field} must be an http(s) URL, got ${JSON.stringify(v)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new LogsiftError('bad_request', `${field} must be an http(s) URL`);
  return v;
}

export function intIn(v: unknown, field: string, min: number, max: number, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) throw new LogsiftError('bad_request', `${field} must be an integer in [${min}, ${max}]`);
  return v;
}

export function optionalText(v: unknown, field: string, max: number): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || v.length > max) throw new LogsiftError('bad_request', `${field} must be a string of at most ${max} characters`);
  return v;
}

export function headerMap(v: unknown, field: string): Readonly<Record<string, string>> {
  if (v === undefined || v === null) return Object.freeze({});
  if (typeof v !== 'object' || Array.isArray(v)) throw new LogsiftError('bad_request', `${field} must be an object of header names to values`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(k) || typeof val !== 'string' || /[\r\n]/.test(val)) throw new LogsiftError('bad_request', `${field}.${k} is not a valid header`);
    out[k.toLowerCase()] = val;
  }
  return Object.freeze(out);
}
