import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.js';
import { intelligence } from './intelligence-views.js';

/** /api/v1/detection: how detection is doing for the caller's tenant (queue, windows, detectors, LLM). */
export async function detectionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/detection',
    {
      schema: {
        tags: ['anomalies'],
        summary: 'Detection status: runner counters, this tenant\u2019s detectors, incident tracker and explainer',
        response: {
          200: {
            type: 'object',
            properties: {
              runner: { type: 'object', additionalProperties: { type: 'number' } },
              tenant: { type: ['object', 'null'], additionalProperties: true },
              incidents: { type: 'object', additionalProperties: { type: 'number' } },
              explainer: { type: 'object', additionalProperties: true },
            },
          },
        },
      },
    },
    async (request) => {
      const { tenant } = deps.auth.authenticate(request);
      const i = intelligence(deps);
      const stats = i.detection.stats();
      return { runner: stats.runner, tenant: stats.tenants[tenant] ?? null, incidents: { ...i.tracker.counters }, explainer: { ...i.explainer.stats() } };
    },
  );
}
