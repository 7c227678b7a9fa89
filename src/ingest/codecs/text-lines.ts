import type { DeadLetter, DeadLetterReason } from '../../model/index.js';
import { truncate } from '../../pipeline/index.js';
import type { DecodeContext, DecodedBody } from './decoded-body.js';

/**
 * Splits text into records, one per line (`\n` or `\r\n`); empty lines are skipped and
 * lines over the record limit become `too_large` dead letters.
 */
export function decodeTextLines(text: string, ctx: DecodeContext): DecodedBody {
  const out: DecodedBody = { records: [], positions: [], rejected: [] };
  let start = 0;
  let line = 0;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop > start) {
      if (stop - start > ctx.maxRecordBytes) {
        out.rejected.push({ index: line, letter: tooLarge(text.slice(start, Math.min(stop, start + 4096)), stop - start, ctx) });
      } else {
        out.records.push(text.slice(start, stop));
        out.positions.push(line);
      }
    }
    start = end + 1;
    line++;
  }
  return out;
}

export function tooLarge(head: string, size: number, ctx: DecodeContext): DeadLetter {
  return deadLetter(ctx, 'too_large', `record of ${size} bytes exceeds the limit of ${ctx.maxRecordBytes} bytes`, head);
}

export function deadLetter(ctx: DecodeContext, reason: DeadLetterReason, detail: string, raw: string): DeadLetter {
  return { tenant: ctx.tenant, ts: ctx.receivedAt, source: ctx.source, reason, detail, raw: truncate(raw) };
}
