import { describe, expect, it } from 'vitest';
import { EventDraft } from '../internal/event-draft.js';
import { Syslog3164Format } from './syslog3164-format.js';
import { parseSyslog5424 } from './syslog5424-format.js';

const RECEIVED = Date.UTC(2024, 5, 15, 12);

function parse(line: string): EventDraft | null {
  const d = new EventDraft();
  return new Syslog3164Format(parseSyslog5424).parse(line, d, RECEIVED) ? d : null;
}

describe('RFC 3164 / BSD syslog', () => {
  it('parses the wire form with PRI', () => {
    const d = parse('<34>Oct 11 22:14:15 mymachine su: \'su root\' failed for lonvick on /dev/pts/8');
    expect(d?.level).toBe('fatal');
    expect(new Date(d?.ts ?? 0).toISOString()).toBe('2023-10-11T22:14:15.000Z'); // year inferred, not in the future
    expect(d?.host).toBe('mymachine');
    expect(d?.service).toBe('su');
    expect(d?.message).toBe("'su root' failed for lonvick on /dev/pts/8");
    expect(d?.attrs).toEqual({ facility: 'auth' });
  });

  it('parses /var/log lines without PRI (OpenSSH, Linux, Mac shapes)', () => {
    const ssh = parse('Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186');
    expect(ssh?.host).toBe('LabSZ');
    expect(ssh?.service).toBe('sshd');
    expect(ssh?.attrs).toEqual({ pid: '24200' });
    expect(ssh?.level).toBeNull();
    expect(ssh?.message).toBe('Invalid user webmaster from 173.234.31.186');

    const linux = parse('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4');
    expect(linux?.service).toBe('sshd(pam_unix)');

    const mac = parse('Jul  1 09:00:55 calvisitor-10-105-160-95 kernel[0]: IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet');
    expect(mac?.host).toBe('calvisitor-10-105-160-95');
    expect(mac?.service).toBe('kernel');
    expect(new Date(mac?.ts ?? 0).toISOString()).toBe('2023-07-01T09:00:55.000Z'); // July 2024 would be in the future
  });

  it('detects a level word in MSG when there is no PRI', () => {
    expect(parse('Jun 14 15:16:01 host app[1]: ERROR could not connect')?.level).toBe('error');
    expect(parse('Jun 14 15:16:01 host app[1]: error: could not connect')?.level).toBe('error');
  });

  it('accepts rsyslog RFC 3339 file stamps, a missing host, and no timestamp after PRI', () => {
    const iso = parse('2024-06-01T10:00:00.123456+02:00 web-1 systemd[1]: Started Session 42 of user root.');
    expect(iso?.host).toBe('web-1');
    expect(iso?.service).toBe('systemd');
    expect(new Date(iso?.ts ?? 0).toISOString()).toBe('2024-06-01T08:00:00.123Z');

    const hostless = parse('<13>Jan  2 03:04:05 myapp: hello');
    expect(hostless?.host).toBeNull();
    expect(hostless?.service).toBe('myapp');

    const bare = parse('<13>myapp: no timestamp at all');
    expect(bare?.service).toBe('myapp');
    expect(bare?.message).toBe('no timestamp at all');
  });

  it('keeps lines without a tag whole', () => {
    const d = parse('Jun 14 15:16:01 combo -- MARK --');
    expect(d?.host).toBe('combo');
    expect(d?.service).toBeNull();
    expect(d?.message).toBe('-- MARK --');
  });

  it('parses RFC 5424 lines too when given the 5424 parser', () => {
    const d = parse('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 - hi');
    expect(d?.service).toBe('evntslog');
    expect(d?.message).toBe('hi');
  });

  it('declines lines that are not syslog', () => {
    expect(parse('hello world')).toBeNull();
    expect(parse('2024-06-01T10:00:00Z INFO main: started')).toBeNull(); // a level, not a host
    expect(parse('2024-06-01T10:00:00Z just some text')).toBeNull(); // no tag
    expect(parse('\tat com.x.Y.run(Y.java:12)')).toBeNull();
    expect(parse('127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326')).toBeNull();
  });
});
