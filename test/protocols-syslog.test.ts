import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { allEvents, deadLetters, listeningServer, metric, requireBinary, waitFor } from './protocol-helpers.js';
import type { ListeningServer } from './protocol-helpers.js';

const run = promisify(execFile);

function syslogPort(s: ListeningServer): number {
  const syslog = s.server.sourcePorts().find((p) => p.type === 'syslog');
  const port = syslog?.ports.find((p) => p.protocol === 'tcp' || p.protocol === 'tls')?.port;
  if (port === undefined) throw new Error('syslog source did not report a port');
  return port;
}

/** A free UDP port on 127.0.0.1 (bound, read, released). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Writes raw bytes on one TCP connection, waits a moment, and reports whether the server kept it open. */
async function sendRaw(port: number, chunks: readonly (string | Buffer)[]): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('error', reject));
  let closedByServer = false;
  socket.on('close', () => (closedByServer = true));
  for (const c of chunks) {
    socket.write(c);
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 100));
  const open = !closedByServer;
  socket.end();
  return open;
}

/** Syslog over UDP, TCP (both framings) and TLS, with util-linux `logger` and a real rsyslogd. */
describe('syslog source', () => {
  let s: ListeningServer;
  let port: number;
  const work = tempDir('logsift-syslog-');
  beforeAll(async () => {
    s = await listeningServer({ syslogPort: 0 });
    port = syslogPort(s);
  });
  afterAll(async () => {
    await s.dispose();
    work.remove();
  });

  it('stores what `logger` sends over UDP and TCP (RFC 5424 with structured data, RFC 3164, octet counting)', async () => {
    const logger = requireBinary('logger', 'bsdutils');
    const base = ['-n', '127.0.0.1', '-P', String(port)];
    await run(logger, [...base, '-d', '--rfc5424', '-t', 'udp-app', '-p', 'local0.err', '--sd-id', 'order@32473', '--sd-param', 'id="991"', 'card declined over udp']);
    await run(logger, [...base, '-T', '--rfc5424', '-t', 'tcp-app', '-p', 'user.warning', 'queue depth 5000 over tcp']);
    await run(logger, [...base, '-T', '--octet-count', '--rfc5424', '-t', 'octet-app', '-p', 'daemon.info', 'octet counted message']);
    await run(logger, [...base, '-T', '--rfc3164', '-t', 'bsd-app', '-p', 'auth.notice', 'old style message']);
    await waitFor('four syslog messages', async () => (await allEvents(s.url, 'q=over')).length + (await allEvents(s.url, 'service=octet-app')).length + (await allEvents(s.url, 'service=bsd-app')).length === 4);
    const [udp] = await allEvents(s.url, 'service=udp-app');
    expect(udp).toMatchObject({ level: 'error', message: 'card declined over udp' });
    expect(udp.attrs).toMatchObject({ 'sd.order@32473.id': '991', facility: 'local0' });
    expect((await allEvents(s.url, 'service=tcp-app'))[0]).toMatchObject({ level: 'warn' });
    expect((await allEvents(s.url, 'service=octet-app'))[0]).toMatchObject({ message: 'octet counted message' });
    expect((await allEvents(s.url, 'service=bsd-app'))[0]).toMatchObject({ message: 'old style message', level: 'info' });
  });

  it('stores what a real rsyslogd forwards with octet-counted TCP framing', async () => {
    const rsyslogd = requireBinary('rsyslogd', 'rsyslog');
    const logger = requireBinary('logger', 'bsdutils');
    const inPort = await freeUdpPort();
    const conf = join(work.path, 'rsyslog.conf');
    const workDir = join(work.path, 'rsyslog-work');
    await run('mkdir', ['-p', workDir]);
    writeFileSync(
      conf,
      [
        `global(workDirectory="${workDir}")`,
        'module(load="imudp")',
        `input(type="imudp" address="127.0.0.1" port="${inPort}")`,
        `action(type="omfwd" target="127.0.0.1" port="${port}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")`,
        '',
      ].join('\n'),
    );
    const child: ChildProcess = spawn(rsyslogd, ['-n', '-f', conf, '-i', join(work.path, 'rsyslogd.pid')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      // rsyslogd needs a moment to open its input; resend until the first line arrives.
      await waitFor(`rsyslogd to forward (stderr: ${stderr})`, async () => {
        await run(logger, ['-n', '127.0.0.1', '-P', String(inPort), '-d', '--rfc3164', '-t', 'relayed', 'warmup via rsyslog']);
        return (await allEvents(s.url, 'service=relayed')).length > 0;
      }, 15_000, 300);
      for (let i = 0; i < 50; i++) await run(logger, ['-n', '127.0.0.1', '-P', String(inPort), '-d', '--rfc3164', '-t', 'relayed', '-p', 'local3.err', `relayed message ${i}`]);
      await waitFor('50 relayed messages', async () => (await allEvents(s.url, 'service=relayed&level=error')).length === 50);
      const events = await allEvents(s.url, 'service=relayed&level=error');
      expect(new Set(events.map((e) => e.message.trim())).size).toBe(50);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('skips bad frames with a counter and keeps the connection open', async () => {
    const before = await metric(s.url, 'logsift_source_frames_total', { source: 'syslog', outcome: 'invalid' });
    const receivedBefore = await metric(s.url, 'logsift_source_frames_total', { source: 'syslog', outcome: 'received' });
    // Newline framing: a line without <PRI> between two good ones.
    expect(await sendRaw(port, ['<13>1 - h1 badframes - - - good newline one\n', 'no pri here at all\n', '<13>1 - h1 badframes - - - good newline two\n'])).toBe(true);
    // Octet counting: a broken count, then an oversized frame (skipped as it streams), then good frames.
    const big = `<13>1 - h1 badframes - - - ${'z'.repeat(300_000)}`;
    const octet = (frame: string) => `${Buffer.byteLength(frame)} ${frame}`;
    expect(await sendRaw(port, [octet('<13>1 - h1 badframes - - - good octet'), 'xx ', octet(big), octet('<13>1 - h1 badframes - - - after the big')])).toBe(true);
    await waitFor('good frames around the bad ones', async () => (await allEvents(s.url, 'service=badframes')).length === 4);
    expect((await allEvents(s.url, 'service=badframes')).map((e) => e.message).sort()).toEqual(['after the big', 'good newline one', 'good newline two', 'good octet']);
    expect(await metric(s.url, 'logsift_source_frames_total', { source: 'syslog', outcome: 'invalid' })).toBe(before + 2);
    expect(await metric(s.url, 'logsift_source_frames_total', { source: 'syslog', outcome: 'too_large' })).toBe(1);
    // Good frames are counted per chunk read, not per frame: the count is still exact.
    expect(await metric(s.url, 'logsift_source_frames_total', { source: 'syslog', outcome: 'received' })).toBe(receivedBefore + 4);
    const letters = (await deadLetters(s.url)).filter((d) => d.source === 'syslog');
    expect(letters.map((d) => d.reason).sort()).toEqual(['invalid_record', 'invalid_record', 'too_large']);
  });

  it('speaks TLS (RFC 5425) when given a certificate', async () => {
    const openssl = requireBinary('openssl', 'openssl');
    const cert = join(work.path, 'cert.pem');
    const key = join(work.path, 'key.pem');
    await run(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1']);
    const tls = await listeningServer({ syslogPort: 0, syslogTlsCert: cert, syslogTlsKey: key });
    try {
      const tlsPort = syslogPort(tls);
      expect(tls.server.sourcePorts()[0].ports.map((p) => p.protocol)).toEqual(['tls', 'udp']);
      const socket = tlsConnect({ host: '127.0.0.1', port: tlsPort, rejectUnauthorized: false });
      await new Promise<void>((resolve, reject) => socket.once('secureConnect', () => resolve()).once('error', reject));
      const frame = '<165>1 2026-11-22T10:00:00.000Z secure-host tls-app 42 ID7 [exampleSDID@32473 iut="3"] over tls';
      socket.end(`${Buffer.byteLength(frame)} ${frame}`);
      await waitFor('the TLS message', async () => (await allEvents(tls.url, 'service=tls-app')).length === 1);
      expect((await allEvents(tls.url, 'service=tls-app'))[0]).toMatchObject({ host: 'secure-host', level: 'info', message: 'over tls', attrs: expect.objectContaining({ 'sd.exampleSDID@32473.iut': '3', msgid: 'ID7' }) });
    } finally {
      await tls.dispose();
    }
  });
});
