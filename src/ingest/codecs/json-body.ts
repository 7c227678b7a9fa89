import { LogsiftError } from '../../model/index.js';
import type { DecodeContext, DecodedBody } from './decoded-body.js';
import { asRecord, describe } from './ndjson.js';
import { deadLetter, tooLarge } from './text-lines.js';

/**
 * A JSON body: an array of records, `{"logs": [...]}`, or a single record object.
 * A body that is not valid JSON cannot be framed, so the whole request is refused
 * (`invalid_json`, 400) with the line and column of the error.
 */
export function decodeJsonBody(text: string, ctx: DecodeContext): DecodedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new LogsiftError('invalid_json', `request body is not valid JSON: ${withLineColumn(text, (err as Error).message)}`);
  }
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (value !== null && typeof value === 'object' && Array.isArray((value as { logs?: unknown }).logs)) {
    items = (value as { logs: unknown[] }).logs;
  } else if (value !== null && typeof value === 'object') items = [value];
  else throw new LogsiftError('bad_request', `expected a JSON array, {"logs": [...]} or an object, got ${describe(value)}`);

  const out: DecodedBody = { records: [], positions: [], rejected: [] };
  for (let i = 0; i < items.length; i++) {
    const record = asRecord(items[i]);
    if (record === null) {
      const raw = JSON.stringify(items[i]) ?? String(items[i]);
      out.rejected.push({ index: i, letter: deadLetter(ctx, 'invalid_record', `record ${i}: expected a JSON object or string, got ${describe(items[i])}`, raw) });
    } else if (typeof record === 'string' && record.length > ctx.maxRecordBytes) {
      out.rejected.push({ index: i, letter: tooLarge(record.slice(0, 4096), record.length, ctx) });
    } else {
      out.records.push(record);
      out.positions.push(i);
    }
  }
  return out;
}

/** Adds `(line L, column C)` to a JSON.parse message that names a position. */
function withLineColumn(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (m === null) return message;
  const pos = Number(m[1]);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${message} (line ${line}, column ${pos - lineStart + 1})`;
}
