import type { LogEvent } from '../model/index.js';

/**
 * The attribute keys a structured record is mined with (sorted), or null for text records.
 * Bookkeeping attributes the parser adds (`logsift.*`) are not part of a record's shape.
 */
export function mineKeys(event: LogEvent, structured: boolean): readonly string[] | null {
  if (!structured || event.attrs === null) return null;
  const keys: string[] = [];
  for (const key in event.attrs) if (!key.startsWith('logsift.')) keys.push(key);
  return keys.length === 0 ? null : keys.sort();
}
