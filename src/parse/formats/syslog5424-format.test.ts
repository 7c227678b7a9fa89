import { describe, expect, it } from 'vitest';
import { EventDraft } from '../internal/event-draft.js';
import { Syslog5424Format, parseSyslog5424 } from './syslog5424-format.js';

const RECEIVED = Date.UTC(2024, 5, 15, 12);

function parse(line: string): EventDraft | null {
  const d = new EventDraft();
  return new Syslog5424Format().parse(line, d, RECEIVED) ? d : null;
}

describe('RFC 5424 syslog', () => {
  it('parses the RFC example with structured data and BOM', () => {
    const d = parse(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \uFEFFAn application event log entry...',
    );
    expect(d).not.toBeNull();
    expect(d?.level).toBe('info'); // 165 = local4.notice
    expect(new Date(d?.ts ?? 0).toISOString()).toBe('2003-10-11T22:14:15.003Z');
    expect(d?.host).toBe('mymachine.example.com');
    expect(d?.service).toBe('evntslog');
    expect(d?.message).toBe('An application event log entry...');
    expect(d?.attrs).toEqual({
      facility: 'local4',
      msgid: 'ID47',
      'sd.exampleSDID@32473.iut': '3',
      'sd.exampleSDID@32473.eventSource': 'Application',
      'sd.exampleSDID@32473.eventID': '1011',
    });
  });

  it('parses nil fields and no message', () => {
    const d = parse('<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 -');
    expect(d?.level).toBe('fatal'); // 34 = auth.crit
    expect(d?.service).toBe('su');
    expect(d?.message).toBe('');
    const all = parse('<13>1 - - - - - - hello');
    expect(all?.ts).toBeNaN();
    expect(all?.host).toBeNull();
    expect(all?.message).toBe('hello');
  });

  it('keeps procid, several SD elements and escaped values', () => {
    const d = parse('<14>1 2024-06-01T10:00:00+02:00 web-1 nginx 1234 - [a@1 x="q\\"uote" y="br\\]acket"][b@2 z="back\\\\slash"] served');
    expect(d?.attrs).toEqual({
      facility: 'user',
      pid: '1234',
      'sd.a@1.x': 'q"uote',
      'sd.a@1.y': 'br]acket',
      'sd.b@2.z': 'back\\slash',
    });
    expect(d?.message).toBe('served');
    expect(new Date(d?.ts ?? 0).toISOString()).toBe('2024-06-01T08:00:00.000Z');
  });

  it('leaves malformed structured data in the message', () => {
    const d = parse('<14>1 2024-06-01T10:00:00Z h app - - [broken no-close msg');
    expect(d?.message).toBe('[broken no-close msg');
  });

  it('falls back to RFC 3164 for other PRI lines, and declines non-syslog', () => {
    const d = parse('<13>Jun 14 15:16:01 combo sshd[19939]: hello');
    expect(d?.service).toBe('sshd');
    expect(parseSyslog5424('<13>Jun 14 15:16:01 combo sshd[19939]: hello', new EventDraft(), RECEIVED)).toBe(false);
    expect(parse('plain text')).toBeNull();
    expect(parse('<999>1 - - - - - - x')).toBeNull();
  });
});
