import { gzipSync } from 'node:zlib';
import pino from 'pino';
import pinoLoki from 'pino-loki';
import winston from 'winston';
import LokiTransport from 'winston-loki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEvents, deadLetters, listeningServer, metric, waitFor } from './protocol-helpers.js';
import type { ListeningServer } from './protocol-helpers.js';

/** Loki push API with real Loki clients: pino-loki (JSON) and winston-loki (snappy protobuf). */
describe('Loki push API', () => {
  let s: ListeningServer;
  beforeAll(async () => {
    s = await listeningServer();
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('stores what pino-loki sends (JSON): labels, level, JSON lines, structured metadata, tenant', async () => {
    const stream = await pinoLoki({
      host: s.url,
      batching: { interval: 0.2, maxBufferSize: 10_000 },
      labels: { app: 'pino-app', env: 'test' },
      headers: { 'X-Scope-OrgID': 'team-a' },
      silenceErrors: false,
    });
    const logger = pino({ base: { hostname: 'web-1' } }, stream);
    for (let i = 0; i < 20; i++) logger.info({ order: i, meta: { trace_id: `t${i}` } }, `order ${i} accepted`);
    logger.error({ code: 'E42' }, 'payment gateway timeout');
    await waitFor('pino-loki lines', async () => (await allEvents(s.url, 'service=pino-app', { 'x-logsift-tenant': 'team-a' })).length === 21);
    stream.end();
    const events = await allEvents(s.url, 'service=pino-app', { 'x-logsift-tenant': 'team-a' });
    const err = events.find((e) => e.message === 'payment gateway timeout');
    expect(err).toMatchObject({ level: 'error', host: 'web-1', service: 'pino-app' });
    expect(err?.attrs).toMatchObject({ env: 'test', code: 'E42' });
    const first = events.find((e) => e.message === 'order 0 accepted');
    expect(first).toMatchObject({ level: 'info', traceId: 't0' });
    expect(first?.attrs).toMatchObject({ order: 0 });
    // Nothing leaked into the default tenant.
    expect(await allEvents(s.url, 'service=pino-app')).toHaveLength(0);
  });

  it('stores what winston-loki sends (snappy-compressed protobuf)', async () => {
    const transport = new LokiTransport({ host: s.url, json: false, batching: true, interval: 0.2, labels: { job: 'winston-job', host: 'api-7' }, replaceTimestamp: false });
    // winston-loki silently falls back to JSON when its snappy binding is missing: make sure it did not.
    expect((transport as unknown as { batcher: { contentType: string } }).batcher.contentType).toBe('application/x-protobuf');
    const logger = winston.createLogger({ transports: [transport] });
    for (let i = 0; i < 30; i++) logger.warn(`disk usage ${80 + (i % 10)}% on /var`, { labels: { volume: 'var' } });
    logger.error('replica lag too high');
    await transport.flush();
    await waitFor('winston-loki lines', async () => (await allEvents(s.url, 'service=winston-job')).length === 31);
    const events = await allEvents(s.url, 'service=winston-job');
    expect(events.filter((e) => e.level === 'warn')).toHaveLength(30);
    expect(events.find((e) => e.message.startsWith('replica lag'))).toMatchObject({ level: 'error', host: 'api-7' });
    expect(events.find((e) => e.level === 'warn')?.attrs).toMatchObject({ volume: 'var' });
    expect(await metric(s.url, 'logsift_source_requests_total', { source: 'loki', outcome: 'ok' })).toBeGreaterThan(0);
    transport.close();
  });

  it('takes gzip JSON, answers 204, and does not store a resent push twice', async () => {
    const ns = `${Date.now()}000000`;
    const body = JSON.stringify({
      streams: [
        { stream: { service_name: 'gz', instance: 'node-3', detected_level: 'warn' }, values: [[ns, 'cache miss ratio 0.4'], [ns, 'cache evictions 120', { shard: '7' }]] },
        { stream: { app: 'gz', level: 'info' }, values: [[ns, 'level=error msg="logfmt line wins" user=ann']] },
      ],
    });
    const push = () => fetch(`${s.url}/loki/api/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(body) });
    const first = await push();
    expect(first.status).toBe(204);
    expect(await first.text()).toBe('');
    expect((await push()).status).toBe(204);
    const events = await allEvents(s.url, 'service=gz');
    expect(events).toHaveLength(3);
    expect(events.find((e) => e.message === 'cache evictions 120')).toMatchObject({ host: 'node-3', level: 'warn', attrs: { shard: '7' } });
  });

  it('answers bad input as Loki does and keeps the good entries', async () => {
    const post = (body: string | Buffer, type: string) => fetch(`${s.url}/loki/api/v1/push`, { method: 'POST', headers: { 'content-type': type }, body });
    const notJson = await post('{"streams": [', 'application/json');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await notJson.text()).toMatch(/not valid JSON/);
    const badProto = await post(Buffer.from([1, 2, 3, 4]), 'application/x-protobuf');
    expect(badProto.status).toBe(400);
    expect((await post('x', 'image/png')).status).toBe(415);
    const ns = `${Date.now()}000000`;
    const mixed = await post(JSON.stringify({ streams: [{ stream: { app: 'mixed' }, values: [[ns, 'good entry'], ['yesterday', 'bad timestamp'], [ns, 42]] }] }), 'application/json');
    expect(mixed.status).toBe(400);
    expect(await mixed.text()).toMatch(/2 of 3 entries rejected/);
    expect((await allEvents(s.url, 'service=mixed')).map((e) => e.message)).toEqual(['good entry']);
    expect((await deadLetters(s.url)).filter((d) => d.source === 'loki').length).toBeGreaterThanOrEqual(2);
  });
});
