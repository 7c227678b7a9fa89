import { describe, expect, it } from 'vitest';
import { lastBinaryDetail, sanitiseLine } from './line-sanitiser.js';

describe('sanitiseLine', () => {
  it('returns clean lines as they are', () => {
    const line = 'GET /index.html 200 — ok ✓ café';
    expect(sanitiseLine(line)).toBe(line);
    expect(sanitiseLine('emoji 🚀 fine')).toBe('emoji 🚀 fine');
  });

  it('drops trailing CR/LF and a leading BOM', () => {
    expect(sanitiseLine('\uFEFFhello\r\n')).toBe('hello');
    expect(sanitiseLine('\r\n')).toBe('');
  });

  it('strips ANSI colour sequences', () => {
    expect(sanitiseLine('\u001b[1;31mERROR\u001b[0m failed \u001b[2K')).toBe('ERROR failed ');
  });

  it('repairs lone surrogates', () => {
    expect(sanitiseLine('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
  });

  it('rejects binary data', () => {
    expect(sanitiseLine('abc\u0000def')).toBeNull();
    expect(lastBinaryDetail()).toMatch(/NUL/);
    expect(sanitiseLine('\u0001\u0002\u0003\u0004 short')).toBeNull();
    expect(lastBinaryDetail()).toMatch(/4 of 10 characters/);
    expect(sanitiseLine('\uFFFD\uFFFD\uFFFD')).toBeNull();
  });

  it('tolerates a few control or replacement characters in long text', () => {
    const line = 'a bell \u0007 and a bad byte \uFFFD in an otherwise ordinary log line of text';
    expect(sanitiseLine(line)).toBe(line);
  });
});
