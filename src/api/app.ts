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
import { elasticRoutes } from './routes/elastic-bulk.js';
import { lokiRoutes } from './routes/loki-push.js';
import { otlpRoutes } from './routes/otlp-logs.js';
import { splunkHecRoutes } from './routes/splunk-hec.js';
import { HTTP_PROTOCOLS } from '../ingest/http-protocols.js';
import type { HttpProtocol } from '../ingest/http-protocols.js';
import { serviceRoutes } from './routes/services.js';
import { templateActivityRoutes } from './routes/template-activity.js';
import { findWebDist, registerWebUi } from './web-ui.js';
import { alertRuleRoutes } from './routes/alert-rules.js';
import { anomalyRoutes } from './routes/anomalies.js';
import { channelRoutes } from './routes/channels.js';
import { detectionRoutes } from './routes/detection.js';
import { explainRoutes } from './routes/explain.js';
import { incidentRoutes } from './routes/incidents.js';

export interface BuildAppOptions {
  readonly logger?: FastifyServerOptions['logger'];
  readonly version?: string;
  /** Shipper protocols to serve besides the native API (default: all of HTTP_PROTOCOLS). */
  readonly protocols?: readonly HttpProtocol[];
  /** Directory of the built web UI (default: this checkout's `web/dist` when built); null serves no UI. */
  readonly webDir?: string | null;
}

/** One plugin per shipper protocol; each reads raw bodies and answers in its protocol's shape. */
const PROTOCOL_ROUTES: Readonly<Record<HttpProtocol, (app: FastifyInstance, deps: AppDeps) => Promise<void>>> = {
  loki: lokiRoutes,
  elastic: elasticRoutes,
  otlp: otlpRoutes,
  splunk: splunkHecRoutes,
};

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
        { name: 'anomalies', description: 'What detection found, with evidence; feedback (noise)' },
        { name: 'incidents', description: 'Related anomalies grouped, with a lifecycle, timeline and explanation; explain a spike' },
        { name: 'alerts', description: 'Alert rules, notification channels and the delivery log' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Before the route plugins: its content-negotiation hook must run ahead of whichever route owns `/`.
  await registerWebUi(app, { dir: options.webDir === undefined ? findWebDist() : options.webDir });

  await app.register(async (scope) => ingestRoutes(scope, deps));
  await app.register(async (scope) => logsRoutes(scope, deps));
  await app.register(async (scope) => templateRoutes(scope, deps));
  await app.register(async (scope) => templateActivityRoutes(scope, deps));
  await app.register(async (scope) => serviceRoutes(scope, deps));
  await app.register(async (scope) => deadLetterRoutes(scope, deps));
  await app.register(async (scope) => tailRoutes(scope, deps));
  await app.register(async (scope) => healthRoutes(scope, deps));
  // Detection results are stored in meta.db, so lists work even when detection is off; actions need it running.
  await app.register(async (scope) => anomalyRoutes(scope, deps));
  await app.register(async (scope) => incidentRoutes(scope, deps));
  await app.register(async (scope) => explainRoutes(scope, deps));
  await app.register(async (scope) => alertRuleRoutes(scope, deps));
  await app.register(async (scope) => channelRoutes(scope, deps));
  await app.register(async (scope) => detectionRoutes(scope, deps));
  for (const protocol of options.protocols ?? HTTP_PROTOCOLS) {
    await app.register(async (scope) => PROTOCOL_ROUTES[protocol](scope, deps));
  }
  return app;
}
