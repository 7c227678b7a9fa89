import type { RawRecord } from '../../pipeline/index.js';
import type { DecodeContext, DecodedBody } from './decoded-body.js';
import { deadLetter, decodeTextLines } from './text-lines.js';

/**
 * Newline-delimited JSON: each line is one record. A line that is not valid JSON is a
 * dead letter (`invalid_json`, with its line number and the parser's message); a JSON
 * string becomes a text record; anything but an object or string is `invalid_record`.
 */
export function decodeNdjson(text: string, ctx: DecodeContext): DecodedBody {
  const lines = decodeTextLines(text, ctx);
  const out: DecodedBody = { records: [], positions: [], rejected: lines.rejected };
  for (let i = 0; i < lines.records.length; i++) {
    const line = lines.records[i] as string;
    const position = lines.positions[i];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      out.rejected.push({ index: position, letter: deadLetter(ctx, 'invalid_json', `line ${position + 1}: ${(err as Error).message}`, line) });
      continue;
    }
    const record = asRecord(value);
    if (record === null) {
      out.rejected.push({
        index: position,
        letter: deadLetter(ctx, 'invalid_record', `line ${position + 1}: expected a JSON object or string, got ${describe(value)}`, line),
      });
    } else {
      out.records.push(record);
      out.positions.push(position);
    }
  }
  return out;
}

export function asRecord(value: unknown): RawRecord | null {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return null;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
