import type { FastifyInstance } from 'fastify';
import { extractParams } from '../../mine/index.js';
import { formatTemplateId, LogsiftError, parseTemplateId } from '../../model/index.js';
import type { TemplateStats } from '../../store/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_BODY_SCHEMA } from '../errors.js';
import { paramDistributions } from '../param-distribution.js';
import { parseList } from '../query-params.js';

/** Events read to build parameter distributions for one template. */
const DISTRIBUTION_SAMPLE = 1000;

const TEMPLATE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    text: { type: 'string' },
    count: { type: 'integer' },
    firstSeen: { type: 'string' },
    lastSeen: { type: 'string' },
    levels: { type: 'object', additionalProperties: { type: 'integer' } },
    services: { type: 'array', items: { type: 'string' } },
    sample: { type: 'string' },
  },
} as const;

function templateView(t: TemplateStats) {
  return {
    id: formatTemplateId(t.id),
    text: t.text,
    count: t.count,
    firstSeen: new Date(t.firstSeen).toISOString(),
    lastSeen: new Date(t.lastSeen).toISOString(),
    levels: t.levels,
    services: t.services,
    sample: t.sample,
  };
}

const SORTS = {
  count: (a: TemplateStats, b: TemplateStats) => b.count - a.count,
  recent: (a: TemplateStats, b: TemplateStats) => b.lastSeen - a.lastSeen,
  new: (a: TemplateStats, b: TemplateStats) => b.firstSeen - a.firstSeen,
} as const;

const PIN_SCHEMA = {
  type: 'object',
  properties: { id: { type: 'string' }, text: { type: 'string' } },
} as const;

export async function templateRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/templates/pins',
    {
      schema: {
        tags: ['templates'],
        summary: 'Templates pinned by users',
        response: { 200: { type: 'object', properties: { pins: { type: 'array', items: PIN_SCHEMA } } } },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const miner = await deps.miners.get(tenant);
      const pins = [...miner.templates()].filter((t) => t.pinned).map((t) => ({ id: formatTemplateId(t.id), text: t.text }));
      return { pins };
    },
  );

  app.post(
    '/api/v1/templates/pins',
    {
      schema: {
        tags: ['templates'],
        summary: 'Pin a template',
        description:
          'A pinned template such as `Connected to <*> in <*> ms` wins over mined templates for the lines it matches, from now on. ' +
          'Lines already stored keep their template.',
        body: {
          type: 'object',
          properties: { text: { type: 'string', minLength: 1, maxLength: 4096 } },
          required: ['text'],
          additionalProperties: false,
        },
        response: { 201: PIN_SCHEMA, 400: ERROR_BODY_SCHEMA },
      },
    },
    async (request, reply) => {
      const { tenant } = deps.auth.authenticate(request);
      const { text } = request.body as { text: string };
      const miner = await deps.miners.get(tenant);
      const t = miner.pin(text);
      deps.miners.markDirty(tenant);
      await deps.miners.flush();
      return reply.code(201).send({ id: formatTemplateId(t.id), text: t.text });
    },
  );

  app.delete(
    '/api/v1/templates/pins/:id',
    {
      schema: {
        tags: ['templates'],
        summary: 'Unpin a template',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 16 } }, required: ['id'] },
        response: { 204: { type: 'null', description: 'Unpinned' }, 404: ERROR_BODY_SCHEMA },
      },
    },
    async (request, reply) => {
      const { tenant } = deps.auth.authenticate(request);
      const { id: hex } = request.params as { id: string };
      const id = parseTemplateId(hex);
      const miner = await deps.miners.get(tenant);
      if (id === null || !miner.unpin(id)) throw new LogsiftError('not_found', `no pinned template ${hex}`);
      deps.miners.markDirty(tenant);
      await deps.miners.flush();
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/templates',
    {
      schema: {
        tags: ['templates'],
        summary: 'Mined templates with counts, first/last seen and a sample line',
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 512, description: 'Case-insensitive substring of the template text.' },
            service: { type: 'string', description: 'Only templates seen in these services (comma-separated).' },
            sort: { type: 'string', enum: ['count', 'recent', 'new'], default: 'count' },
            limit: { type: 'integer', minimum: 1, maximum: 5000, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { total: { type: 'integer' }, templates: { type: 'array', items: TEMPLATE_SCHEMA } } },
        },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const q = request.query as { q?: string; service?: string; sort: keyof typeof SORTS; limit: number; offset: number };
      const needle = q.q?.toLowerCase();
      const services = parseList(q.service);
      const all = deps.store
        .templateStats(tenant)
        .filter((t) => t.count > 0)
        .filter((t) => needle === undefined || t.text.toLowerCase().includes(needle))
        .filter((t) => services.length === 0 || t.services.some((s) => services.includes(s)))
        .sort(SORTS[q.sort]);
      return { total: all.length, templates: all.slice(q.offset, q.offset + q.limit).map(templateView) };
    },
  );

  app.get(
    '/api/v1/templates/:id',
    {
      schema: {
        tags: ['templates'],
        summary: 'One template: statistics, parameter slots and the distribution of each parameter',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 16 } }, required: ['id'] },
        response: { 404: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const { id: hex } = request.params as { id: string };
      const id = parseTemplateId(hex);
      if (id === null) throw new LogsiftError('bad_request', `${JSON.stringify(hex)} is not a template id`);
      const stats = deps.store.templateStats(tenant).find((t) => t.id === id);
      if (stats === undefined) throw new LogsiftError('not_found', `no template ${hex}`);
      const mined = (await deps.miners.get(tenant)).get(id);
      const family = (await deps.meta.templateFamily(tenant, id)).filter((f) => f !== id);
      const page = await deps.store.search({
        tenant,
        text: null,
        services: [],
        hosts: [],
        levels: [],
        templates: [id],
        traceId: null,
        from: null,
        to: null,
        limit: DISTRIBUTION_SAMPLE,
        cursor: null,
      });
      const rows = page.events.map((e) => extractParams(stats.text, e.message)).filter((p): p is string[] => p !== null);
      return {
        ...templateView(stats),
        keys: mined?.keys ?? [],
        pinned: mined?.pinned ?? false,
        replacedBy: mined?.replacedBy != null ? formatTemplateId(mined.replacedBy) : null,
        related: family.map(formatTemplateId),
        params: paramDistributions(rows, mined?.slots ?? []),
      };
    },
  );
}
