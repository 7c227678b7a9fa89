import type { Anomaly, AnomalyKind, Severity } from '../src/model/index.js';

/** A synthetic anomaly as a detector would raise it, for API and incident tests. */
export function fakeAnomaly(over: Partial<Anomaly> & { id: string; tenant?: string; kind?: AnomalyKind; severity?: Severity }): Anomaly {
  const windowStart = over.windowStart ?? Date.parse('2026-11-20T10:00:00Z');
  return {
    tenant: 'default',
    kind: 'error_rate',
    service: 'payment',
    templateId: null,
    windowEnd: windowStart + 60_000,
    detectedAt: windowStart + 90_000,
    score: 12,
    severity: 'high',
    title: 'payment: error share 31% (baseline 0.4%)',
    incidentId: null,
    noise: false,
    ...over,
    windowStart,
    evidence: over.evidence ?? {
      observed: 0.31,
      expected: 0.004,
      unit: 'share',
      series: [{ ts: windowStart, observed: 0.31, expected: 0.004 }],
      sampleIds: ['2026112010:1'],
      samples: ['Gateway timeout after 30000 ms calling POST https://api.paygate.example/v1/charges'],
      details: { level: 'error' },
      templates: [42],
      hosts: ['payment-1'],
      traceIds: ['abc123'],
    },
  };
}
