import type { Anomaly, Incident } from '../model/index.js';
import type { NotificationReason } from '../store/index.js';

/** One log line quoted in a notification. */
export interface QuotedLine {
  readonly eventId: string | null;
  readonly service: string;
  readonly text: string;
}

/**
 * What every channel sends, before its own formatting. The generic webhook posts it as JSON
 * (`version` says which shape); the Slack channel renders it as blocks.
 */
export interface NotificationMessage {
  readonly version: 1;
  readonly reason: NotificationReason;
  readonly tenant: string;
  readonly incident: {
    readonly id: string;
    readonly title: string;
    readonly status: Incident['status'];
    readonly severity: Incident['severity'];
    readonly services: readonly string[];
    readonly hosts: readonly string[];
    readonly kinds: readonly string[];
    readonly openedAt: string;
    readonly lastActivityAt: string;
    readonly regressions: number;
    /** Link to the incident in the UI, when a public URL is configured. */
    readonly url: string | null;
  };
  readonly summary: string | null;
  readonly rootCause: string | null;
  readonly remediation: readonly string[];
  /** The findings (newest first), one line each. */
  readonly findings: readonly string[];
  /** Matching log lines: the samples behind the findings. */
  readonly lines: readonly QuotedLine[];
  /** When this message was built, ISO 8601. */
  readonly sentAt: string;
}

const MAX_FINDINGS = 8;
const MAX_LINES = 8;
const MAX_LINE = 500;

/** Builds the message for an incident and the anomalies worth quoting (newest first). */
export function buildMessage(reason: NotificationReason, incident: Incident, anomalies: readonly Anomaly[], publicUrl: string | null, now: number): NotificationMessage {
  const lines: QuotedLine[] = [];
  const seen = new Set<string>();
  for (const a of anomalies) {
    a.evidence.samples.forEach((text, i) => {
      const key = `${a.service}\u0000${text}`;
      if (lines.length >= MAX_LINES || seen.has(key)) return;
      seen.add(key);
      lines.push({ eventId: a.evidence.sampleIds[i] ?? null, service: a.service, text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text });
    });
  }
  if (lines.length === 0) {
    for (const h of incident.summary?.highlights ?? []) {
      if (lines.length >= MAX_LINES) break;
      lines.push({ eventId: h.eventId, service: incident.services[0] ?? '', text: h.sample.slice(0, MAX_LINE) });
    }
  }
  return {
    version: 1,
    reason,
    tenant: incident.tenant,
    incident: {
      id: incident.id,
      title: incident.title,
      status: incident.status,
      severity: incident.severity,
      services: incident.services,
      hosts: incident.hosts,
      kinds: incident.kinds,
      openedAt: new Date(incident.openedAt).toISOString(),
      lastActivityAt: new Date(incident.lastActivityAt).toISOString(),
      regressions: incident.regressions,
      url: publicUrl === null ? null : `${publicUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(incident.id)}`,
    },
    summary: incident.summary?.summary ?? null,
    rootCause: incident.summary?.rootCause ?? null,
    remediation: incident.summary?.remediation ?? [],
    findings: anomalies.slice(0, MAX_FINDINGS).map((a) => a.title),
    lines,
    sentAt: new Date(now).toISOString(),
  };
}

/** A message for the channel test button. */
export function testMessage(tenant: string, channelName: string, now: number): NotificationMessage {
  return {
    version: 1,
    reason: 'test',
    tenant,
    incident: {
      id: 'test',
      title: `Test notification from logsift to channel "${channelName}"`,
      status: 'open',
      severity: 'low',
      services: ['logsift'],
      hosts: [],
      kinds: [],
      openedAt: new Date(now).toISOString(),
      lastActivityAt: new Date(now).toISOString(),
      regressions: 0,
      url: null,
    },
    summary: 'If you can read this, the channel works. Incidents matching your alert rules will arrive here.',
    rootCause: null,
    remediation: [],
    findings: [],
    lines: [{ eventId: null, service: 'logsift', text: 'example log line: payment-1 Gateway timeout after 30000 ms calling POST /v1/charges' }],
    sentAt: new Date(now).toISOString(),
  };
}
