import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { LogsiftError } from '../../model/index.js';
import { decompressSnappyBlock } from './snappy-block.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/**
 * Undoes a request's `Content-Encoding` (identity, gzip, deflate, snappy block). The output
 * never exceeds `limit` bytes: a larger result is `payload_too_large` (413), corrupt data is
 * `bad_request` (400), an unknown coding `unsupported_media_type` (415).
 */
export async function decodeContentEncoding(raw: Buffer, header: string | undefined, limit: number): Promise<Buffer> {
  const enc = (header ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity') return raw;
  if (enc === 'snappy') return decompressSnappyBlock(raw, limit);
  const options = { maxOutputLength: limit };
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return await gunzipAsync(raw, options);
    if (enc === 'deflate') return await inflateAsync(raw, options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new LogsiftError('payload_too_large', `decompressed body exceeds the limit of ${limit} bytes`);
    }
    throw new LogsiftError('bad_request', `body is not valid ${enc} data: ${(err as Error).message}`);
  }
  throw new LogsiftError('unsupported_media_type', `unsupported Content-Encoding ${enc}; use gzip, deflate, snappy or identity`);
}

/** True when the bytes start with the gzip magic number (some clients compress without saying so). */
export function looksGzipped(body: Uint8Array): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}
