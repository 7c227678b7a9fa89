import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentChange } from '../src/incidents/index.js';
import type { Anomaly, Incident, TimelineKind } from '../src/model/index.js';
import { IncidentNotifier, parseNotifierConfig } from '../src/notify/index.js';
import type { DeliveryOutcome } from '../src/notify/index.js';
import type { AlertRule, ChannelRecord } from '../src/store/index.js';
import { SqliteMetaStore } from '../src/store/index.js';
import { fakeAnomaly } from './intelligence-helpers.js';

/** A real HTTP receiver: records what it gets and answers with scripted statuses (200 by default). */
class Receiver {
  readonly got: { path: string; body: Record<string, unknown> }[] = [];
  statuses: number[] = [];
  private server: Server | null = null;
  url = '';
  async start() {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += String(c)));
      req.on('end', () => {
        this.got.push({ path: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown> });
        res.writeHead(this.statuses.shift() ?? 200).end('ok');
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop() {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

const NOW = Date.now();

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc1',
    tenant: 't',
    title: 'payment: error share 31% (baseline 0.4%)',
    status: 'open',
    severity: 'high',
    services: ['payment'],
    hosts: ['payment-1'],
    anomalyIds: ['a1'],
    kinds: ['error_rate'],
    templates: [],
    leadTemplates: [],
    openedAt: NOW,
    updatedAt: NOW,
    lastAnomalyAt: NOW,
    lastActivityAt: NOW,
    acknowledgedAt: null,
    resolvedAt: null,
    regressions: 0,
    summary: { source: 'builtin', model: null, generatedAt: NOW, summary: 'Since 10:00, payment shows one finding.', rootCause: null, remediation: ['Open the first error line'], highlights: [] },
    timeline: [],
    ...over,
  };
}

const change = (inc: Incident, reason: IncidentChange['reason'], anomalies: Anomaly[] = []): IncidentChange => ({ tenant: 't', incident: inc, reason, anomalies });

describe('notifications to real HTTP receivers', () => {
  const rx = new Receiver();
  let meta: SqliteMetaStore;
  let notifier: IncidentNotifier;
  let notes: { kind: TimelineKind; text: string }[];
  let outcomes: DeliveryOutcome[];

  beforeAll(() => rx.start());
  afterAll(() => rx.stop());
  afterEach(async () => {
    await notifier.stop();
    await meta.close();
  });

  async function setup(channels: Omit<ChannelRecord, 'tenant' | 'createdAt' | 'updatedAt' | 'enabled'>[], rules: Partial<AlertRule>[]) {
    rx.got.length = 0;
    rx.statuses = [];
    meta = new SqliteMetaStore(':memory:', 'process');
    notes = [];
    outcomes = [];
    for (const c of channels) await meta.alerts.saveChannel({ tenant: 't', enabled: true, createdAt: 0, updatedAt: 0, ...c });
    for (const [i, r] of rules.entries()) {
      await meta.alerts.saveRule({ id: `r${i}`, tenant: 't', name: `rule ${i}`, enabled: true, services: [], minSeverity: 'medium', kinds: [], channelIds: [], renotifyMs: 0, notifyResolved: true, createdAt: i, updatedAt: 0, ...r });
    }
    notifier = new IncidentNotifier(
      {
        alerts: meta.alerts,
        log: meta.notifications,
        note: async (_t, _id, kind, _actor, text) => {
          notes.push({ kind, text });
        },
        metrics: { deliveries: (_c, o) => outcomes.push(o) },
        warn: () => undefined,
      },
      parseNotifierConfig({ groupWaitMs: 80, groupIntervalMs: 300, backoffMs: 20, maxAttempts: 3, renotifyCheckMs: 50, maxAgeMs: 0 }),
    );
    notifier.start();
  }

  it('posts the incident as JSON with its log lines, grouping a burst and never sending the same state twice', async () => {
    await setup([{ id: 'c1', name: 'ops hook', type: 'webhook', config: { url: `${rx.url}/hook`, headers: { 'x-token': 'secret' } } }], [{ channelIds: ['c1'], services: ['payment'] }]);
    const a = fakeAnomaly({ id: 'a1', tenant: 't' });
    notifier.onIncidentChange(change(incident(), 'opened', [a]));
    notifier.onIncidentChange(change(incident({ anomalyIds: ['a1', 'a2'] }), 'updated', [fakeAnomaly({ id: 'a2', tenant: 't', evidence: { ...a.evidence, samples: ['second line'], sampleIds: ['x2'] } })]));
    notifier.onIncidentChange(change(incident({ anomalyIds: ['a1', 'a2', 'a3'] }), 'updated'));
    await expect.poll(() => rx.got.length).toBe(1);
    const body = rx.got[0].body as { version: number; reason: string; incident: { id: string; severity: string }; lines: { text: string }[]; summary: string };
    expect(rx.got[0].path).toBe('/hook');
    expect(body).toMatchObject({ version: 1, reason: 'opened', incident: { id: 'inc1', severity: 'high' }, summary: 'Since 10:00, payment shows one finding.' });
    expect(body.lines.map((l) => l.text)).toEqual(['second line', 'Gateway timeout after 30000 ms calling POST https://api.paygate.example/v1/charges']);
    // Same status, severity, kinds and services: nothing new to say.
    notifier.onIncidentChange(change(incident({ anomalyIds: ['a1', 'a2', 'a3', 'a4'] }), 'updated'));
    await new Promise((r) => setTimeout(r, 500));
    expect(rx.got).toHaveLength(1);
    expect(outcomes).toContain('deduplicated');
    // A change worth telling goes out after the group interval, then the resolution.
    notifier.onIncidentChange(change(incident({ severity: 'critical' }), 'severity'));
    await expect.poll(() => rx.got.length, { timeout: 3000 }).toBe(2);
    notifier.onIncidentChange(change(incident({ severity: 'critical', status: 'resolved', resolvedAt: NOW }), 'resolved'));
    await expect.poll(() => rx.got.length, { timeout: 3000 }).toBe(3);
    expect((rx.got[2].body as { reason: string }).reason).toBe('resolved');
    expect(notes.filter((n) => n.kind === 'notified')).toHaveLength(3);
    const log = await meta.notifications.listNotifications({ tenant: 't', statuses: ['delivered'], incidentId: 'inc1', channelId: null, limit: 10 });
    expect(log).toHaveLength(3);
  });

  it('sends Slack-compatible payloads with the lines in a code block, only for matching rules', async () => {
    await setup(
      [
        { id: 's1', name: 'slack', type: 'slack', config: { url: `${rx.url}/services/T0/B0/XYZ`, channel: '#oncall' } },
        { id: 'w1', name: 'web only', type: 'webhook', config: { url: `${rx.url}/web` } },
      ],
      [
        { channelIds: ['s1'], minSeverity: 'high', kinds: ['error_rate'] },
        { channelIds: ['w1'], services: ['web'] },
        { channelIds: ['w1'], minSeverity: 'critical' },
      ],
    );
    notifier.onIncidentChange(change(incident(), 'opened', [fakeAnomaly({ id: 'a1', tenant: 't' })]));
    await expect.poll(() => rx.got.length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(rx.got).toHaveLength(1);
    const body = rx.got[0].body as { text: string; channel: string; blocks: { text: { text: string } }[] };
    expect(rx.got[0].path).toBe('/services/T0/B0/XYZ');
    expect(body.channel).toBe('#oncall');
    expect(body.text).toContain('payment: error share 31%');
    expect(body.blocks.map((b) => b.text.text).join('\n')).toContain('```payment: Gateway timeout after 30000 ms');
  });

  it('retries failed deliveries with backoff, and shows permanent failures in the log, the metrics and the timeline', async () => {
    await setup([{ id: 'c1', name: 'flaky', type: 'webhook', config: { url: `${rx.url}/flaky` } }, { id: 'c2', name: 'gone', type: 'webhook', config: { url: `${rx.url}/gone` } }], [{ channelIds: ['c1'], services: ['payment'] }, { channelIds: ['c2'], services: ['web'] }]);
    rx.statuses = [500, 503];
    notifier.onIncidentChange(change(incident(), 'opened'));
    await expect.poll(() => notes.length, { timeout: 3000 }).toBe(1);
    expect(notes[0]).toMatchObject({ kind: 'notified', text: 'opened notification delivered after 3 attempts' });
    expect(outcomes.filter((o) => o === 'retried')).toHaveLength(2);
    rx.statuses = [404];
    notifier.onIncidentChange(change(incident({ id: 'inc2', services: ['web'] }), 'opened'));
    await expect.poll(() => notes.length, { timeout: 3000 }).toBe(2);
    expect(notes[1].kind).toBe('notify_failed');
    expect(notes[1].text).toContain('HTTP 404');
    const failed = await meta.notifications.listNotifications({ tenant: 't', statuses: ['failed'], incidentId: null, channelId: null, limit: 10 });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ incidentId: 'inc2', channelId: 'c2', attempts: 1, status: 'failed' });
    expect(failed[0].lastError).toContain('404');
    expect(outcomes).toContain('failed');
  });

  it('re-notifies an open, unacknowledged incident every renotify interval', async () => {
    await setup([{ id: 'c1', name: 'hook', type: 'webhook', config: { url: `${rx.url}/r` } }], [{ channelIds: ['c1'], renotifyMs: 250 }]);
    notifier.onIncidentChange(change(incident(), 'opened'));
    await expect.poll(() => rx.got.length, { timeout: 3000 }).toBeGreaterThanOrEqual(3);
    expect(rx.got.slice(1).every((g) => (g.body as { reason: string }).reason === 'renotify')).toBe(true);
    notifier.onIncidentChange(change(incident({ status: 'acknowledged' }), 'acknowledged'));
    await new Promise((r) => setTimeout(r, 400));
    const count = rx.got.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(rx.got.length).toBe(count);
  });

  it('sends a test message on request and reports the outcome', async () => {
    await setup([{ id: 'c1', name: 'hook', type: 'webhook', config: { url: `${rx.url}/test` } }], []);
    const ok = await notifier.test('t', 'c1');
    expect(ok).toMatchObject({ status: 'delivered', reason: 'test', attempts: 1, incidentId: null });
    expect((rx.got[0].body as { reason: string }).reason).toBe('test');
    rx.statuses = [500, 500];
    const bad = await notifier.test('t', 'c1');
    expect(bad).toMatchObject({ status: 'failed', attempts: 2 });
    expect(bad.lastError).toContain('HTTP 500');
    await expect(notifier.test('t', 'nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});
