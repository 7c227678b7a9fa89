import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeContentEncoding } from '../../ingest/codecs/content-encoding.js';
import { decompressSnappyBlock } from '../../ingest/codecs/snappy-block.js';
import { decodeLokiJson, decodeLokiProtobuf } from '../../ingest/loki-push.js';
import { LogsiftError } from '../../model/index.js';
import type { AppDeps } from '../app-deps.js';
import { acceptRawBodies, asLogsiftError, bodyDedupKey, countRequests, mediaType, rawBody } from './protocol-body.js';
import { submitProtocolBatch } from './protocol-submit.js';

/** Errors listed in a 400 reply; the count covers all of them. */
const MAX_ERRORS_IN_REPLY = 20;

/**
 * Grafana Loki's push API, so Promtail, Alloy, Vector, Fluent Bit and the Loki appenders
 * (pino-loki, winston-loki, loki4j) can send here unchanged:
 * `POST /loki/api/v1/push` (and the legacy `/api/prom/push`), `application/x-protobuf` (snappy
 * block-compressed `PushRequest`, as Promtail sends it, optionally gzipped on top) or
 * `application/json` (optionally gzip). Replies as Loki does: 204 with no body; errors are
 * plain text with the status (400 bad body, 413, 415, 429/503 retry). The tenant is
 * `X-Scope-OrgID` (see the auth hook). Field mapping: `src/ingest/loki-push.ts`.
 */
export async function lokiRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const limit = deps.limits.maxBodyBytes;
  acceptRawBodies(app, limit);
  countRequests(app, deps.metrics.sources, 'loki');
  app.setErrorHandler((err, request, reply) => {
    const e = asLogsiftError(err as Error, request);
    if (e.status >= 500) request.log.error({ err }, 'loki push failed');
    if (e.retryable) void reply.header('retry-after', '1');
    void reply.code(e.status).type('text/plain; charset=utf-8').send(`${e.message}\n`);
  });

  const push = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = deps.auth.authenticate(request);
    const raw = rawBody(request);
    deps.metrics.sources.bytes('loki', raw.length);
    const type = mediaType(request.headers['content-type']);
    const encoding = (request.headers['content-encoding'] ?? '').trim().toLowerCase();
    const receivedAt = Date.now();
    const ctx = { tenant: principal.tenant, source: 'loki', receivedAt, maxRecordBytes: deps.limits.maxRecordBytes };
    let body: Buffer;
    let decoded;
    if (type === 'application/x-protobuf' || type === 'application/protobuf') {
      body = await decodeContentEncoding(raw, encoding, limit);
      // The protobuf body is always a snappy block (Loki's contract), unless the header already said snappy.
      if (encoding !== 'snappy') body = decompressSnappyBlock(body, limit);
      decoded = decodeLokiProtobuf(body, ctx);
    } else if (type === 'application/json' || type === '') {
      body = await decodeContentEncoding(raw, encoding, limit);
      decoded = decodeLokiJson(body.toString('utf8'), ctx);
    } else {
      throw new LogsiftError('unsupported_media_type', `unsupported Content-Type ${type}; use application/x-protobuf or application/json`);
    }
    const result = await submitProtocolBatch(deps, {
      protocol: 'loki',
      tenant: principal.tenant,
      receivedAt,
      decoded,
      dedupKey: bodyDedupKey('loki', principal.tenant, request.headers, body),
    });
    if (result.errors.length > 0) {
      // Loki keeps the valid entries and answers 400 naming the rejected ones (clients do not retry a 400).
      const lines = result.errors.slice(0, MAX_ERRORS_IN_REPLY).map((e) => `entry ${e.index}: ${e.reason}: ${e.detail}`);
      const more = result.errors.length > MAX_ERRORS_IN_REPLY ? `\n… and ${result.errors.length - MAX_ERRORS_IN_REPLY} more` : '';
      return reply.code(400).type('text/plain; charset=utf-8').send(`${result.errors.length} of ${result.received} entries rejected (the others were stored):\n${lines.join('\n')}${more}\n`);
    }
    return reply.code(204).send();
  };

  const schema = {
    tags: ['ingest'],
    summary: 'Loki push API (protobuf or JSON)',
    description: 'Grafana Loki-compatible push: snappy-compressed protobuf PushRequest or JSON {"streams": [...]}. Replies 204. Tenant: X-Scope-OrgID.',
  };
  app.post('/loki/api/v1/push', { bodyLimit: limit, schema }, push);
  app.post('/api/prom/push', { bodyLimit: limit, schema: { ...schema, hide: true } }, push);
}
