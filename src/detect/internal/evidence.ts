import type { AnomalyEvidence, EvidencePoint, Severity, TemplateId } from '../../model/index.js';
import type { SampleLine } from '../detection-window.js';

/** Most sample lines, hosts and trace ids one anomaly carries. */
export const MAX_EVIDENCE_SAMPLES = 5;
const MAX_HOSTS = 5;
const MAX_TRACES = 5;

export interface EvidenceParts {
  readonly observed: number;
  readonly expected: number | null;
  readonly unit: string;
  readonly series: readonly EvidencePoint[];
  readonly samples: readonly SampleLine[];
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
  readonly templates: readonly TemplateId[];
}

/** Evidence with sample ids, messages, hosts and trace ids taken from the sample lines. */
export function buildEvidence(p: EvidenceParts): AnomalyEvidence {
  const samples = p.samples.slice(0, MAX_EVIDENCE_SAMPLES);
  const hosts: string[] = [];
  const traces: string[] = [];
  for (const s of p.samples) {
    if (hosts.length < MAX_HOSTS && s.host !== '' && !hosts.includes(s.host)) hosts.push(s.host);
    if (s.traceId !== null && traces.length < MAX_TRACES && !traces.includes(s.traceId)) traces.push(s.traceId);
  }
  return {
    observed: round(p.observed),
    expected: p.expected === null ? null : round(p.expected),
    unit: p.unit,
    series: p.series,
    sampleIds: samples.map((s) => s.id),
    samples: samples.map((s) => clip(s.message)),
    details: p.details,
    templates: p.templates,
    hosts,
    traceIds: traces,
  };
}

/** Severity by thresholds on a magnitude: [medium, high, critical] lower bounds. */
export function severityFor(value: number, bounds: readonly [number, number, number]): Severity {
  if (value >= bounds[2]) return 'critical';
  if (value >= bounds[1]) return 'high';
  if (value >= bounds[0]) return 'medium';
  return 'low';
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

/** `1,234`, `12.5`, `0.042` — short, for titles. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return (Math.round(x * 10) / 10).toString();
  if (a >= 1) return (Math.round(x * 100) / 100).toString();
  return Number(x.toPrecision(2)).toString();
}

/** `31%`, `0.4%`. */
export function pct(share: number): string {
  const p = share * 100;
  return `${p >= 10 ? Math.round(p) : p >= 1 ? Math.round(p * 10) / 10 : Number(p.toPrecision(1))}%`;
}

/** `×5.2` or `×0.1`. */
export function ratio(observed: number, expected: number): string {
  return expected > 0 ? `×${fmt(observed / expected)}` : 'new';
}

/** Template text shortened for a title. */
export function shortText(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

function clip(message: string): string {
  return message.length <= 2000 ? message : `${message.slice(0, 1999)}…`;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
