import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEvents, deadLetters, listeningServer } from './protocol-helpers.js';
import type { ListeningServer } from './protocol-helpers.js';

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A raw HTTP/1.1 request, the way Splunk's forwarders and HEC libraries send them (keep-alive, explicit length). */
function send(url: string, path: string, body: Buffer | string, headers: Record<string, string>): Promise<Reply> {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  const u = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers: { 'content-length': String(payload.length), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const TOKEN = { authorization: 'Splunk 8b6e0f3c-1a2b-4c5d-9e8f-0a1b2c3d4e5f', 'x-splunk-request-channel': 'a2f5c1e6-0000-4000-8000-000000000001' };

/** Splunk HTTP Event Collector. */
describe('Splunk HEC', () => {
  let s: ListeningServer;
  beforeAll(async () => {
    s = await listeningServer();
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('takes a forwarder batch: concatenated events with time, host, source, sourcetype, index, fields', async () => {
    const t = 1795300000.25;
    const events = [
      { time: t, host: 'fw-01', source: 'payments', sourcetype: '_json', index: 'main', event: { message: 'charge ok', level: 'info', amount: 12.5 }, fields: { service: 'payments', region: 'eu-1' } },
      { time: String(t + 1), host: 'fw-01', source: '/var/log/app.log', sourcetype: 'app', event: '2026-11-22T10:00:00Z ERROR db pool exhausted', fields: { service: 'payments' } },
      { host: 'fw-02', event: 'plain event without time', fields: { service: 'payments' } },
    ];
    // Splunk's own clients separate events by nothing at all, or by newlines; use both.
    const body = JSON.stringify(events[0]) + JSON.stringify(events[1]) + '\n' + JSON.stringify(events[2]);
    const reply = await send(s.url, '/services/collector/event', gzipSync(body), { ...TOKEN, 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(reply).toEqual({ status: 200, body: { text: 'Success', code: 0 } });
    const stored = await allEvents(s.url, 'service=payments');
    expect(stored).toHaveLength(3);
    expect(stored.find((e) => e.message === 'charge ok')).toMatchObject({ host: 'fw-01', ts: 1795300000250, attrs: expect.objectContaining({ region: 'eu-1', amount: 12.5, index: 'main', sourcetype: '_json' }) });
    expect(stored.find((e) => e.message.endsWith('db pool exhausted'))).toMatchObject({ level: 'error', host: 'fw-01', ts: Date.UTC(2026, 10, 22, 10), attrs: expect.objectContaining({ source: '/var/log/app.log' }) });
  });

  it('takes raw lines on /services/collector/raw and answers the health check', async () => {
    const reply = await send(s.url, '/services/collector/raw?host=raw-host&sourcetype=syslog&source=raw-src', 'raw line one\nraw line two\n', TOKEN);
    expect(reply.body).toEqual({ text: 'Success', code: 0 });
    expect((await allEvents(s.url, 'host=raw-host')).map((e) => e.message).sort()).toEqual(['raw line one', 'raw line two']);
    const health = await fetch(`${s.url}/services/collector/health`);
    expect(await health.json()).toEqual({ text: 'HEC is healthy', code: 17 });
  });

  it("answers with HEC's own errors, and one bad event does not block the rest", async () => {
    expect(await send(s.url, '/services/collector/event', '{"event":"x"}', {})).toEqual({ status: 401, body: { text: 'Token is required', code: 2 } });
    expect(await send(s.url, '/services/collector/event', '{"event":"x"}', { authorization: 'Bearer nope' })).toEqual({ status: 401, body: { text: 'Invalid authorization', code: 3 } });
    expect(await send(s.url, '/services/collector/event', '', TOKEN)).toEqual({ status: 400, body: { text: 'No data', code: 5 } });
    const bad = await send(s.url, '/services/collector', '{"event":"kept one","fields":{"service":"hec-bad"}}{"event": oops}{"fields":{"service":"hec-bad"}}{"event":"kept two","fields":{"service":"hec-bad"}}', TOKEN);
    expect(bad).toEqual({ status: 400, body: { text: 'Invalid data format', code: 6, 'invalid-event-number': 1 } });
    const noEvent = await send(s.url, '/services/collector/event', '{"event":"fine"}{"time":1}', TOKEN);
    expect(noEvent).toEqual({ status: 400, body: { text: 'Event field is required', code: 12, 'invalid-event-number': 1 } });
    const blank = await send(s.url, '/services/collector/event', '{"event":""}', TOKEN);
    expect(blank.body).toMatchObject({ code: 13 });
    expect((await allEvents(s.url, 'service=hec-bad')).map((e) => e.message).sort()).toEqual(['kept one', 'kept two']);
    expect((await deadLetters(s.url)).filter((d) => d.source === 'splunk').length).toBeGreaterThanOrEqual(3);
  });
});
