import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from './helpers.js';

type Server = Awaited<ReturnType<typeof testServer>>;

describe('record ids given by a source', () => {
  let s: Server;
  beforeAll(async () => {
    s = await testServer();
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('deduplicate a redelivered batch, also where lines join into one multi-line event', async () => {
    const records = [
      '2026-11-20 10:00:00,001 ERROR [main] c.s.App: request failed',
      'java.lang.IllegalStateException: boom',
      '\tat c.s.App.run(App.java:42)',
      '2026-11-20 10:00:01,002 INFO [main] c.s.App: recovered',
    ];
    const submit = (ids: string[]) =>
      s.pipeline.submit({
        tenant: 'default',
        source: 'kafka',
        receivedAt: Date.now(),
        records,
        positions: null,
        rejected: [],
        dedupKey: null,
        recordIds: ids,
        service: 'app',
        host: null,
        format: { kind: 'header', pattern: '<Date> <Time> <Level> [<Thread>] <Component>: <Content>' },
        streamKey: 'kafka|app',
      });
    const first = await submit(['t/0/10', 't/0/11', 't/0/12', 't/0/13']);
    expect(first).toMatchObject({ received: 4, accepted: 2, deduplicated: 0 });
    // Redelivered after a rebalance: the same offsets.
    const again = await submit(['t/0/10', 't/0/11', 't/0/12', 't/0/13']);
    expect(again).toMatchObject({ accepted: 0, deduplicated: 2 });
    const events = ((await s.app.inject({ method: 'GET', url: '/api/v1/logs?service=app' })).json() as { events: { message: string }[] }).events;
    expect(events.map((e) => e.message)).toEqual(['recovered', 'request failed\njava.lang.IllegalStateException: boom\n\tat c.s.App.run(App.java:42)']);
  });
});
