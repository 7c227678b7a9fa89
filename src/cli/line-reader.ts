import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/**
 * Reads a file (or stdin for `-`) as lines, yielding arrays of up to `chunkLines` lines.
 * `\r` before `\n` is dropped; a final line without newline is kept. Never holds more than
 * one chunk plus one read buffer in memory.
 */
export async function* readLineChunks(path: string, stdin: Readable, chunkLines: number): AsyncGenerator<string[]> {
  const input: Readable = path === '-' ? stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  let carry = '';
  let chunk: string[] = [];
  input.setEncoding('utf8');
  for await (const piece of input as AsyncIterable<string>) {
    const text = carry + piece;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      chunk.push(text.slice(start, end));
      start = nl + 1;
      if (chunk.length >= chunkLines) {
        yield chunk;
        chunk = [];
      }
    }
    carry = text.slice(start);
  }
  if (carry.length > 0) chunk.push(carry.endsWith('\r') ? carry.slice(0, -1) : carry);
  if (chunk.length > 0) yield chunk;
}
