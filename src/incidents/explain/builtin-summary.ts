import type { Anomaly, AnomalyKind, Incident, IncidentSummary } from '../../model/index.js';

/** Highlights shown at most (the first error first). */
const MAX_HIGHLIGHTS = 5;
/** Findings named in the summary text at most. */
const MAX_FINDINGS = 4;

const NEXT_STEPS: Readonly<Record<AnomalyKind, (a: Anomaly) => string>> = {
  new_pattern: (a) => `Open the first "${shortTemplate(a)}" line with its surrounding lines and check what changed just before it first appeared (a deploy, a config change, a dependency).`,
  rate_spike: (a) => `Find who is producing the extra ${a.templateId === null ? `${a.service} lines` : `"${shortTemplate(a)}" lines`}: compare the spike window with the hour before (explain a spike) by host and parameter values.`,
  rate_drop: (a) => `Check whether ${a.service} lost traffic upstream or a log shipper is dropping data: compare hosts before and during the drop.`,
  silence: (a) => `Check that ${a.service} is running and that its log shipper is connected; the last line before the silence is attached.`,
  error_rate: (a) => `Start from the most frequent error template of ${a.service} in the window and open one sample with its context.`,
  param_numeric: (a) => `Check the dependency behind ${String(a.evidence.details.param ?? 'the parameter')} of "${shortTemplate(a)}": compare hosts and the first slow line.`,
  param_new_value: (a) => `Find where ${String(a.evidence.details.param ?? 'the parameter')}=${String(a.evidence.details.value ?? '?')} comes from (a deploy, a new client, a changed upstream).`,
  sequence: (a) => `Follow one broken session${a.evidence.traceIds.length > 0 ? ` (trace ${a.evidence.traceIds[0]})` : ''} end to end and see where it stops.`,
  outlier_window: (a) => `Look at ${a.service} around ${iso(a.windowStart)}: ${String(a.evidence.details.mostUnusual ?? 'its window')} was unusual.`,
};

/**
 * What happened, from the evidence alone (no model): what changed and by how much, since when
 * (first occurrence), where (services, hosts), the first error and the top new or spiking
 * templates with a sample line each, and next steps by kind of finding.
 */
export function builtinSummary(incident: Incident, anomalies: readonly Anomaly[], now: number): IncidentSummary {
  const ordered = [...anomalies].sort((a, b) => a.windowStart - b.windowStart || b.score - a.score);
  const first = ordered[0];
  const findings = [...anomalies].sort((a, b) => severityRank(b) - severityRank(a) || b.score - a.score).slice(0, MAX_FINDINGS);
  const parts: string[] = [];
  const since = first === undefined ? incident.openedAt : first.windowStart;
  const end = incident.resolvedAt ?? incident.lastActivityAt;
  parts.push(
    `${incident.status === 'resolved' ? 'From' : 'Since'} ${iso(since)}${end > since ? ` for ${duration(end - since)}` : ''}, ${incident.services.join(', ')} ${incident.services.length === 1 ? 'shows' : 'show'} ${anomalies.length === 1 ? 'one finding' : `${incident.anomalyIds.length} findings`}:`,
  );
  parts.push(findings.map((a) => `${a.title}${change(a)}`).join('; ') + '.');
  if (first !== undefined && findings[0] !== first) parts.push(`The first signal was: ${first.title} (${iso(first.windowStart)}).`);
  if (incident.hosts.length > 0) parts.push(`Hosts: ${incident.hosts.slice(0, 8).join(', ')}${incident.hosts.length > 8 ? ', …' : ''}.`);
  if (incident.regressions > 0) parts.push(`It came back ${incident.regressions} time${incident.regressions === 1 ? '' : 's'} after being resolved.`);
  const highlights: { title: string; sample: string; eventId: string | null }[] = [];
  const firstError = ordered.find(isErrorEvidence);
  if (firstError !== undefined && firstError.evidence.samples.length > 0) {
    highlights.push({ title: `First error (${iso(firstError.windowStart)}): ${firstError.title}`, sample: firstError.evidence.samples[0], eventId: firstError.evidence.sampleIds[0] ?? null });
  }
  for (const a of [...anomalies].filter((x) => x.kind === 'new_pattern' || x.kind === 'rate_spike' || x.kind === 'error_rate').sort((x, y) => y.score - x.score)) {
    if (highlights.length >= MAX_HIGHLIGHTS) break;
    if (a === firstError || a.evidence.samples.length === 0) continue;
    highlights.push({ title: a.title, sample: a.evidence.samples[0], eventId: a.evidence.sampleIds[0] ?? null });
  }
  for (const a of findings) {
    if (highlights.length >= MAX_HIGHLIGHTS) break;
    if (highlights.some((h) => h.title === a.title) || a.evidence.samples.length === 0) continue;
    highlights.push({ title: a.title, sample: a.evidence.samples[0], eventId: a.evidence.sampleIds[0] ?? null });
  }
  const steps: string[] = [];
  for (const a of findings) {
    const step = NEXT_STEPS[a.kind](a);
    if (!steps.includes(step)) steps.push(step);
  }
  return { source: 'builtin', model: null, generatedAt: now, summary: parts.join(' '), rootCause: null, remediation: steps, highlights };
}

/** " (12 vs 0.4 share, ×30)" when the evidence has an expectation. */
function change(a: Anomaly): string {
  const e = a.evidence;
  if (e.expected === null || e.expected === 0 || a.kind === 'new_pattern') return '';
  const r = e.observed / e.expected;
  return Number.isFinite(r) && r > 0 ? ` [${num(e.observed)} vs ${num(e.expected)} ${e.unit}, ×${num(r)}]` : '';
}

function isErrorEvidence(a: Anomaly): boolean {
  const level = a.evidence.details.level;
  return a.kind === 'error_rate' || level === 'error' || level === 'fatal';
}

function severityRank(a: Anomaly): number {
  return a.severity === 'critical' ? 3 : a.severity === 'high' ? 2 : a.severity === 'medium' ? 1 : 0;
}

function shortTemplate(a: Anomaly): string {
  const t = a.evidence.details.template;
  const text = typeof t === 'string' ? t : a.title;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function num(x: number): string {
  const a = Math.abs(x);
  return a >= 100 ? Math.round(x).toLocaleString('en-US') : a >= 1 ? String(Math.round(x * 10) / 10) : String(Number(x.toPrecision(2)));
}

function iso(ts: number): string {
  return new Date(ts).toISOString().replace('.000Z', 'Z');
}

function duration(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h${m % 60 > 0 ? ` ${m % 60} min` : ''}`;
}
