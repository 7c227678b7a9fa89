import { LogsiftError } from '../model/index.js';
import type { DecodeContext, DecodedBody } from './codecs/decoded-body.js';
import { decodeJsonBody } from './codecs/json-body.js';
import { decodeNdjson } from './codecs/ndjson.js';
import { decodeTextLines } from './codecs/text-lines.js';

/** Media types the native `POST /api/v1/logs` accepts. */
export const NATIVE_CONTENT_TYPES = ['application/json', 'application/x-ndjson', 'application/jsonl', 'application/ndjson', 'text/plain'] as const;

/**
 * Decodes a native ingest body by media type. The caller has already decompressed it and
 * enforced the body size limit.
 */
export function decodeNativeBody(text: string, contentType: string, ctx: DecodeContext): DecodedBody {
  const type = contentType.split(';')[0].trim().toLowerCase();
  switch (type) {
    case 'application/json':
      return decodeJsonBody(text, ctx);
    case 'application/x-ndjson':
    case 'application/jsonl':
    case 'application/ndjson':
      return decodeNdjson(text, ctx);
    case 'text/plain':
    case '':
      return decodeTextLines(text, ctx);
    default:
      throw new LogsiftError('unsupported_media_type', `unsupported content type ${type}; use one of ${NATIVE_CONTENT_TYPES.join(', ')}`);
  }
}
