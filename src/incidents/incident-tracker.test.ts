import { afterEach, describe, expect, it } from 'vitest';
import type { Anomaly, Incident } from '../model/index.js';
import { LogsiftError } from '../model/index.js';
import { SqliteMetaStore } from '../store/index.js';
import { WindowAccumulator } from '../detect/internal/window-accumulator.js';
import type { IncidentChange } from './incident-events.js';
import { parseIncidentConfig } from './incident-config.js';
import { IncidentTracker } from './incident-tracker.js';
import { LlmIncidentExplainer } from './explain/incident-explainer.js';

const W = 60_000;
const T0 = Date.UTC(2026, 10, 20, 10);
let n = 0;

function anomaly(over: Partial<Anomaly> = {}): Anomaly {
  const windowStart = over.windowStart ?? T0;
  return {
    id: `an${n++}`,
    tenant: 't',
    kind: 'error_rate',
    service: 'payment',
    templateId: null,
    windowStart,
    windowEnd: windowStart + W,
    detectedAt: windowStart + W,
    score: 10,
    severity: 'high',
    title: 'payment: error share 31% (baseline 0.4%)',
    evidence: { observed: 0.31, expected: 0.004, unit: 'share', series: [], sampleIds: ['s1'], samples: ['Gateway timeout'], details: {}, templates: [], hosts: ['payment-1'], traceIds: [] },
    incidentId: null,
    noise: false,
    ...over,
  };
}

/** An empty window of the tenant ending at `end` (or one where `template` logged problem lines). */
function window(end: number, service = 'payment', template: number | null = null) {
  const i = end / W - 1;
  const w = new WindowAccumulator(i, end - W, end);
  if (template !== null) w.add({ tenant: 't', ts: end - 1000, service, host: 'h', level: 'error', message: 'boom', attrs: null, traceId: null, spanId: null, templateId: template, params: [] }, 'x');
  return w;
}

describe('incident tracker', () => {
  const metas: SqliteMetaStore[] = [];
  afterEach(async () => {
    for (const m of metas.splice(0)) await m.close();
  });

  async function setup(config = {}) {
    const meta = new SqliteMetaStore(':memory:', 'process');
    metas.push(meta);
    const tracker = new IncidentTracker(
      { incidents: meta.incidents, anomalies: meta.anomalies, windowMs: W, explainer: new LlmIncidentExplainer(null), clock: () => T0 + 3_600_000, warn: () => undefined },
      parseIncidentConfig(config),
    );
    await tracker.start();
    const changes: IncidentChange[] = [];
    tracker.onChange((c) => changes.push(c));
    const raise = async (...list: Anomaly[]) => {
      await meta.anomalies.insertAnomalies(list);
      await tracker.anomalies('t', list);
    };
    const only = async (): Promise<readonly Incident[]> => (await meta.incidents.listIncidents({ tenant: 't', statuses: [], severities: [], services: [], from: null, to: null, limit: 100, cursor: null })).incidents;
    return { meta, tracker, changes, raise, only };
  }

  it('opens an incident with a built-in summary, and related anomalies join it instead of opening duplicates', async () => {
    const { meta, raise, only, changes, tracker } = await setup();
    await raise(anomaly());
    await raise(anomaly({ kind: 'new_pattern', templateId: 7, severity: 'critical', windowStart: T0 + W, title: 'payment: new FATAL pattern "x"', evidence: { ...anomaly().evidence, details: { level: 'fatal' } } }));
    await raise(anomaly({ service: 'web', kind: 'rate_drop', windowStart: T0 + W })); // moved in the same window
    const list = await only();
    expect(list).toHaveLength(1);
    const inc = (await tracker.get('t', list[0].id)) as Incident;
    expect(inc).toMatchObject({ status: 'open', severity: 'critical', services: ['payment', 'web'], kinds: ['error_rate', 'new_pattern', 'rate_drop'] });
    expect(inc.anomalyIds).toHaveLength(3);
    expect(inc.leadTemplates).toEqual([]); // opened by a service-level finding without contributing templates
    expect(inc.templates).toEqual([7]);
    expect(inc.timeline.map((e) => e.kind)).toEqual(['opened', 'anomaly', 'anomaly', 'severity', 'anomaly']);
    expect(inc.summary?.source).toBe('builtin');
    expect(inc.summary?.summary).toContain('payment');
    expect(inc.summary?.highlights[0].sample).toBe('Gateway timeout');
    expect((await meta.anomalies.getAnomaly('t', inc.anomalyIds[0]))?.incidentId).toBe(inc.id);
    expect(changes.map((c) => c.reason)).toEqual(['opened', 'updated', 'updated']);
  });

  it('does not open incidents for low-severity anomalies, but lets them join', async () => {
    const { raise, only } = await setup();
    await raise(anomaly({ severity: 'low' }));
    expect(await only()).toHaveLength(0);
    await raise(anomaly({ windowStart: T0 + W }));
    await raise(anomaly({ severity: 'low', windowStart: T0 + 2 * W }));
    expect((await only())[0].anomalyIds).toHaveLength(2);
  });

  it('does not chain unrelated findings into one endless incident', async () => {
    const { raise, only, tracker } = await setup({ quietMs: 10 * W });
    await raise(anomaly());
    // Another service's low findings every minute: related to the incident by time only, and low.
    for (let m = 1; m <= 40; m++) {
      await raise(anomaly({ service: 'auth', kind: 'outlier_window', severity: 'low', windowStart: T0 + m * W }));
      await tracker.windowClosed('t', window(T0 + (m + 1) * W));
    }
    const [inc] = await only();
    expect(inc.status).toBe('resolved');
    // A medium finding of yet another service, long after the start, opens its own incident.
    await raise(anomaly({ service: 'worker', kind: 'new_pattern', severity: 'medium', windowStart: T0 + 41 * W }));
    const list = await only();
    expect(list).toHaveLength(2);
    expect(list.find((i) => i.id !== inc.id)?.services).toEqual(['worker']);
  });

  it('auto-resolves after the quiet period, stays open while its new error template keeps logging, and regresses when it comes back', async () => {
    const { raise, only, tracker } = await setup({ quietMs: 10 * W });
    await raise(anomaly({ kind: 'new_pattern', templateId: 9, evidence: { ...anomaly().evidence, details: { level: 'error' } } }));
    const id = (await only())[0].id;
    for (let m = 2; m <= 12; m++) await tracker.windowClosed('t', window(T0 + m * W, 'payment', 9)); // still logging
    expect((await tracker.get('t', id))?.status).toBe('open');
    for (let m = 13; m <= 24; m++) await tracker.windowClosed('t', window(T0 + m * W));
    let inc = (await tracker.get('t', id)) as Incident;
    expect(inc.status).toBe('resolved');
    expect(inc.timeline.some((e) => e.kind === 'auto_resolved')).toBe(true);
    expect(inc.leadTemplates).toEqual([9]);
    await tracker.windowClosed('t', window(T0 + 40 * W, 'payment', 9));
    inc = (await tracker.get('t', id)) as Incident;
    expect(inc).toMatchObject({ status: 'open', regressions: 1 });
    expect(inc.timeline.at(-1)?.kind).toBe('regressed');
    // The same finding again after another resolution also regresses the same incident.
    await tracker.setStatus('t', id, 'resolved', 'alice');
    await raise(anomaly({ kind: 'new_pattern', templateId: 9, windowStart: T0 + 60 * W, evidence: { ...anomaly().evidence, details: { level: 'error' } } }));
    expect(await only()).toHaveLength(1);
    expect((await tracker.get('t', id))?.regressions).toBe(2);
  });

  it('follows the lifecycle on user actions and records comments', async () => {
    const { raise, only, tracker } = await setup();
    await raise(anomaly());
    const id = (await only())[0].id;
    expect((await tracker.setStatus('t', id, 'acknowledged', 'alice')).status).toBe('acknowledged');
    expect((await tracker.setStatus('t', id, 'acknowledged', 'alice')).timeline.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
    await tracker.comment('t', id, 'bob', 'looking at the gateway');
    const resolved = await tracker.setStatus('t', id, 'resolved', 'alice', 'gateway fixed');
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: T0 + 3_600_000 });
    expect(resolved.timeline.find((e) => e.kind === 'comment')).toMatchObject({ actor: 'bob', text: 'looking at the gateway' });
    expect(resolved.timeline.find((e) => e.kind === 'resolved')).toMatchObject({ actor: 'alice', text: 'gateway fixed' });
    const reopened = await tracker.setStatus('t', id, 'open', 'alice');
    expect(reopened.status).toBe('open');
    expect((await tracker.setSeverity('t', id, 'low', 'alice')).severity).toBe('low');
    await expect(tracker.setStatus('t', 'nope', 'resolved', 'x')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps tenants apart and restores active incidents after a restart', async () => {
    const { meta, raise, tracker } = await setup();
    await raise(anomaly());
    const other = anomaly({ tenant: 'u' });
    await meta.anomalies.insertAnomalies([other]);
    await tracker.anomalies('u', [other]);
    await tracker.stop();
    const again = new IncidentTracker({ incidents: meta.incidents, anomalies: meta.anomalies, windowMs: W, explainer: new LlmIncidentExplainer(null), clock: () => T0 }, parseIncidentConfig());
    await again.start();
    expect(again.openCount()).toBe(2);
    const joined = anomaly({ windowStart: T0 + W });
    await meta.anomalies.insertAnomalies([joined]);
    await again.anomalies('t', [joined]);
    const list = await meta.incidents.listIncidents({ tenant: 't', statuses: [], severities: [], services: [], from: null, to: null, limit: 10, cursor: null });
    expect(list.total).toBe(1);
    expect(list.incidents[0].anomalyIds).toHaveLength(2);
    await expect(again.setStatus('u', list.incidents[0].id, 'resolved', 'x')).rejects.toBeInstanceOf(LogsiftError);
  });
});
