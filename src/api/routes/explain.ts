import type { FastifyInstance } from 'fastify';
import { LogsiftError } from '../../model/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_BODY_SCHEMA } from '../errors.js';
import { parseList, parseTime } from '../query-params.js';
import { intelligence } from './intelligence-views.js';

const CONTRIBUTOR_SCHEMA = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    label: { type: 'string' },
    observed: { type: 'number', description: 'Lines in the range (estimated from samples for hosts and parameters).' },
    expected: { type: 'number', description: 'Lines the baseline window predicts for a range this long.' },
    difference: { type: 'number' },
    ratio: { type: 'number', description: 'Rate ratio (observed + ½) / (expected + ½).' },
    share: { type: 'number', description: 'Share of the total change it accounts for.' },
    pValue: { type: 'number', description: 'Two-sided p-value of "same rate in both windows".' },
    significant: { type: 'boolean', description: 'pValue < 0.001.' },
  },
} as const;

const LIST = { type: 'array', items: CONTRIBUTOR_SCHEMA } as const;

/** /api/v1/explain: what accounts for the difference between a time range and a baseline window. */
export async function explainRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/explain',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Explain a spike: templates, services, levels, hosts and parameter values behind the difference to a baseline',
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', description: 'Range start: ISO 8601, epoch ms, or now-15m.' },
            to: { type: 'string', description: 'Range end (default now).' },
            baselineFrom: { type: 'string', description: 'Baseline start (default: a window as long as the range, right before it).' },
            baselineTo: { type: 'string', description: 'Baseline end (default: the range start).' },
            service: { type: 'string', description: 'Only these services (comma-separated).' },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Contributors per dimension.' },
          },
          required: ['from'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              range: { type: 'object', properties: { from: { type: 'number' }, to: { type: 'number' } } },
              baseline: { type: 'object', properties: { from: { type: 'number' }, to: { type: 'number' } } },
              total: {
                type: 'object',
                properties: { observed: { type: 'number' }, expected: { type: 'number' }, difference: { type: 'number' }, ratio: { type: 'number' }, pValue: { type: 'number' } },
              },
              templates: LIST,
              services: LIST,
              levels: LIST,
              hosts: LIST,
              params: LIST,
              sampled: { type: 'object', properties: { range: { type: 'integer' }, baseline: { type: 'integer' } } },
            },
          },
          400: ERROR_BODY_SCHEMA,
        },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const q = request.query as { from: string; to?: string; baselineFrom?: string; baselineTo?: string; service?: string; limit: number };
      const now = Date.now();
      const from = parseTime(q.from, now, 'from');
      const to = q.to === undefined ? now : parseTime(q.to, now, 'to');
      if (!(from < to)) throw new LogsiftError('invalid_query', '`from` must be before `to`');
      const baselineTo = q.baselineTo === undefined ? from : parseTime(q.baselineTo, now, 'baselineTo');
      const baselineFrom = q.baselineFrom === undefined ? baselineTo - (to - from) : parseTime(q.baselineFrom, now, 'baselineFrom');
      if (!(baselineFrom < baselineTo)) throw new LogsiftError('invalid_query', '`baselineFrom` must be before `baselineTo`');
      return intelligence(deps).spikes.explain({ tenant, from, to, baselineFrom, baselineTo, services: parseList(q.service), limit: q.limit });
    },
  );
}
