import { describe, expect, it } from 'vitest';
import { EnvelopeLineParser } from './envelope-line-parser.js';
import { FormatRegistry } from './format-registry.js';
import { JsonRecordMapper } from './formats/json-format.js';
import { EventDraft } from './internal/event-draft.js';
import type { FormatSpec, ParseContext } from './types.js';

const RECEIVED = Date.UTC(2024, 5, 15, 12);

function envelope(record: Record<string, unknown>, format: FormatSpec = { kind: 'auto' }): EventDraft {
  const mapper = new JsonRecordMapper({ maxDepth: 8, maxAttrs: 128, maxValueChars: 1000 });
  const parser = new EnvelopeLineParser(new FormatRegistry(mapper, 10), mapper);
  const ctx: ParseContext = { tenant: 't', receivedAt: RECEIVED, service: null, host: null, streamKey: 'k', format };
  const d = new EventDraft();
  mapper.map(record, d, RECEIVED);
  parser.apply(d, ctx);
  return d;
}

describe('EnvelopeLineParser', () => {
  it('parses a Docker line and keeps the envelope attributes', () => {
    const d = envelope({ log: 'level=error msg="db down" host=db-2\n', stream: 'stderr', time: '2024-06-01T10:00:00Z' });
    expect(d.level).toBe('error');
    expect(d.message).toBe('db down');
    expect(d.host).toBe('db-2');
    expect(d.ts).toBe(Date.UTC(2024, 5, 1, 10));
    expect(d.attrs).toEqual({ stream: 'stderr' });
  });

  it('lets the envelope win for service, host and attributes it already has', () => {
    const d = envelope({ log: '{"msg":"inner","service":"inner-svc","stream":"inner"}', service: 'outer-svc', stream: 'stdout' });
    expect(d.service).toBe('outer-svc');
    expect(d.message).toBe('inner');
    expect(d.attrs).toEqual({ stream: 'stdout' });
  });

  it('uses the declared format and falls back to plain', () => {
    const d = envelope({ log: 'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user\n' }, { kind: 'builtin', name: 'syslog3164' });
    expect(d.service).toBe('sshd');
    expect(d.message).toBe('Invalid user');
    const p = envelope({ log: 'just text\n' }, { kind: 'builtin', name: 'syslog3164' });
    expect(p.message).toBe('just text');
    expect(p.level).toBeNull();
  });

  it('ignores an empty line', () => {
    const d = envelope({ log: '\n', stream: 'stdout' });
    expect(d.message).toBe('\n');
  });
});
