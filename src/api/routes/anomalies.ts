import type { FastifyInstance } from 'fastify';
import { ANOMALY_KINDS, formatTemplateId, LogsiftError } from '../../model/index.js';
import type { AnomalyKind } from '../../model/index.js';
import type { NoiseRule } from '../../store/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_BODY_SCHEMA } from '../errors.js';
import { parseList, parseTime } from '../query-params.js';
import { actorOf, ANOMALY_SCHEMA, anomalyView, intelligence, writer } from './intelligence-views.js';

const NOISE_RULE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    service: { type: 'string' },
    templateId: { type: ['string', 'null'], description: 'Null: every template of the service.' },
    anomalyId: { type: ['string', 'null'] },
    createdAt: { type: 'number' },
    createdBy: { type: 'string' },
  },
} as const;

function ruleView(r: NoiseRule) {
  return { id: r.id, kind: r.kind, service: r.service, templateId: r.templateId === null ? null : formatTemplateId(r.templateId), anomalyId: r.anomalyId, createdAt: r.createdAt, createdBy: r.createdBy };
}

const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
const NOISE_BODY = {
  type: ['object', 'null'],
  properties: {
    scope: { type: 'string', enum: ['template', 'service'], description: '`template` (default): this kind for this template; `service`: this kind for the whole service.' },
    actor: { type: 'string', maxLength: 200 },
  },
  additionalProperties: false,
} as const;

/** /api/v1/anomalies: what detection found, and feedback (mark as noise, reversibly). */
export async function anomalyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/anomalies',
    {
      schema: {
        tags: ['anomalies'],
        summary: 'Anomalies, newest window first',
        querystring: {
          type: 'object',
          properties: {
            kind: { type: 'string', description: `Kind(s), comma-separated: ${ANOMALY_KINDS.join(', ')}.` },
            service: { type: 'string', description: 'Service name(s), comma-separated.' },
            from: { type: 'string', description: 'Windows ending after this: ISO 8601, epoch ms, or now-1h.' },
            to: { type: 'string', description: 'Windows starting before this.' },
            incident: { type: 'string', maxLength: 64, description: 'Only anomalies of this incident.' },
            noise: { type: 'boolean', description: 'true: only those marked as noise; false: only the others.' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            cursor: { type: 'string', maxLength: 512 },
          },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { anomalies: { type: 'array', items: ANOMALY_SCHEMA }, nextCursor: { type: ['string', 'null'] } } }, 400: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const q = request.query as { kind?: string; service?: string; from?: string; to?: string; incident?: string; noise?: boolean; limit: number; cursor?: string };
      const now = Date.now();
      const kinds = parseList(q.kind).map((k) => {
        if (!(ANOMALY_KINDS as readonly string[]).includes(k)) throw new LogsiftError('invalid_query', `unknown kind ${JSON.stringify(k)}; use ${ANOMALY_KINDS.join(', ')}`);
        return k as AnomalyKind;
      });
      const page = await deps.meta.anomalies.listAnomalies({
        tenant,
        kinds,
        services: parseList(q.service),
        from: q.from === undefined ? null : parseTime(q.from, now, 'from'),
        to: q.to === undefined ? null : parseTime(q.to, now, 'to'),
        incidentId: q.incident ?? null,
        noise: q.noise ?? null,
        limit: q.limit,
        cursor: q.cursor ?? null,
      });
      return { anomalies: page.anomalies.map(anomalyView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/anomalies/:id',
    { schema: { tags: ['anomalies'], summary: 'One anomaly with its evidence', params: ID_PARAMS, response: { 200: ANOMALY_SCHEMA, 404: ERROR_BODY_SCHEMA } } },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const a = await deps.meta.anomalies.getAnomaly(tenant, (request.params as { id: string }).id);
      if (a === null) throw new LogsiftError('not_found', `no anomaly ${(request.params as { id: string }).id}`);
      return anomalyView(a);
    },
  );

  const mark = async (tenant: string, id: string, body: unknown) => {
    const scope = (body as { scope?: 'template' | 'service' } | null)?.scope ?? 'template';
    const r = await intelligence(deps).feedback.markNoise(tenant, id, actorOf(body), scope);
    return { anomaly: anomalyView(r.anomaly), rule: ruleView(r.rule) };
  };
  const unmark = async (tenant: string, id: string, body: unknown) => {
    const r = await intelligence(deps).feedback.unmarkNoise(tenant, id, actorOf(body));
    return { anomaly: anomalyView(r.anomaly), removed: r.removed.map(ruleView) };
  };

  app.post(
    '/api/v1/anomalies/:id/noise',
    {
      schema: {
        tags: ['anomalies'],
        summary: 'Mark as noise: the detector stops raising this kind for this template (or service)',
        params: ID_PARAMS,
        body: NOISE_BODY,
        response: { 200: { type: 'object', properties: { anomaly: ANOMALY_SCHEMA, rule: NOISE_RULE_SCHEMA } }, 404: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => mark(writer(deps, request), (request.params as { id: string }).id, request.body),
  );

  app.delete(
    '/api/v1/anomalies/:id/noise',
    {
      schema: {
        tags: ['anomalies'],
        summary: 'Undo "mark as noise": such anomalies are raised again',
        params: ID_PARAMS,
        response: { 200: { type: 'object', properties: { anomaly: ANOMALY_SCHEMA, removed: { type: 'array', items: NOISE_RULE_SCHEMA } } }, 404: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => unmark(writer(deps, request), (request.params as { id: string }).id, request.body),
  );

  app.patch(
    '/api/v1/anomalies/:id',
    {
      schema: {
        tags: ['anomalies'],
        summary: 'Set or clear the noise flag (same as POST/DELETE …/noise)',
        params: ID_PARAMS,
        body: {
          type: 'object',
          properties: { noise: { type: 'boolean' }, scope: { type: 'string', enum: ['template', 'service'] }, actor: { type: 'string', maxLength: 200 } },
          required: ['noise'],
          additionalProperties: false,
        },
        response: { 200: ANOMALY_SCHEMA, 404: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const tenant = writer(deps, request);
      const { id } = request.params as { id: string };
      const body = request.body as { noise: boolean };
      return (body.noise ? await mark(tenant, id, body) : await unmark(tenant, id, body)).anomaly;
    },
  );

  app.get(
    '/api/v1/noise-rules',
    { schema: { tags: ['anomalies'], summary: 'Feedback in force: anomaly kinds marked as noise', response: { 200: { type: 'object', properties: { rules: { type: 'array', items: NOISE_RULE_SCHEMA } } } } } },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      return { rules: (await intelligence(deps).feedback.listRules(tenant)).map(ruleView) };
    },
  );

  app.delete(
    '/api/v1/noise-rules/:id',
    { schema: { tags: ['anomalies'], summary: 'Remove a noise rule', params: ID_PARAMS, response: { 204: { type: 'null', description: 'Removed.' }, 404: ERROR_BODY_SCHEMA } } },
    async (request, reply) => {
      await intelligence(deps).feedback.removeRule(writer(deps, request), (request.params as { id: string }).id);
      return reply.code(204).send();
    },
  );
}
