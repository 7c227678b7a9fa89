import { describe, expect, it } from 'vitest';
import type { Anomaly, Incident } from '../../model/index.js';
import { builtinSummary } from './builtin-summary.js';

const T = Date.UTC(2026, 10, 20, 10);

function a(over: Partial<Anomaly>): Anomaly {
  return {
    id: 'a',
    tenant: 't',
    kind: 'error_rate',
    service: 'payment',
    templateId: null,
    windowStart: T,
    windowEnd: T + 60_000,
    detectedAt: T,
    score: 10,
    severity: 'high',
    title: 'payment: error share 31% (baseline 0.4%)',
    evidence: { observed: 0.31, expected: 0.004, unit: 'share', series: [], sampleIds: ['e1'], samples: ['ERROR Gateway timeout after 30000 ms'], details: {}, templates: [], hosts: ['payment-1'], traceIds: [] },
    incidentId: 'i',
    noise: false,
    ...over,
  };
}

const incident: Incident = {
  id: 'i',
  tenant: 't',
  title: 'payment: error share 31%',
  status: 'open',
  severity: 'high',
  services: ['payment', 'web'],
  hosts: ['payment-1', 'payment-2'],
  anomalyIds: ['a', 'b', 'c'],
  kinds: ['error_rate', 'new_pattern', 'rate_spike'],
  templates: [],
  leadTemplates: [],
  openedAt: T,
  updatedAt: T,
  lastAnomalyAt: T + 600_000,
  lastActivityAt: T + 900_000,
  acknowledgedAt: null,
  resolvedAt: null,
  regressions: 1,
  summary: null,
  timeline: [],
};

describe('built-in summary', () => {
  it('says what changed and by how much, since when, where, the first error and the top templates, with next steps', () => {
    const anomalies = [
      a({ id: 'a' }),
      a({ id: 'b', kind: 'new_pattern', templateId: 7, windowStart: T - 60_000, severity: 'high', title: 'payment: new ERROR pattern "Gateway timeout after <*> ms"', evidence: { ...a({}).evidence, samples: ['Gateway timeout after 30000 ms'], sampleIds: ['e0'], details: { level: 'error', template: 'Gateway timeout after <*> ms' } } }),
      a({ id: 'c', kind: 'rate_spike', service: 'web', severity: 'medium', title: 'web: log volume spiked', evidence: { ...a({}).evidence, observed: 500, expected: 100, unit: 'lines/window', samples: ['GET /api/checkout 502'], sampleIds: ['e2'] } }),
    ];
    const s = builtinSummary(incident, anomalies, T + 1);
    expect(s).toMatchObject({ source: 'builtin', model: null, rootCause: null, generatedAt: T + 1 });
    expect(s.summary).toContain('Since 2026-11-20T09:59:00Z for 16 min');
    expect(s.summary).toContain('payment, web');
    expect(s.summary).toContain('×77.5'); // 0.31 vs 0.004
    expect(s.summary).toContain('Hosts: payment-1, payment-2');
    expect(s.summary).toContain('came back 1 time');
    expect(s.highlights[0]).toMatchObject({ sample: 'Gateway timeout after 30000 ms', eventId: 'e0' });
    expect(s.highlights[0].title).toMatch(/^First error/);
    expect(s.highlights.map((h) => h.eventId)).toContain('e2');
    expect(s.remediation.length).toBeGreaterThanOrEqual(3);
    expect(s.remediation.join(' ')).toContain('Gateway timeout after <*> ms');
  });
});
