import { describe, expect, it } from 'vitest';
import { decodeKafkaMessages } from './kafka-message.js';
import type { KafkaMessageView } from './kafka-message.js';

const ctx = { tenant: 'default', source: 'kafka', receivedAt: 1_800_000_000_000, maxRecordBytes: 1000 };

const message = (offset: number, key: string | null, value: string | Buffer, timestamp = '1700000000123'): KafkaMessageView => ({
  offset: String(offset),
  key: key === null ? null : Buffer.from(key),
  value: typeof value === 'string' ? Buffer.from(value) : value,
  timestamp,
});

describe('Kafka message decoding', () => {
  it('wraps text messages as envelopes with their time and provenance, streams named by key, ids by offset', () => {
    const out = decodeKafkaMessages(
      'logs',
      2,
      [message(7, 'web', 'GET / 200'), message(8, 'web', 'tab\tand\r\nnewline'), message(9, 'db', 'select 1', '0'), message(10, null, 'no key'), message(11, 'k'.repeat(250), 'long key')],
      'auto',
      ctx,
    );
    expect(out.records[0]).toEqual({ '@timestamp': 1700000000123, 'kafka.topic': 'logs', 'kafka.partition': 2, 'kafka.offset': 7, msg: 'GET / 200' });
    // Key order as the parse stage sees it: time, provenance, then the line.
    expect(Object.keys(out.records[0])).toEqual(['@timestamp', 'kafka.topic', 'kafka.partition', 'kafka.offset', 'msg']);
    expect(out.records[2]).toEqual({ 'kafka.topic': 'logs', 'kafka.partition': 2, 'kafka.offset': 9, msg: 'select 1' });
    expect(out.streams).toEqual(['web', 'web', 'db', '', 'k'.repeat(200)]);
    expect(out.recordIds).toEqual(['logs/2/7', 'logs/2/8', 'logs/2/9', 'logs/2/10', 'logs/2/11']);
    expect(out.rejected).toEqual([]);
  });

  it('dead-letters binary and non-UTF-8 messages but keeps text with a few control characters', () => {
    const few = `${'x'.repeat(40)}\u0007bell`;
    const many = '\u0001\u0002\u0003abc';
    const out = decodeKafkaMessages('logs', 0, [message(1, 'a', 'has\u0000nul'), message(2, 'a', many), message(3, 'a', Buffer.from([0xff, 0xfe])), message(4, 'a', few)], 'auto', ctx);
    expect(out.rejected.map((r) => [r.index, r.letter.reason])).toEqual([
      [0, 'invalid_encoding'],
      [1, 'invalid_encoding'],
      [2, 'invalid_encoding'],
    ]);
    expect(out.records).toEqual([{ '@timestamp': 1700000000123, 'kafka.topic': 'logs', 'kafka.partition': 0, 'kafka.offset': 4, msg: few }]);
    expect(out.positions).toEqual([3]);
  });
});
