import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/cli/server-config.js';
import { REPO, tempDir, testServer } from './helpers.js';

const load = (flags: Record<string, string | readonly string[]>, env: Record<string, string> = {}, file: string | null = null) => loadServerConfig({ dataDir: '/tmp/x', ...flags }, env, file, REPO);

/** The source settings of `logsift serve`: flags > environment > config file > defaults, validated with their origin. */
describe('source settings', () => {
  it('defaults to every HTTP protocol and no other source', () => {
    const c = load({});
    expect(c.protocols).toEqual(['loki', 'elastic', 'otlp', 'splunk']);
    expect(c.syslogPort).toBeNull();
    expect(c.kafkaBrokers).toEqual([]);
    expect(c.tail).toEqual([]);
  });

  it('reads flags, environment and config file, lists as comma text or JSON arrays', () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'logsift.json');
      writeFileSync(file, JSON.stringify({ 'kafka-brokers': ['a:9092', 'b:9092'], kafkaTopic: ['logs'], tail: ['/var/log/*.log'], protocols: 'none' }));
      const c = load({ syslogPort: '5514', tail: ['/a.log', '/b.log'] }, { LOGSIFT_KAFKA_GROUP: 'workers' }, file);
      expect(c).toMatchObject({ syslogPort: 5514, kafkaBrokers: ['a:9092', 'b:9092'], kafkaTopic: ['logs'], kafkaGroup: 'workers', tail: ['/a.log', '/b.log'], protocols: [] });
      expect(load({ protocols: 'otlp, loki' }).protocols).toEqual(['otlp', 'loki']);
    } finally {
      dir.remove();
    }
  });

  it('fails fast naming the setting and where it came from', () => {
    expect(() => load({ syslogPort: '99999' })).toThrow(/syslogPort must be an integer from 0 to 65535, got "99999" \(from flag --syslog-port\)/);
    expect(() => load({ protocols: 'loki,gelf' })).toThrow(/protocols must be all, none, or a list of loki, elastic, otlp, splunk.*flag --protocols/);
    expect(() => load({}, { LOGSIFT_KAFKA_BROKERS: 'localhost:9092' })).toThrow(/kafkaBrokers is set but kafkaTopic is not.*environment variable LOGSIFT_KAFKA_BROKERS/);
    expect(() => load({ kafkaBrokers: 'nope', kafkaTopic: 't' })).toThrow(/kafkaBrokers must be host:port entries/);
    expect(() => load({ kafkaBrokers: 'h:1', kafkaTopic: '/[/' })).toThrow(/not a valid regular expression/);
    expect(() => load({ kafkaBrokers: 'h:1', kafkaTopic: 't', kafkaEncoding: 'avro' })).toThrow(/kafkaEncoding must be one of auto, json, otlp_proto, otlp_json/);
    expect(() => load({ syslogPort: '514', syslogTlsCert: '/etc/hostname' })).toThrow(/syslogTlsCert and syslogTlsKey must be set together/);
    expect(() => load({ syslogPort: '514', syslogTlsCert: '/nonexistent/c.pem', syslogTlsKey: '/nonexistent/k.pem' })).toThrow(/does not exist \(from flag --syslog-tls-cert\)/);
  });

  it('serves only the protocols asked for, and counts each source on /metrics', async () => {
    const s = await testServer({ protocols: 'otlp' });
    try {
      expect((await s.app.inject({ method: 'POST', url: '/loki/api/v1/push', payload: '{}', headers: { 'content-type': 'application/json' } })).statusCode).toBe(404);
      expect((await s.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
      const res = await s.app.inject({ method: 'POST', url: '/v1/logs', payload: '{"resourceLogs":[]}', headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(200);
      await s.app.inject({ method: 'POST', url: '/v1/logs', payload: 'nope', headers: { 'content-type': 'application/json' } });
      const metrics = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/logsift_source_requests_total\{source="otlp",outcome="ok"\} 1/);
      expect(metrics).toMatch(/logsift_source_requests_total\{source="otlp",outcome="bad_request"\} 1/);
      expect(metrics).toMatch(/logsift_source_bytes_total\{source="otlp"\} \d+/);
    } finally {
      await s.dispose();
    }
  });
});
