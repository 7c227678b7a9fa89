import type { FastifyInstance } from 'fastify';
import { INCIDENT_STATUSES, LogsiftError, SEVERITIES } from '../../model/index.js';
import type { IncidentStatus, Severity } from '../../model/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_BODY_SCHEMA } from '../errors.js';
import { parseList, parseTime } from '../query-params.js';
import { actorOf, ANOMALY_SCHEMA, anomalyView, INCIDENT_SCHEMA, incidentView, intelligence, NOTIFICATION_SCHEMA, notificationView, writer } from './intelligence-views.js';

const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

function oneOf<T extends string>(values: readonly string[], allowed: readonly T[], what: string): T[] {
  return values.map((v) => {
    if (!(allowed as readonly string[]).includes(v)) throw new LogsiftError('invalid_query', `unknown ${what} ${JSON.stringify(v)}; use ${allowed.join(', ')}`);
    return v as T;
  });
}

/** /api/v1/incidents: grouped anomalies with a lifecycle, a timeline and an explanation. */
export async function incidentRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Incidents, most recently opened first (timelines left out)',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', description: 'open, acknowledged, resolved (comma-separated).' },
            severity: { type: 'string', description: 'low, medium, high, critical (comma-separated).' },
            service: { type: 'string', description: 'Service name(s), comma-separated.' },
            from: { type: 'string', description: 'Active after this: ISO 8601, epoch ms, or now-24h.' },
            to: { type: 'string', description: 'Opened before this.' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            cursor: { type: 'string', maxLength: 512 },
          },
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { incidents: { type: 'array', items: INCIDENT_SCHEMA }, total: { type: 'integer' }, nextCursor: { type: ['string', 'null'] } } },
          400: ERROR_BODY_SCHEMA,
        },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const q = request.query as { status?: string; severity?: string; service?: string; from?: string; to?: string; limit: number; cursor?: string };
      const now = Date.now();
      const page = await deps.meta.incidents.listIncidents({
        tenant,
        statuses: oneOf<IncidentStatus>(parseList(q.status), INCIDENT_STATUSES, 'status'),
        severities: oneOf<Severity>(parseList(q.severity), SEVERITIES, 'severity'),
        services: parseList(q.service),
        from: q.from === undefined ? null : parseTime(q.from, now, 'from'),
        to: q.to === undefined ? null : parseTime(q.to, now, 'to'),
        limit: q.limit,
        cursor: q.cursor ?? null,
      });
      return { incidents: page.incidents.map(incidentView), total: page.total, nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/incidents/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'One incident: timeline, summary, and its anomalies with their evidence',
        params: ID_PARAMS,
        querystring: { type: 'object', properties: { anomalies: { type: 'integer', minimum: 0, maximum: 500, default: 100, description: 'Anomalies to include (the first ones).' } }, additionalProperties: false },
        response: { 200: { type: 'object', properties: { incident: INCIDENT_SCHEMA, anomalies: { type: 'array', items: ANOMALY_SCHEMA } } }, 404: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const { id } = request.params as { id: string };
      const incident = deps.intelligence !== undefined ? await deps.intelligence.tracker.get(tenant, id) : await deps.meta.incidents.getIncident(tenant, id);
      if (incident === null) throw new LogsiftError('not_found', `no incident ${id}`);
      const n = (request.query as { anomalies: number }).anomalies;
      const anomalies = await deps.meta.anomalies.getAnomalies(tenant, incident.anomalyIds.slice(0, n));
      return { incident: incidentView(incident), anomalies: anomalies.map(anomalyView) };
    },
  );

  app.patch(
    '/api/v1/incidents/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Acknowledge, resolve, reopen (status) or set the severity',
        params: ID_PARAMS,
        body: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: [...INCIDENT_STATUSES] },
            severity: { type: 'string', enum: [...SEVERITIES] },
            actor: { type: 'string', maxLength: 200 },
            note: { type: 'string', maxLength: 2000, description: 'Recorded with the status change in the timeline.' },
          },
          additionalProperties: false,
        },
        response: { 200: INCIDENT_SCHEMA, 404: ERROR_BODY_SCHEMA, 409: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const tenant = writer(deps, request);
      const { id } = request.params as { id: string };
      const body = request.body as { status?: IncidentStatus; severity?: Severity; note?: string };
      const tracker = intelligence(deps).tracker;
      const actor = actorOf(body);
      if (body.status === undefined && body.severity === undefined) throw new LogsiftError('bad_request', 'set status or severity');
      let incident = body.status === undefined ? null : await tracker.setStatus(tenant, id, body.status, actor, body.note);
      if (body.severity !== undefined) incident = await tracker.setSeverity(tenant, id, body.severity, actor);
      return incidentView(incident as NonNullable<typeof incident>);
    },
  );

  app.post(
    '/api/v1/incidents/:id/comments',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Add a comment to the timeline',
        params: ID_PARAMS,
        body: { type: 'object', properties: { text: { type: 'string', minLength: 1, maxLength: 10_000 }, author: { type: 'string', maxLength: 200 } }, required: ['text'], additionalProperties: false },
        response: { 201: INCIDENT_SCHEMA, 404: ERROR_BODY_SCHEMA },
      },
    },
    async (request, reply) => {
      const tenant = writer(deps, request);
      const { id } = request.params as { id: string };
      const body = request.body as { text: string };
      const incident = await intelligence(deps).tracker.comment(tenant, id, actorOf(body), body.text);
      return reply.code(201).send(incidentView(incident));
    },
  );

  app.get(
    '/api/v1/incidents/:id/comments',
    {
      schema: {
        tags: ['incidents'],
        summary: 'The comments of an incident, oldest first',
        params: ID_PARAMS,
        response: {
          200: { type: 'object', properties: { comments: { type: 'array', items: { type: 'object', properties: { ts: { type: 'number' }, author: { type: 'string' }, text: { type: 'string' } } } } } },
          404: ERROR_BODY_SCHEMA,
        },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const { id } = request.params as { id: string };
      const incident = await deps.meta.incidents.getIncident(tenant, id);
      if (incident === null) throw new LogsiftError('not_found', `no incident ${id}`);
      return { comments: incident.timeline.filter((e) => e.kind === 'comment').map((e) => ({ ts: e.ts, author: e.actor, text: e.text })) };
    },
  );

  app.post(
    '/api/v1/incidents/:id/explain',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Explain again now (with the LLM when one is configured; the built-in summary otherwise or when it fails)',
        params: ID_PARAMS,
        response: { 200: INCIDENT_SCHEMA, 404: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => incidentView(await intelligence(deps).tracker.explain(writer(deps, request), (request.params as { id: string }).id)),
  );

  app.get(
    '/api/v1/incidents/:id/notifications',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Notifications sent (or that failed) about this incident',
        params: ID_PARAMS,
        response: { 200: { type: 'object', properties: { notifications: { type: 'array', items: NOTIFICATION_SCHEMA } } } },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const list = await deps.meta.notifications.listNotifications({ tenant, statuses: [], incidentId: (request.params as { id: string }).id, channelId: null, limit: 200 });
      return { notifications: list.map(notificationView) };
    },
  );
}
