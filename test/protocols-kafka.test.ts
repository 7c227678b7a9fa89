import { Kafka, logLevel } from 'kafkajs';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, tempDir } from './helpers.js';
import type { ServerProcess } from './helpers.js';
import { allEvents, deadLetters, listeningServer, spawnLoggingServer, startMockKafka, waitFor } from './protocol-helpers.js';
import type { EventView, LoggingServerProcess, MockKafka } from './protocol-helpers.js';

/** Kafka source against a real Kafka-protocol broker: librdkafka's mock cluster, started from kcat. */
describe('Kafka source', () => {
  const work = tempDir('logsift-kafka-');
  let mock: MockKafka;
  let producer: Producer;
  beforeAll(async () => {
    mock = await startMockKafka(work.path);
    const kafka = new Kafka({ clientId: 'test-producer', brokers: [mock.bootstrap], logLevel: logLevel.NOTHING });
    producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await mock.stop();
    work.remove();
  });

  /** A stored event's Kafka provenance, `topic/partition/offset` (OTLP records add their index). */
  const ids = (events: readonly EventView[]) => events.map((e) => `${String(e.attrs?.['kafka.topic'])}/${String(e.attrs?.['kafka.partition'])}/${String(e.attrs?.['kafka.offset'])}`);

  it('decodes JSON, text and syslog messages, dead-letters a poison message and commits past it; a redelivery is not stored twice', async () => {
    await producer.send({
      topic: 'app-logs',
      messages: [
        { value: JSON.stringify({ level: 'error', msg: 'order 17 failed', service: 'orders', id: 'user-data-id' }) },
        { value: 'level=warn msg="slow query" service=db dur=3s' },
        { value: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]) },
      ],
    });
    await producer.send({ topic: 'text-logs', messages: [{ value: 'plain text line from kafka' }, { value: 'another plain line' }] });
    // One format per topic, as shippers usually do: the parse stage detects each topic's format.
    await producer.send({
      topic: 'syslog-logs',
      messages: [{ value: '<11>1 2026-11-22T10:00:00Z db-host postgres 77 - - connection reset' }, { value: '<14>1 2026-11-22T10:00:01Z db-host postgres 77 - - checkpoint complete' }],
    });
    const dir = tempDir('logsift-kafka-a-');
    const overrides = { kafkaBrokers: mock.bootstrap, kafkaTopic: 'app-logs,text-logs,syslog-logs', kafkaGroup: 'group-a' };
    let s = await listeningServer({ ...overrides, dataDir: dir.path });
    try {
      await waitFor('6 events and 1 dead letter', async () => (await allEvents(s.url)).length === 6 && (await deadLetters(s.url)).length === 1, 30_000, 200);
      const events = await allEvents(s.url);
      expect(events.find((e) => e.message === 'order 17 failed')).toMatchObject({ service: 'orders', level: 'error', attrs: expect.objectContaining({ id: 'user-data-id' }) });
      expect(events.find((e) => e.message === 'slow query')).toMatchObject({ level: 'warn', service: 'db' });
      expect(events.find((e) => e.message === 'connection reset')).toMatchObject({ service: 'postgres', host: 'db-host', level: 'error' });
      expect(ids(events).every((id) => /^(app|text|syslog)-logs\/\d\/\d+$/.test(id))).toBe(true);
      const [poison] = await deadLetters(s.url);
      expect(poison).toMatchObject({ source: 'kafka', reason: 'invalid_encoding' });
      // Offsets are committed past everything, the poison message included.
      const admin = new Kafka({ clientId: 'test-admin', brokers: [mock.bootstrap], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        for (const topic of ['app-logs', 'text-logs', 'syslog-logs']) {
          const high = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
          await waitFor(`${topic} offsets committed`, async () => {
            const [committed] = await admin.fetchOffsets({ groupId: 'group-a', topics: [topic] });
            return committed.partitions.every((p) => p.offset === (high.get(p.partition) === '0' ? '-1' : high.get(p.partition)));
          });
        }
      } finally {
        await admin.disconnect();
      }
      await s.dispose();

      // A second group re-reads the topic from the start: every record id is already stored.
      s = await listeningServer({ ...overrides, kafkaGroup: 'group-b', dataDir: dir.path });
      await new Promise((r) => setTimeout(r, 4000));
      expect(await allEvents(s.url)).toHaveLength(6);
      expect(await deadLetters(s.url)).toHaveLength(2); // dead letters have no record id: the redelivered poison is kept again
    } finally {
      await s.dispose();
      dir.remove();
    }
  });

  it('splits partitions between two workers of one group and loses nothing when one is killed', async () => {
    const dirs = [tempDir('logsift-kafka-w1-'), tempDir('logsift-kafka-w2-')];
    const args = (i: number) => ['--data-dir', dirs[i].path, '--retention', '0', '--log-level', 'info', '--kafka-brokers', mock.bootstrap, '--kafka-topic', 'scale-logs', '--kafka-group', 'scale', '--protocols', 'none'];
    const workers: LoggingServerProcess[] = [];
    let restarted: ServerProcess | null = null;
    const produced: string[] = [];
    let producing = true;
    const producerLoop = (async () => {
      for (let b = 0; producing; b++) {
        const messages = Array.from({ length: 50 }, (_, k) => ({ value: `scale message ${b * 50 + k}` }));
        await producer.send({ topic: 'scale-logs', messages });
        produced.push(...messages.map((m) => m.value));
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    try {
      workers.push(await spawnLoggingServer(args(0)));
      workers.push(await spawnLoggingServer(args(1)));
      // Both workers join the group and Kafka splits the 4 partitions between them.
      const assigned = (w: LoggingServerProcess) => {
        const lines = w.stdout().split('\n').filter((l) => l.includes('kafka partitions assigned'));
        const last = lines.at(-1);
        return last === undefined ? [] : ((JSON.parse(last) as { assignment: Record<string, number[]> }).assignment['scale-logs'] ?? []);
      };
      await waitFor('both workers to hold partitions', () => assigned(workers[0]).length > 0 && assigned(workers[1]).length > 0, 45_000, 200).catch((err: unknown) => {
        throw new Error(`${(err as Error).message}\nworker 1:\n${workers[0].stdout()}\nworker 2:\n${workers[1].stdout()}`);
      });
      const a = assigned(workers[0]);
      const b = assigned(workers[1]);
      expect([...a, ...b].sort()).toEqual([0, 1, 2, 3]);
      expect(a.filter((p) => b.includes(p))).toEqual([]);
      await waitFor('both workers to store messages', async () => (await allEvents(workers[0].url)).length > 0 && (await allEvents(workers[1].url)).length > 0, 30_000, 200);

      // Kill one worker hard; the other takes its partitions over from the last committed offsets.
      await workers[0].stop('SIGKILL');
      await new Promise((r) => setTimeout(r, 1500));
      producing = false;
      await producerLoop;
      const want = new Set(produced);
      await waitFor('the survivor to catch up', async () => {
        const have = new Set((await allEvents(workers[1].url)).map((e) => e.message));
        // Everything produced after the kill, and everything the dead worker had not committed, lands on the survivor.
        return [...want].filter((m) => !have.has(m)).length < want.size && assigned(workers[1]).length === 4;
      }, 60_000, 500);
      // Read the killed worker's store back (a plain server on its data directory).
      restarted = await spawnServer(['--data-dir', dirs[0].path, '--retention', '0', '--protocols', 'none']);
      await waitFor('no message lost across both stores', async () => {
        const union = new Set([...(await allEvents(restarted?.url ?? '')), ...(await allEvents(workers[1].url))].map((e) => e.message));
        return [...want].every((m) => union.has(m));
      }, 60_000, 500);
      const survivor = await allEvents(workers[1].url);
      // Within one store nothing is stored twice.
      expect(new Set(ids(survivor)).size).toBe(survivor.length);
      console.log(`kafka scale test: ${want.size} produced; killed worker stored ${(await allEvents(restarted.url)).length}, survivor ${survivor.length}`);
    } finally {
      producing = false;
      await producerLoop.catch(() => undefined);
      for (const w of workers) await w.stop();
      await restarted?.stop();
      for (const d of dirs) d.remove();
    }
  }, 180_000);
});
