import type { FastifyInstance } from 'fastify';
import { emptyLevelCounts, isProblemLevel, LEVELS } from '../../model/index.js';
import type { LevelCounts } from '../../model/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_BODY_SCHEMA } from '../errors.js';
import { addToSeries, BUCKET_QUERY_PROPERTY, parseRange, RANGE_QUERY_PROPERTIES, SERIES_AXIS_SCHEMA, seriesAxis } from '../rollup-range.js';

const SERIES_BUCKETS = 30;

interface ServicesQuery {
  from?: string;
  to?: string;
  bucket?: string;
  limit: number;
}

/** Services by volume over a range, from the per-minute rollups: the Overview's "busiest services". */
export async function serviceRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/services',
    {
      schema: {
        tags: ['search'],
        summary: 'Services by event count in a time range, with level mix, problem share and a trend series (from per-minute rollups)',
        querystring: {
          type: 'object',
          properties: {
            ...RANGE_QUERY_PROPERTIES,
            bucket: BUCKET_QUERY_PROPERTY,
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              from: { type: 'number' },
              to: { type: 'number' },
              axis: SERIES_AXIS_SCHEMA,
              total: { type: 'integer', description: 'Events in the range, all services.' },
              services: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' },
                    count: { type: 'integer' },
                    levels: { type: 'object', additionalProperties: { type: 'integer' } },
                    problemShare: { type: 'number', description: 'Share of warn, error and fatal lines, 0…1.' },
                    series: { type: 'array', items: { type: 'integer' }, description: 'Events per bucket of `axis`.' },
                  },
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
      const q = request.query as ServicesQuery;
      const { from, to } = parseRange(q, Date.now(), 3_600_000);
      const axis = seriesAxis(from, to, q.bucket, SERIES_BUCKETS);
      const cells = await deps.store.serviceCounts({ tenant, from, to, bucketMs: axis.bucketMs, services: [], templates: [] });
      const rows = new Map<string, { name: string; count: number; levels: LevelCounts; series: number[] }>();
      let total = 0;
      for (const c of cells) {
        let row = rows.get(c.service);
        if (row === undefined) {
          row = { name: c.service, count: 0, levels: emptyLevelCounts(), series: addToSeries(undefined, axis, c.ts, 0) };
          rows.set(c.service, row);
        }
        let n = 0;
        for (const l of LEVELS) {
          row.levels[l] += c.counts[l];
          n += c.counts[l];
        }
        row.count += n;
        total += n;
        addToSeries(row.series, axis, c.ts, n);
      }
      const services = [...rows.values()]
        .sort((a, b) => b.count - a.count)
        .slice(0, q.limit)
        .map((r) => ({
          ...r,
          problemShare: r.count > 0 ? LEVELS.filter(isProblemLevel).reduce((n, l) => n + r.levels[l], 0) / r.count : 0,
        }));
      return { from, to, axis, total, services };
    },
  );
}
