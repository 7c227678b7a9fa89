import { LogsiftError } from '../../model/index.js';

/**
 * Decompresses one Snappy *block* (the raw format, no framing/stream chunks), as Loki's push
 * protocol and Prometheus remote-write use it: a varint with the uncompressed length, then
 * literal and back-reference elements. Written from the format description; linear time, one
 * output allocation. Throws `bad_request` for malformed input and `payload_too_large` when the
 * declared length exceeds `limit` bytes (checked before allocating).
 */
export function decompressSnappyBlock(input: Uint8Array, limit: number): Buffer {
  const n = input.length;
  let pos = 0;
  let length = 0;
  let scale = 1;
  for (let i = 0; ; i++) {
    if (pos >= n || i > 4) throw malformed('bad length preamble');
    const b = input[pos++];
    length += (b & 0x7f) * scale;
    scale *= 128;
    if (b < 0x80) break;
  }
  if (length > limit) throw new LogsiftError('payload_too_large', `decompressed body of ${length} bytes exceeds the limit of ${limit} bytes`);
  const out = Buffer.allocUnsafe(length);
  let op = 0;
  while (pos < n) {
    const tag = input[pos++];
    const kind = tag & 3;
    if (kind === 0) {
      // Literal: length-1 in the tag's upper 6 bits, or in the 1–4 bytes that follow (60–63).
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (pos + extra > n) throw malformed('truncated literal length');
        len = 0;
        for (let k = 0; k < extra; k++) len += input[pos + k] * 2 ** (8 * k);
        pos += extra;
      }
      len += 1;
      if (pos + len > n || op + len > length) throw malformed('literal overruns the block');
      out.set(input.subarray(pos, pos + len), op);
      pos += len;
      op += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (pos >= n) throw malformed('truncated copy');
      len = 4 + ((tag >>> 2) & 7);
      offset = ((tag >>> 5) << 8) | input[pos++];
    } else if (kind === 2) {
      if (pos + 2 > n) throw malformed('truncated copy');
      len = 1 + (tag >>> 2);
      offset = input[pos] | (input[pos + 1] << 8);
      pos += 2;
    } else {
      if (pos + 4 > n) throw malformed('truncated copy');
      len = 1 + (tag >>> 2);
      offset = input[pos] + input[pos + 1] * 0x100 + input[pos + 2] * 0x10000 + input[pos + 3] * 0x1000000;
      pos += 4;
    }
    if (offset === 0 || offset > op || op + len > length) throw malformed('copy refers outside the output');
    if (offset >= len) {
      out.copyWithin(op, op - offset, op - offset + len);
      op += len;
    } else {
      // Overlapping copy (a run): byte by byte, each byte may read one just written.
      for (let k = 0; k < len; k++, op++) out[op] = out[op - offset];
    }
  }
  if (op !== length) throw malformed(`block decodes to ${op} bytes, header says ${length}`);
  return out;
}

function malformed(why: string): LogsiftError {
  return new LogsiftError('bad_request', `body is not valid snappy block data: ${why}`);
}
