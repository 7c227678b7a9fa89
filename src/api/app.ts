import Fastify, { LogController } from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import type { AppDeps } from './app-deps.js';
import { errorHandler } from './errors.js';
import { deadLetterRoutes } from './routes/dead-letters.js';
import { healthRoutes } from './routes/health.js';
import { ingestRoutes } from './routes/ingest.js';
import { logsRoutes } from './routes/logs.js';
import { tailRoutes } from './routes/tail.js';
import { templateRoutes } from './routes/templates.js';

export interface BuildAppOptions {
  readonly logger?: FastifyServerOptions['logger'];
  readonly version?: string;
}

/**
 * The HTTP API as a Fastify app. Tests call it with `inject()`; `serve` listens on a port.
 * Each resource is a plugin; the ingest plugin reads raw bodies in its own scope.
 */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: deps.limits.maxBodyBytes,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
    // Per-request log lines would dominate the log at ingest rates; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, retryable: false } });
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'logsift API',
        version: options.version ?? '0.0.0',
        description:
          'Self-hosted log intelligence. Every request belongs to a tenant, named by the X-Logsift-Tenant (or X-Scope-OrgID) header; the default tenant is `default`. Errors have the shape {"error": {"code", "message", "retryable"}}.',
      },
      tags: [
        { name: 'ingest', description: 'Sending logs' },
        { name: 'search', description: 'Finding log events' },
        { name: 'templates', description: 'Mined log templates' },
        { name: 'ops', description: 'Health and metrics' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (scope) => ingestRoutes(scope, deps));
  await app.register(async (scope) => logsRoutes(scope, deps));
  await app.register(async (scope) => templateRoutes(scope, deps));
  await app.register(async (scope) => deadLetterRoutes(scope, deps));
  await app.register(async (scope) => tailRoutes(scope, deps));
  await app.register(async (scope) => healthRoutes(scope, deps));
  return app;
}
