import type { Anomaly } from '../model/index.js';
import type { IncidentState } from './incident-state.js';

/** Score of an anomaly related to an incident only by time (changes in the same or the next window). */
const TIME_ONLY = 1;

/**
 * How strongly an anomaly belongs to an incident (0 = not at all): the same service (4), a
 * trace id in common (3), a template in common (2), or changes in the same or the next
 * window — templates that moved together (1). Weights only rank candidates; any positive score
 * is enough to join an incident that is still active.
 */
export function relatedness(inc: IncidentState, a: Anomaly, windowMs: number): number {
  let score = 0;
  if (inc.services.includes(a.service)) score += 4;
  for (const t of a.evidence.traceIds) {
    if (inc.traces.has(t)) {
      score += 3;
      break;
    }
  }
  if ((a.templateId !== null && inc.templates.includes(a.templateId)) || a.evidence.templates.some((t) => inc.templates.includes(t))) score += 2;
  if (Math.abs(a.windowStart - inc.lastWindowStart) <= windowMs) score += 1;
  return score;
}

/**
 * The active incident an anomaly should join: related, not resolved, with activity no older than
 * `joinWindowMs` before the anomaly's window; the most related (then most recently active) wins.
 * Time alone (another service changing in the same minute) joins only while the incident is
 * young, within `joinWindowMs` of its start: a cascade starts together, but without that limit
 * unrelated findings minutes apart would chain one incident open forever.
 */
export function pickIncident(candidates: Iterable<IncidentState>, a: Anomaly, windowMs: number, joinWindowMs: number): IncidentState | null {
  let best: IncidentState | null = null;
  let bestScore = 0;
  for (const inc of candidates) {
    if (inc.status === 'resolved' || a.windowStart - inc.lastActivityAt > joinWindowMs) continue;
    let s = relatedness(inc, a, windowMs);
    if (s === TIME_ONLY && a.windowStart - inc.openedAt > joinWindowMs) s = 0;
    if (s > bestScore || (s === bestScore && s > 0 && best !== null && inc.lastActivityAt > best.lastActivityAt)) {
      best = inc;
      bestScore = s;
    }
  }
  return bestScore > 0 ? best : null;
}

/** A resolved incident (within `regressionWindowMs`) that saw the same finding: the anomaly means it came back. */
export function pickRegression(candidates: Iterable<IncidentState>, signature: string, at: number, regressionWindowMs: number): IncidentState | null {
  let best: IncidentState | null = null;
  for (const inc of candidates) {
    if (inc.status !== 'resolved' || inc.resolvedAt === null || at - inc.resolvedAt > regressionWindowMs) continue;
    if (inc.signatures.has(signature) && (best === null || (inc.resolvedAt ?? 0) > (best.resolvedAt ?? 0))) best = inc;
  }
  return best;
}
