import type { FastifyInstance } from 'fastify';
import { formatTemplateId, LogsiftError } from '../../model/index.js';
import type { StoredEvent, TemplateId } from '../../model/index.js';
import type { LogFilter } from '../../store/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_BODY_SCHEMA } from '../errors.js';
import { niceBucket, parseDuration, parseLevels, parseList, parseTemplateIds, parseTime } from '../query-params.js';

export const FILTER_QUERY_PROPERTIES = {
  q: { type: 'string', maxLength: 2048, description: 'Free text: every term must occur at a token start (or after . / : @ inside a token), case-insensitive.' },
  service: { type: 'string', description: 'Service name(s), comma-separated.' },
  host: { type: 'string', description: 'Host name(s), comma-separated.' },
  level: { type: 'string', description: 'Level(s): trace, debug, info, warn, error, fatal, comma-separated.' },
  template: { type: 'string', description: 'Template id(s) (hex); each also finds the templates it generalised or was generalised into.' },
  trace: { type: 'string', maxLength: 256, description: 'Trace id.' },
  from: { type: 'string', description: 'Start (inclusive): ISO 8601, epoch ms, or relative like now-1h.' },
  to: { type: 'string', description: 'End (exclusive): ISO 8601, epoch ms, or relative.' },
} as const;

export interface FilterQuery {
  q?: string;
  service?: string;
  host?: string;
  level?: string;
  template?: string;
  trace?: string;
  from?: string;
  to?: string;
}

export const EVENT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    ts: { type: 'number', description: 'Event time, ms since epoch.' },
    time: { type: 'string', description: 'Event time, ISO 8601.' },
    service: { type: 'string' },
    host: { type: 'string' },
    level: { type: 'string' },
    message: { type: 'string' },
    attrs: { type: ['object', 'null'], additionalProperties: true },
    traceId: { type: ['string', 'null'] },
    spanId: { type: ['string', 'null'] },
    templateId: { type: 'string' },
  },
} as const;

export function eventView(e: StoredEvent) {
  return {
    id: e.id,
    ts: e.ts,
    time: new Date(e.ts).toISOString(),
    service: e.service,
    host: e.host,
    level: e.level,
    message: e.message,
    attrs: e.attrs,
    traceId: e.traceId,
    spanId: e.spanId,
    templateId: formatTemplateId(e.templateId),
  };
}

/** Turns query parameters into a store filter, expanding template ids to their lineage. */
export async function filterFromQuery(deps: AppDeps, tenant: string, q: FilterQuery, now: number): Promise<LogFilter> {
  const from = q.from === undefined ? null : parseTime(q.from, now, 'from');
  const to = q.to === undefined ? null : parseTime(q.to, now, 'to');
  if (from !== null && to !== null && from >= to) throw new LogsiftError('invalid_query', '`from` must be before `to`');
  const templates = new Set<TemplateId>();
  for (const id of parseTemplateIds(q.template)) for (const f of await deps.meta.templateFamily(tenant, id)) templates.add(f);
  return {
    tenant,
    text: q.q !== undefined && q.q.trim() !== '' ? q.q : null,
    services: parseList(q.service),
    hosts: parseList(q.host),
    levels: parseLevels(q.level),
    templates: [...templates],
    traceId: q.trace !== undefined && q.trace !== '' ? q.trace : null,
    from,
    to,
  };
}

export async function logsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/logs',
    {
      schema: {
        tags: ['search'],
        summary: 'Search log events, newest first',
        querystring: {
          type: 'object',
          properties: {
            ...FILTER_QUERY_PROPERTIES,
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            cursor: { type: 'string', maxLength: 512, description: 'nextCursor from the previous page.' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: { events: { type: 'array', items: EVENT_SCHEMA }, nextCursor: { type: ['string', 'null'] } },
          },
          400: ERROR_BODY_SCHEMA,
        },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const q = request.query as FilterQuery & { limit: number; cursor?: string };
      const filter = await filterFromQuery(deps, tenant, q, Date.now());
      const page = await deps.store.search({ ...filter, limit: q.limit, cursor: q.cursor ?? null });
      return { events: page.events.map(eventView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/logs/histogram',
    {
      schema: {
        tags: ['search'],
        summary: 'Event counts over time by level',
        querystring: {
          type: 'object',
          properties: {
            ...FILTER_QUERY_PROPERTIES,
            bucket: { type: 'string', description: 'Bucket width such as 1m or 1h (default: about 60 buckets over the range).' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              bucketMs: { type: 'integer' },
              complete: { type: 'boolean' },
              buckets: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { ts: { type: 'number' }, counts: { type: 'object', additionalProperties: { type: 'integer' } } },
                },
              },
            },
          },
          400: ERROR_BODY_SCHEMA,
        },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const q = request.query as FilterQuery & { bucket?: string };
      const now = Date.now();
      const filter = await filterFromQuery(deps, tenant, q, now);
      const from = filter.from ?? now - 3_600_000;
      const to = filter.to ?? now;
      const bucketMs = q.bucket !== undefined ? parseDuration(q.bucket, 'bucket') : niceBucket(to - from);
      if (bucketMs < 1000) throw new LogsiftError('invalid_query', 'bucket must be at least 1s');
      if ((to - from) / bucketMs > 10_000) throw new LogsiftError('invalid_query', 'too many buckets: widen the bucket or narrow the range');
      return deps.store.histogram({ ...filter, from, to, bucketMs });
    },
  );

  app.get(
    '/api/v1/logs/:id/context',
    {
      schema: {
        tags: ['search'],
        summary: 'An event with the lines around it',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] },
        querystring: {
          type: 'object',
          properties: {
            before: { type: 'integer', minimum: 0, maximum: 500, default: 20 },
            after: { type: 'integer', minimum: 0, maximum: 500, default: 20 },
          },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { events: { type: 'array', items: EVENT_SCHEMA } } }, 404: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const { id } = request.params as { id: string };
      const { before, after } = request.query as { before: number; after: number };
      const events = await deps.store.context(tenant, id, before, after);
      return { events: events.map(eventView) };
    },
  );
}
