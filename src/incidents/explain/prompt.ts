import type { Anomaly, Incident, IncidentSummary } from '../../model/index.js';
import type { ChatMessage } from './llm-client.js';
import { MODEL_ANSWER_SCHEMA } from './summary-schema.js';

const MAX_ANOMALIES = 12;
const MAX_SAMPLE = 400;

const SYSTEM = `You are an experienced site reliability engineer helping an on-call engineer.
You get one incident detected in application logs: the anomalies behind it, with numbers and sample log lines.
Answer with one JSON object and nothing else, matching this JSON schema:
${JSON.stringify(MODEL_ANSWER_SCHEMA)}
Be specific and brief. Base every statement on the evidence given; when the evidence does not show a cause, set "rootCause" to null.`;

/** The chat messages for one incident: facts only (no free-form history), so prompts stay small and comparable. */
export function incidentPrompt(incident: Incident, anomalies: readonly Anomaly[], builtin: IncidentSummary): ChatMessage[] {
  const lines: string[] = [];
  lines.push(`Incident: ${incident.title}`);
  lines.push(`Status: ${incident.status}; severity: ${incident.severity}; opened ${new Date(incident.openedAt).toISOString()}; regressions: ${incident.regressions}`);
  lines.push(`Services: ${incident.services.join(', ')}; hosts: ${incident.hosts.join(', ') || 'unknown'}`);
  lines.push('');
  lines.push('Anomalies (first occurrence of each finding):');
  for (const a of [...anomalies].sort((x, y) => x.windowStart - y.windowStart).slice(0, MAX_ANOMALIES)) {
    const e = a.evidence;
    lines.push(`- [${new Date(a.windowStart).toISOString()}] ${a.kind} on ${a.service}: ${a.title}`);
    lines.push(`  observed ${e.observed} ${e.unit}${e.expected !== null ? `, expected ${e.expected}` : ''}; details ${JSON.stringify(e.details)}`);
    for (const s of e.samples.slice(0, 2)) lines.push(`  sample: ${s.length > MAX_SAMPLE ? `${s.slice(0, MAX_SAMPLE)}…` : s}`);
  }
  lines.push('');
  lines.push(`Summary computed from the evidence: ${builtin.summary}`);
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: lines.join('\n') },
  ];
}
