import { ANOMALY_KINDS, LogsiftError, SEVERITIES } from '../model/index.js';
import type { AnomalyKind, Incident, Severity } from '../model/index.js';
import type { AlertRule } from '../store/index.js';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

/** True when the incident falls under the rule: any of its services, at least its severity, any of its kinds. */
export function ruleMatches(rule: AlertRule, incident: Incident): boolean {
  if (!rule.enabled) return false;
  if (SEVERITY_RANK[incident.severity] < SEVERITY_RANK[rule.minSeverity]) return false;
  if (rule.services.length > 0 && !incident.services.some((s) => rule.services.includes(s))) return false;
  if (rule.kinds.length > 0 && !incident.kinds.some((k) => rule.kinds.includes(k))) return false;
  return true;
}

/** The fields of a rule a user sets (API create/replace). */
export interface AlertRuleInput {
  readonly name: string;
  readonly enabled: boolean;
  readonly services: readonly string[];
  readonly minSeverity: Severity;
  readonly kinds: readonly AnomalyKind[];
  readonly channelIds: readonly string[];
  readonly renotifyMs: number;
  readonly notifyResolved: boolean;
}

/** Validates a rule body with defaults for what it leaves out; `bad_request` names the field. */
export function parseRuleInput(raw: unknown, base?: AlertRuleInput): AlertRuleInput {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new LogsiftError('bad_request', 'an alert rule must be an object');
  const o = raw as Record<string, unknown>;
  const d: AlertRuleInput = base ?? { name: '', enabled: true, services: [], minSeverity: 'medium', kinds: [], channelIds: [], renotifyMs: 4 * 3_600_000, notifyResolved: true };
  const strings = (v: unknown, field: string, allowed?: readonly string[]): string[] => {
    if (!Array.isArray(v) || v.length > 100 || !v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 256)) throw new LogsiftError('bad_request', `${field} must be a list of names`);
    if (allowed !== undefined) for (const x of v as string[]) if (!allowed.includes(x)) throw new LogsiftError('bad_request', `${field}: unknown ${JSON.stringify(x)}; known: ${allowed.join(', ')}`);
    return [...(v as string[])];
  };
  const name = o.name === undefined ? d.name : o.name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) throw new LogsiftError('bad_request', 'name must be a non-empty string of at most 200 characters');
  const minSeverity = o.minSeverity === undefined ? d.minSeverity : o.minSeverity;
  if (typeof minSeverity !== 'string' || !(SEVERITIES as readonly string[]).includes(minSeverity)) throw new LogsiftError('bad_request', `minSeverity must be one of ${SEVERITIES.join(', ')}`);
  const renotifyMs = o.renotifyMs === undefined ? d.renotifyMs : o.renotifyMs;
  if (typeof renotifyMs !== 'number' || !Number.isSafeInteger(renotifyMs) || renotifyMs < 0 || (renotifyMs > 0 && renotifyMs < 60_000)) {
    throw new LogsiftError('bad_request', 'renotifyMs must be 0 (never) or at least 60000 (1 min)');
  }
  const bool = (v: unknown, field: string, dflt: boolean): boolean => {
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') throw new LogsiftError('bad_request', `${field} must be true or false`);
    return v;
  };
  return {
    name: name.trim(),
    enabled: bool(o.enabled, 'enabled', d.enabled),
    services: o.services === undefined ? d.services : strings(o.services, 'services'),
    minSeverity: minSeverity as Severity,
    kinds: o.kinds === undefined ? d.kinds : (strings(o.kinds, 'kinds', ANOMALY_KINDS) as AnomalyKind[]),
    channelIds: o.channelIds === undefined ? d.channelIds : strings(o.channelIds, 'channelIds'),
    renotifyMs,
    notifyResolved: bool(o.notifyResolved, 'notifyResolved', d.notifyResolved),
  };
}
