import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAuthenticator } from '../src/auth/request-auth.js';
import { NOOP_SOURCE_METRICS, SILENT_SOURCE_LOGGER, SOURCE_FACTORIES } from '../src/ingest/sources/index.js';
import type { BoundPort, IngestSink, Source, SourceFactory, SourceSettings, SourceType } from '../src/ingest/sources/index.js';
import type { IngestRequest } from '../src/pipeline/index.js';
import { tempDir } from './helpers.js';
import { startMockKafka, waitFor } from './protocol-helpers.js';
import type { MockKafka } from './protocol-helpers.js';

/** How each plug-in is configured for the test and fed one record. */
interface Fixture {
  config(dir: string): Record<string, unknown>;
  /** Hands the source one record carrying `marker`, from the outside world. */
  feed(marker: string, ports: readonly BoundPort[], dir: string): Promise<void>;
}

const work = tempDir('logsift-lifecycle-');
let mock: MockKafka;
let topicSeq = 0;

const FIXTURES: Readonly<Record<SourceType, Fixture>> = {
  syslog: {
    config: () => ({ port: 0, lingerMs: 5000 }),
    async feed(marker, ports) {
      const udp = ports.find((p) => p.protocol === 'udp');
      if (udp === undefined) throw new Error('no udp port');
      const socket = createSocket('udp4');
      await new Promise<void>((resolve, reject) => socket.send(`<13>1 - host app - - - ${marker}`, udp.port, udp.host, (err) => (err ? reject(err) : resolve())));
      socket.close();
    },
  },
  file: {
    config: (dir) => ({ paths: [join(dir, '*.log')], pollMs: 20, statePath: join(dir, 'state.json') }),
    async feed(marker, _ports, dir) {
      writeFileSync(join(dir, `${marker}.log`), `${marker}\n`);
    },
  },
  kafka: {
    config: () => ({ brokers: [mock.bootstrap], topics: [`lifecycle-${++topicSeq}`], groupId: `lifecycle-${topicSeq}` }),
    async feed(marker) {
      const producer = new Kafka({ clientId: 'lifecycle', brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      await producer.send({ topic: `lifecycle-${topicSeq}`, messages: [{ value: marker }] });
      await producer.disconnect();
    },
  },
};

function settings(sink: IngestSink, dir: string): SourceSettings {
  return { sink, auth: new OpenAuthenticator(), log: SILENT_SOURCE_LOGGER, metrics: NOOP_SOURCE_METRICS, maxRecordBytes: 256 * 1024, host: '127.0.0.1', dataDir: dir };
}

/** Builds a source through its factory (the only way in), from a partial config as a user writes it. */
function make(factory: SourceFactory<unknown>, s: SourceSettings, partial: Record<string, unknown>): Source {
  return factory.create(s, factory.configure(partial));
}

function recordText(r: IngestRequest['records'][number]): string {
  return typeof r === 'string' ? r : JSON.stringify(r);
}

/**
 * The lifecycle contract every source plug-in keeps (src/ingest/sources/source-plugin.ts):
 * safe stop before start, quick start reporting what it bound, stop that flushes and is
 * idempotent, an abort signal that ends a stop whose flush hangs, and config validation.
 */
describe.each(SOURCE_FACTORIES.map((f) => [f.type, f] as const))('source plug-in %s', (type, factory) => {
  const fixture = FIXTURES[type];
  beforeAll(async () => {
    mock ??= await startMockKafka(work.path);
  });

  it('can be stopped before it starts, twice, and not started after that', async () => {
    const dir = tempDir(`logsift-lc-${type}-`);
    try {
      const source: Source = make(factory, settings(async () => Promise.reject(new Error('unused')), dir.path), fixture.config(dir.path));
      expect(source.type).toBe(type);
      await source.stop();
      await source.stop();
      await expect(source.start()).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      dir.remove();
    }
  });

  it('starts quickly, and stop() flushes what it took in before it resolves; stop is idempotent', async () => {
    const dir = tempDir(`logsift-lc-${type}-`);
    const received: IngestRequest[] = [];
    const sink: IngestSink = async (r) => {
      received.push(r);
      return { received: r.records.length, accepted: r.records.length, deduplicated: 0, rejected: 0, errors: [] };
    };
    const source = make(factory, settings(sink, dir.path), fixture.config(dir.path));
    try {
      const t0 = performance.now();
      const ports = await source.start();
      expect(performance.now() - t0).toBeLessThan(15_000);
      if (type === 'syslog') expect(ports.map((p) => p.protocol).sort()).toEqual(['tcp', 'udp']);
      const marker = `lifecycle-${type}-${Date.now()}`;
      await fixture.feed(marker, ports, dir.path);
      const seen = () => received.some((r) => r.records.some((x) => recordText(x).includes(marker)));
      if (type === 'kafka') await waitFor('the consumer to deliver', seen, 30_000);
      else await new Promise((r) => setTimeout(r, 150));
      await source.stop();
      expect(seen()).toBe(true);
      await source.stop();
    } finally {
      await source.stop();
      dir.remove();
    }
  });

  it('ends a stop whose flush hangs when its AbortSignal fires', async () => {
    const dir = tempDir(`logsift-lc-${type}-`);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const hanging: IngestSink = async (r) => {
      calls++;
      await gate;
      return { received: r.records.length, accepted: r.records.length, deduplicated: 0, rejected: 0, errors: [] };
    };
    const source = make(factory, settings(hanging, dir.path), fixture.config(dir.path));
    try {
      const ports = await source.start();
      await fixture.feed(`hang-${type}`, ports, dir.path);
      if (type === 'kafka') await waitFor('the consumer to call the sink', () => calls > 0, 30_000);
      else await new Promise((r) => setTimeout(r, 150));
      const t0 = performance.now();
      await source.stop(AbortSignal.timeout(300));
      expect(performance.now() - t0).toBeLessThan(3000);
    } finally {
      release();
      await new Promise((r) => setTimeout(r, 100));
      dir.remove();
    }
  });

  it('refuses a bad config naming the key', () => {
    expect(() => (factory as SourceFactory<unknown>).configure({ ...fixture.config(work.path), tenant: '' })).toThrow(expect.objectContaining({ code: 'invalid_config', message: expect.stringMatching(/tenant/) }));
  });
});

afterAll(async () => {
  await mock?.stop();
  work.remove();
});
