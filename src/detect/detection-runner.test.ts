import { afterEach, describe, expect, it } from 'vitest';
import type { Anomaly, MinedEvent } from '../model/index.js';
import { SqliteMetaStore } from '../store/index.js';
import { parseDetectionConfig, selectDetectors } from './detection-config.js';
import { DetectionRunner } from './detection-runner.js';
import type { DetectionBatch, DetectionSink } from './detection-runner.js';
import type { ClosedWindow } from './detection-window.js';
import { event, T0, template, WINDOW } from './test-support.js';

const TEMPLATES = new Map([1, 2, 3].map((id) => [id, template(id, `template ${id}`)] as const));

class Recorder implements DetectionSink {
  readonly raised: Anomaly[] = [];
  readonly windows: ClosedWindow[] = [];
  anomalies = async (_tenant: string, list: readonly Anomaly[]) => {
    this.raised.push(...list);
  };
  windowClosed = async (_tenant: string, w: ClosedWindow) => {
    this.windows.push(w);
  };
}

function minutes(from: number, to: number, perMinute: number, templateId = 1, over: Partial<MinedEvent> = {}): MinedEvent[] {
  const out: MinedEvent[] = [];
  for (let m = from; m < to; m++) for (let i = 0; i < perMinute; i++) out.push(event(T0 + m * WINDOW + Math.floor((i * WINDOW) / perMinute), templateId, over));
  return out;
}

function batch(tenant: string, events: readonly MinedEvent[]): DetectionBatch {
  return { tenant, events, ids: events.map((_, i) => `${tenant}:${events[0]?.ts ?? 0}:${i}`) };
}

describe('detection runner', () => {
  const metas: SqliteMetaStore[] = [];
  afterEach(async () => {
    for (const m of metas.splice(0)) await m.close();
  });

  function setup(meta = new SqliteMetaStore(':memory:', 'process'), disabled: string[] = ['sequence', 'outlier_window']) {
    metas.push(meta);
    const sink = new Recorder();
    const runner = new DetectionRunner(
      { source: null, anomalies: meta.anomalies, state: meta.detectorState, noiseRules: meta.noiseRules, templates: () => ({ get: (id) => TEMPLATES.get(id) }), sink, warn: () => undefined },
      parseDetectionConfig({ snapshotIntervalMs: 0, streamIdleMs: 0 }),
      selectDetectors({ new_pattern: { warmupMs: 10 * WINDOW } }, disabled),
    );
    runner.start();
    return { meta, sink, runner };
  }

  it('closes windows by event time once the watermark (latest event − lateness) passes them', async () => {
    const { sink, runner } = setup();
    runner.ingest(batch('a', minutes(0, 3, 10)));
    await runner.flush();
    // Latest event ~2:54 → watermark ~2:24 → windows 0 and 1 are closed, window 2 is not.
    expect(sink.windows.map((w) => w.index - Math.floor(T0 / WINDOW))).toEqual([0, 1]);
    expect(sink.windows[0].partial).toBe(true); // the first window may have started before the data
    expect(sink.windows[1].services.get('svc')?.lines).toBe(10);
    await runner.stop();
  });

  it('counts late events and ignores them, and skips long gaps without learning them line by line', async () => {
    const { sink, runner } = setup();
    runner.ingest(batch('a', minutes(0, 5, 10)));
    runner.ingest(batch('a', [event(T0 + 30_000, 1)])); // window 0 closed long ago
    runner.ingest(batch('a', minutes(500, 502, 10))); // an 8-hour gap
    await runner.flush();
    const stats = runner.stats().tenants.a.counters;
    expect(stats.late).toBe(1);
    expect(stats.windowsSkipped).toBeGreaterThan(400);
    const afterGap = sink.windows.find((w) => w.index - Math.floor(T0 / WINDOW) === 500);
    expect(afterGap?.skippedBefore).toBeGreaterThan(400);
    await runner.stop();
  });

  it('keeps the watermark at the event time every active stream reached, so a stream sent in its own chunk is not late', async () => {
    for (const [lag, late] of [[600_000, 0], [0, 20]] as const) {
      const meta = new SqliteMetaStore(':memory:', 'process');
      metas.push(meta);
      let now = Date.now();
      const runner = new DetectionRunner(
        { source: null, anomalies: meta.anomalies, state: meta.detectorState, noiseRules: meta.noiseRules, templates: () => ({ get: () => undefined }), sink: new Recorder(), warn: () => undefined, clock: () => now },
        parseDetectionConfig({ snapshotIntervalMs: 0, maxStreamLagMs: lag }),
        selectDetectors(),
      );
      runner.start();
      runner.ingest(batch('a', [...minutes(0, 1, 10, 1, { service: 'web' }), ...minutes(0, 1, 10, 2, { service: 'db' })]));
      await runner.flush();
      now += 6000; // past stream discovery (streamIdleMs); both streams keep delivering
      runner.ingest(batch('a', [event(T0 + 60_000, 1, { service: 'web' }), event(T0 + 60_000, 2, { service: 'db' })]));
      // One chunk per stream, each covering the same minutes (as a backfill sends files side by side).
      runner.ingest(batch('a', minutes(1, 4, 10, 1, { service: 'web' })));
      runner.ingest(batch('a', minutes(1, 4, 10, 2, { service: 'db' })));
      await runner.flush();
      expect(runner.stats().tenants.a.counters.late).toBe(late);
      await runner.stop();
    }
  });

  it('waits for streams to show up before closing the first windows', async () => {
    const meta = new SqliteMetaStore(':memory:', 'process');
    metas.push(meta);
    let now = Date.now();
    const runner = new DetectionRunner(
      { source: null, anomalies: meta.anomalies, state: meta.detectorState, noiseRules: meta.noiseRules, templates: () => ({ get: () => undefined }), sink: new Recorder(), warn: () => undefined, clock: () => now },
      parseDetectionConfig({ snapshotIntervalMs: 0 }),
      selectDetectors(),
    );
    runner.start();
    runner.ingest(batch('a', minutes(0, 5, 10, 1, { service: 'web' })));
    now += 1000;
    runner.ingest(batch('a', minutes(0, 5, 10, 2, { service: 'db' }))); // a second stream, 1 s later, same minutes
    await runner.flush();
    expect(runner.stats().tenants.a.counters).toMatchObject({ late: 0, windowsClosed: 0 });
    now += 10_000;
    runner.ingest(batch('a', minutes(5, 6, 10, 1, { service: 'web' })));
    await runner.flush();
    expect(runner.stats().tenants.a.counters.windowsClosed).toBeGreaterThan(0);
    await runner.stop();
  });

  it('ignores lines stamped far ahead of the wall clock', async () => {
    const { runner } = setup();
    runner.ingest(batch('a', [event(Date.now() + 86_400_000, 1)]));
    await runner.flush();
    expect(runner.counters.future).toBe(1);
    await runner.stop();
  });

  it('raises, stores and hands over anomalies; feedback suppresses their kind at once', async () => {
    const { meta, sink, runner } = setup();
    runner.ingest(batch('a', minutes(0, 20, 10)));
    runner.ingest(batch('a', [...minutes(20, 21, 10), ...minutes(20, 21, 5, 2, { level: 'error', message: 'disk full' })]));
    runner.ingest(batch('a', minutes(21, 23, 10)));
    await runner.flush();
    const fresh = sink.raised.filter((a) => a.kind === 'new_pattern');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ tenant: 'a', service: 'svc', templateId: 2, severity: 'high', incidentId: null, noise: false });
    expect(await meta.anomalies.getAnomaly('a', fresh[0].id)).not.toBeNull();
    const rule = { id: 'nr1', tenant: 'a', kind: 'new_pattern' as const, service: 'svc', templateId: 3, anomalyId: null, createdAt: 0, createdBy: 'test' };
    runner.addNoiseRule(rule);
    runner.ingest(batch('a', [...minutes(23, 24, 10), ...minutes(23, 24, 5, 3, { level: 'error' })]));
    runner.ingest(batch('a', minutes(24, 26, 10)));
    await runner.flush();
    expect(sink.raised.filter((a) => a.templateId === 3)).toEqual([]);
    expect(runner.counters.suppressed).toBe(1);
    await runner.stop();
  });

  it('saves state at stop and resumes after a restart (known templates stay known; reopened windows are partial)', async () => {
    const meta = new SqliteMetaStore(':memory:', 'process');
    const first = setup(meta);
    first.runner.ingest(batch('a', [...minutes(0, 20, 10), ...minutes(0, 20, 1, 2, { level: 'error' })]));
    await first.runner.flush();
    await first.runner.stop();
    expect(await meta.detectorState.loadDetectorState('a', 'new_pattern')).not.toBeNull();
    expect(await meta.detectorState.loadDetectorState('a', 'runner')).not.toBeNull();
    const second = setup(meta);
    second.runner.ingest(batch('a', [...minutes(20, 25, 10), ...minutes(20, 25, 1, 2, { level: 'error' })]));
    second.runner.ingest(batch('a', [event(T0 + 5 * WINDOW, 1)])); // before the saved watermark: late
    await second.runner.flush();
    expect(second.sink.raised.filter((a) => a.kind === 'new_pattern')).toEqual([]);
    expect(second.runner.stats().tenants.a.counters.late).toBe(1);
    expect(second.sink.windows[0].partial).toBe(true);
    await second.runner.stop();
  });

  it('drops batches beyond its queue bound, counting them, and marks their windows partial', async () => {
    const meta = new SqliteMetaStore(':memory:', 'process');
    metas.push(meta);
    const sink = new Recorder();
    const runner = new DetectionRunner(
      { source: null, anomalies: meta.anomalies, state: meta.detectorState, noiseRules: meta.noiseRules, templates: () => ({ get: () => undefined }), sink, warn: () => undefined },
      parseDetectionConfig({ snapshotIntervalMs: 0, maxQueueEvents: 25, streamIdleMs: 0 }),
      selectDetectors({}, ['sequence']),
    );
    runner.start();
    runner.ingest(batch('a', minutes(0, 2, 10)));
    runner.ingest(batch('a', minutes(2, 4, 10))); // 40 queued > 25
    await runner.flush();
    expect(runner.counters.eventsDropped).toBe(20);
    await runner.stop();
    await runner.stop(); // idempotent
  });

  it('subscribes to a batch source and unsubscribes at stop', async () => {
    const meta = new SqliteMetaStore(':memory:', 'process');
    metas.push(meta);
    const listeners: ((b: DetectionBatch) => void)[] = [];
    const source = {
      subscribe(l: (b: DetectionBatch) => void) {
        listeners.push(l);
        return () => listeners.splice(listeners.indexOf(l), 1);
      },
    };
    const sink = new Recorder();
    const runner = new DetectionRunner(
      { source, anomalies: meta.anomalies, state: meta.detectorState, noiseRules: meta.noiseRules, templates: () => ({ get: () => undefined }), sink },
      parseDetectionConfig({ streamIdleMs: 0 }),
      selectDetectors(),
    );
    await runner.stop(); // safe before start
    const again = new DetectionRunner(
      { source, anomalies: meta.anomalies, state: meta.detectorState, noiseRules: meta.noiseRules, templates: () => ({ get: () => undefined }), sink },
      parseDetectionConfig({ streamIdleMs: 0 }),
      selectDetectors(),
    );
    again.start();
    expect(listeners).toHaveLength(1);
    listeners[0](batch('a', minutes(0, 3, 5)));
    await again.flush();
    expect(sink.windows.length).toBeGreaterThan(0);
    await again.stop();
    expect(listeners).toHaveLength(0);
  });
});
