import type { FastifyRequest } from 'fastify';
import { formatTemplateId, LogsiftError } from '../../model/index.js';
import type { Anomaly, Incident } from '../../model/index.js';
import type { NotificationRecord } from '../../store/index.js';
import type { AppDeps } from '../app-deps.js';
import type { IntelligenceDeps } from '../intelligence-deps.js';

/** Who is acting: the principal's tenant, refused for read-only keys on writes. */
export function writer(deps: AppDeps, request: FastifyRequest): string {
  const p = deps.auth.authenticate(request);
  if (p.role === 'reader') throw new LogsiftError('forbidden', 'this key may only read');
  return p.tenant;
}

export function intelligence(deps: AppDeps): IntelligenceDeps {
  if (deps.intelligence === undefined) throw new LogsiftError('unavailable', 'detection is not running');
  return deps.intelligence;
}

/** The name an action is recorded under: `actor` from the body, else `user`. */
export function actorOf(body: unknown): string {
  const a = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).actor ?? (body as Record<string, unknown>).author : undefined;
  return typeof a === 'string' && a.trim() !== '' ? a.trim().slice(0, 200) : 'user';
}

const SCALAR = { type: ['string', 'number', 'boolean', 'null'] } as const;

export const EVIDENCE_SCHEMA = {
  type: 'object',
  properties: {
    observed: { type: 'number' },
    expected: { type: ['number', 'null'] },
    unit: { type: 'string', description: 'e.g. lines/window, share, ms, isolation score.' },
    series: {
      type: 'array',
      description: 'Observed vs expected per window around the anomaly, for the chart.',
      items: { type: 'object', properties: { ts: { type: 'number' }, observed: { type: 'number' }, expected: { type: ['number', 'null'] } } },
    },
    sampleIds: { type: 'array', items: { type: 'string' }, description: 'Open with GET /api/v1/logs/:id/context.' },
    samples: { type: 'array', items: { type: 'string' } },
    details: { type: 'object', additionalProperties: SCALAR },
    templates: { type: 'array', items: { type: 'string' }, description: 'Template ids (hex) behind it.' },
    hosts: { type: 'array', items: { type: 'string' } },
    traceIds: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const ANOMALY_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    service: { type: 'string' },
    templateId: { type: ['string', 'null'] },
    windowStart: { type: 'number', description: 'ms since epoch (event time).' },
    windowEnd: { type: 'number' },
    detectedAt: { type: 'number', description: 'ms since epoch (wall clock).' },
    score: { type: 'number' },
    severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
    title: { type: 'string' },
    evidence: EVIDENCE_SCHEMA,
    incidentId: { type: ['string', 'null'] },
    noise: { type: 'boolean' },
  },
} as const;

export function anomalyView(a: Anomaly) {
  return {
    id: a.id,
    kind: a.kind,
    service: a.service,
    templateId: a.templateId === null ? null : formatTemplateId(a.templateId),
    windowStart: a.windowStart,
    windowEnd: a.windowEnd,
    detectedAt: a.detectedAt,
    score: a.score,
    severity: a.severity,
    title: a.title,
    evidence: { ...a.evidence, templates: a.evidence.templates.map(formatTemplateId) },
    incidentId: a.incidentId,
    noise: a.noise,
  };
}

const TIMELINE_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      ts: { type: 'number' },
      kind: { type: 'string' },
      actor: { type: 'string' },
      text: { type: 'string' },
      anomalyId: { type: 'string' },
    },
  },
} as const;

const SUMMARY_SCHEMA = {
  type: ['object', 'null'],
  properties: {
    source: { type: 'string', enum: ['builtin', 'llm'] },
    model: { type: ['string', 'null'] },
    generatedAt: { type: 'number' },
    summary: { type: 'string' },
    rootCause: { type: ['string', 'null'] },
    remediation: { type: 'array', items: { type: 'string' } },
    highlights: {
      type: 'array',
      items: { type: 'object', properties: { title: { type: 'string' }, sample: { type: 'string' }, eventId: { type: ['string', 'null'] } } },
    },
  },
} as const;

export const INCIDENT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'string', enum: ['open', 'acknowledged', 'resolved'] },
    severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
    services: { type: 'array', items: { type: 'string' } },
    hosts: { type: 'array', items: { type: 'string' } },
    kinds: { type: 'array', items: { type: 'string' } },
    templates: { type: 'array', items: { type: 'string' }, description: 'Template ids (hex) its anomalies concern.' },
    leadTemplates: { type: 'array', items: { type: 'string' }, description: 'Where to look first: template ids (hex) of the finding that opened it; later findings are most often consequences.' },
    anomalyIds: { type: 'array', items: { type: 'string' } },
    anomalyCount: { type: 'integer' },
    openedAt: { type: 'number', description: 'ms since epoch; system changes use event time, user actions the wall clock.' },
    updatedAt: { type: 'number' },
    lastAnomalyAt: { type: 'number' },
    lastActivityAt: { type: 'number' },
    acknowledgedAt: { type: ['number', 'null'] },
    resolvedAt: { type: ['number', 'null'] },
    regressions: { type: 'integer' },
    summary: SUMMARY_SCHEMA,
    timeline: TIMELINE_SCHEMA,
  },
} as const;

export function incidentView(i: Incident) {
  return { ...i, templates: i.templates.map(formatTemplateId), leadTemplates: i.leadTemplates.map(formatTemplateId), anomalyCount: i.anomalyIds.length };
}

export const NOTIFICATION_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    incidentId: { type: ['string', 'null'] },
    channelId: { type: 'string' },
    ruleId: { type: ['string', 'null'] },
    reason: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed', 'dropped'] },
    attempts: { type: 'integer' },
    lastError: { type: ['string', 'null'] },
    createdAt: { type: 'number' },
    updatedAt: { type: 'number' },
    deliveredAt: { type: ['number', 'null'] },
  },
} as const;

export function notificationView(n: NotificationRecord) {
  const { tenant: _tenant, ...rest } = n;
  return rest;
}
