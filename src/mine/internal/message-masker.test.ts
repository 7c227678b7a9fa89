import { describe, expect, it } from 'vitest';
import { MessageMasker } from './message-masker.js';
import { paramTypeName } from './param-type-code.js';

function mask(text: string): { sig: string; params: string[]; types: string[]; soft: number[] } {
  const m = new MessageMasker({ maxTokens: 256, maxTokenChars: 512 });
  m.mask(text);
  const types: string[] = [];
  for (let i = 0; i < m.params.length; i++) types.push(paramTypeName(m.paramTypes[i]));
  return { sig: m.signature, params: m.params, types, soft: Array.from(m.tokenSoft.slice(0, m.tokenCount)) };
}

describe('MessageMasker', () => {
  it('masks numbers, ids and endpoints, keeping the words', () => {
    const r = mask('Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010');
    expect(r.sig).toBe('Receiving block <*> src: <*> dest: <*>');
    expect(r.params).toEqual(['blk_-1608999687919862906', '/10.250.19.102:54106', '/10.250.19.102:50010']);
    expect(r.types).toEqual(['word', 'ip', 'ip']);
  });

  it('types values by their look', () => {
    const r = mask(
      'id 550e8400-e29b-41d4-a716-446655440000 at https://example.com/a?b=1 by bob@example.com file /var/log/x.log took 35ms size 2048 crc 0xdeadbeef at 12:30:01',
    );
    expect(r.types).toEqual(['uuid', 'url', 'email', 'path', 'duration', 'number', 'hex', 'timestamp']);
  });

  it('keeps punctuation around a value in the template', () => {
    expect(mask('node node-246 in rack [12] state(3), done.').sig).toBe('node node-<*> in rack [<*>] state(<*>), done.');
    expect(mask('[ib_sm_sweep.c:1455]: No topology change').sig).toBe('[ib_sm_sweep.c:<*>]: No topology change');
  });

  it('treats numbers joined by dots as one value and a size with its unit as one value', () => {
    expect(mask('version 1.2.3 loaded').sig).toBe('version <*> loaded');
    const r = mask('Block stored (estimated size 12.5 KB, free 1.2 GB)');
    expect(r.sig).toBe('Block stored (estimated size <*>, free <*>)');
    expect(r.params).toEqual(['12.5 KB', '1.2 GB']);
    expect(r.types).toEqual(['size', 'size']);
  });

  it('names values by their key and marks word values soft', () => {
    const m = new MessageMasker({ maxTokens: 256, maxTokenChars: 512 });
    m.mask('login user=alice uid=1000 retries:3');
    expect(m.signature).toBe('login user=alice uid=<*> retries:<*>');
    const names = [0, 1].map((k) => m.message.slice(m.paramNameStart[k], m.paramNameEnd[k]));
    expect(names).toEqual(['uid', 'retries']);
    expect(m.tokenSoft[1]).toBe(1);
  });

  it('makes boolean, null and calendar words values, not ordinary words', () => {
    expect(mask('enabled=true cache null on Mon Jun 3').sig).toBe('enabled=<*> cache <*> on <*> <*> <*>');
    expect(mask('Failed none for invalid user from').sig).toBe('Failed none for invalid user from');
  });

  it('leaves names that carry a digit constant but soft', () => {
    const r = mask('Accepted password port 22 ssh2 via eth0');
    expect(r.sig).toBe('Accepted password port <*> ssh2 via eth0');
    expect(r.soft).toEqual([0, 0, 0, 0, 1, 0, 1]);
  });

  it('makes a run of numbered items one list value, whatever its length', () => {
    const r = mask('BLOCK* ask 10.0.0.1:50010 to delete blk_1 blk_-22 blk_333');
    expect(r.sig).toBe('BLOCK* ask <*> to delete <*>');
    expect(r.params).toEqual(['10.0.0.1:50010', 'blk_1 blk_-22 blk_333']);
    expect(mask('resolve data source name an14 an15 an16').sig).toBe('resolve data source name <*>');
    expect(mask('IRQs 3 4 5 7').sig).toBe('IRQs <*> <*> <*> <*>');
  });

  it('keeps the line structure of multi-line events', () => {
    const r = mask('java.io.IOException: boom\n\tat com.a.B.run(B.java:42)\n\tat com.a.C.main(C.java:7)');
    expect(r.sig).toBe('java.io.IOException: boom\nat com.a.B.run(B.java:<*>)\nat com.a.C.main(C.java:<*>)');
  });

  it('caps tokens per line and takes blobs whole', () => {
    const m = new MessageMasker({ maxTokens: 4, maxTokenChars: 16 });
    m.mask('a b c d e f g');
    expect(m.signature).toBe('a b c <*>');
    expect(m.params).toEqual(['d e f g']);
    expect(m.truncated).toBe(true);
    m.mask(`data ${'Q'.repeat(40)} end`);
    expect(m.signature).toBe('data <*> end');
    expect(m.blobTokens).toBe(1);
  });
});
