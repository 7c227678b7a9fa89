import { describe, expect, it } from 'vitest';
import { decompressSnappyBlock } from './snappy-block.js';

describe('decompressSnappyBlock', () => {
  it('decodes literals, 1-byte-offset copies and overlapping runs', () => {
    // "abc" literal, then copy len 9 offset 3 (overlapping: repeats "abc" three times).
    const block = Uint8Array.from([12, (2 << 2) | 0, 97, 98, 99, (5 << 2) | 1, 3]);
    expect(decompressSnappyBlock(block, 1024).toString()).toBe('abcabcabcabc');
  });

  it('decodes long literals (length in following bytes) and 2-byte-offset copies', () => {
    const text = 'x'.repeat(100);
    // literal of 100 bytes: tag 60<<2 with one length byte (99), then copy len 64 offset 100 (2-byte offset).
    const block = Buffer.concat([Buffer.from([164, 1, 60 << 2, 99]), Buffer.from(text), Buffer.from([(63 << 2) | 2, 100, 0])]);
    expect(decompressSnappyBlock(block, 1024).toString()).toBe('x'.repeat(164));
  });

  it('refuses malformed blocks and lengths over the limit', () => {
    expect(() => decompressSnappyBlock(Uint8Array.from([5, 0, 97]), 1024)).toThrow(/snappy/);
    expect(() => decompressSnappyBlock(Uint8Array.from([4, (3 << 2) | 1, 9]), 1024)).toThrow(/outside/);
    expect(() => decompressSnappyBlock(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x08]), 1024)).toThrow(expect.objectContaining({ code: 'payload_too_large' }));
    expect(() => decompressSnappyBlock(Uint8Array.from([]), 1024)).toThrow(/preamble/);
  });
});
