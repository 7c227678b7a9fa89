import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.js';

export async function deadLetterRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/dead-letters',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Records that could not be ingested, newest first, with the reason',
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, cursor: { type: 'string', maxLength: 512 } },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              deadLetters: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    ts: { type: 'number' },
                    time: { type: 'string' },
                    source: { type: 'string' },
                    reason: { type: 'string' },
                    detail: { type: 'string' },
                    raw: { type: 'string' },
                  },
                },
              },
              nextCursor: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const q = request.query as { limit: number; cursor?: string };
      const page = await deps.store.deadLetters({ tenant, limit: q.limit, cursor: q.cursor ?? null });
      return {
        deadLetters: page.deadLetters.map((d) => ({ ...d, time: new Date(d.ts).toISOString() })),
        nextCursor: page.nextCursor,
      };
    },
  );
}
