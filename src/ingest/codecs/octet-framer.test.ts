import { describe, expect, it } from 'vitest';
import type { FrameFault } from './frame-sink.js';
import { NewlineFramer } from './newline-framer.js';
import { OctetCountingFramer } from './octet-framer.js';

function collect() {
  const frames: string[] = [];
  const faults: [FrameFault, number, string][] = [];
  return {
    frames,
    faults,
    sink: {
      frame: (b: Buffer) => frames.push(b.toString()),
      invalid: (f: FrameFault, size: number, head: Buffer) => faults.push([f, size, head.toString()]),
    },
  };
}

/** Pushes `text` one byte at a time, the worst case for a stream framer. */
function trickle(framer: { push(b: Buffer): void }, text: string): void {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i++) framer.push(bytes.subarray(i, i + 1));
}

describe('OctetCountingFramer', () => {
  it('frames octet-counted messages across chunk boundaries, including embedded newlines', () => {
    const c = collect();
    const f = new OctetCountingFramer(c.sink, 1024);
    trickle(f, '10 <13>hello\n 9 <13>world5 <1>ab');
    expect(f.framing).toBe('octet');
    expect(c.frames).toEqual(['<13>hello\n', '<13>world', '<1>ab']);
  });

  it('detects newline framing from the first byte', () => {
    const c = collect();
    const f = new OctetCountingFramer(c.sink, 1024);
    f.push(Buffer.from('<13>one\r\n<13>two\n<13>thr'));
    f.push(Buffer.from('ee'));
    f.end();
    expect(f.framing).toBe('newline');
    expect(c.frames).toEqual(['<13>one', '<13>two', '<13>three']);
  });

  it('skips an oversized frame without buffering it and resynchronises after garbage', () => {
    const c = collect();
    const f = new OctetCountingFramer(c.sink, 16);
    f.push(Buffer.from(`40 <13>${'y'.repeat(36)}`));
    f.push(Buffer.from('6 <13>ok'));
    f.push(Buffer.from('xx garbage here 7 <13>end'));
    expect(c.frames).toEqual(['<13>ok', '<13>end']);
    expect(c.faults.map((x) => x[0])).toEqual(['too_large', 'bad_frame']);
    expect(c.faults[0][1]).toBe(40);
    expect(f.pendingBytes).toBe(0);
  });
});

describe('NewlineFramer', () => {
  it('reports offsets past each line and skips over-long lines', () => {
    const c = collect();
    const ends: number[] = [];
    const sink = { frame: (b: Buffer) => (c.frames.push(b.toString()), ends.push(g.consumed)), invalid: c.sink.invalid };
    const g: NewlineFramer = new NewlineFramer(sink, 8);
    const feed = 'a\nbbbbbbbbbbbb\ncc\n\ndd';
    trickle(g, feed);
    expect(c.frames).toEqual(['a', 'cc']);
    expect(ends).toEqual([2, 18]);
    expect(c.faults).toEqual([['too_large', 12, 'bbbbbbbbb']]);
    expect(g.received).toBe(feed.length);
    expect(g.pendingBytes).toBe(2);
  });
});
