import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeContentEncoding } from '../../ingest/codecs/content-encoding.js';
import { FilterPath } from '../../ingest/codecs/filter-path.js';
import { decodeElasticBulk, serviceFromIndexes } from '../../ingest/elastic-bulk.js';
import { elasticBulkReply, elasticErrorBody } from '../../ingest/elastic-bulk-reply.js';
import { LogsiftError } from '../../model/index.js';
import type { AppDeps } from '../app-deps.js';
import { compatibleWith, registerElasticProbes } from './elastic-probes.js';
import { acceptRawBodies, asLogsiftError, bodyDedupKey, countRequests, rawBody } from './protocol-body.js';
import { submitProtocolBatch } from './protocol-submit.js';

/** Elasticsearch's error type for a catalogue error. */
function elasticType(e: LogsiftError): string {
  const given = e.details?.esType;
  if (typeof given === 'string') return given;
  if (e.status === 401) return 'security_exception';
  if (e.status === 403) return 'security_exception';
  if (e.status === 413) return 'content_too_long_exception';
  if (e.status === 415) return 'media_type_header_exception';
  if (e.status === 429) return 'es_rejected_execution_exception';
  if (e.status >= 500) return 'exception';
  return e.code === 'invalid_json' ? 'parse_exception' : 'illegal_argument_exception';
}

/**
 * Elasticsearch's bulk API, for Filebeat, Logstash, Vector, Fluent Bit and the official clients:
 * `POST|PUT /_bulk` and `/{index}/_bulk` (NDJSON, optionally gzip), replying per item exactly as
 * Elasticsearch does, plus the probe endpoints (`elastic-probes.ts`). Every response of this
 * plugin carries `X-Elastic-Product: Elasticsearch`, without which the official clients refuse
 * the server. Errors have Elasticsearch's shape. Mapping: `src/ingest/elastic-bulk.ts`.
 */
export async function elasticRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const limit = deps.limits.maxBodyBytes;
  acceptRawBodies(app, limit);
  countRequests(app, deps.metrics.sources, 'elastic');
  app.addHook('onSend', async (request, reply, payload) => {
    const type = reply.getHeader('content-type');
    // The web UI answers browsers at `/` from a root hook; that page is not Elasticsearch's.
    if (typeof type === 'string' && type.startsWith('text/html')) return payload;
    void reply.header('x-elastic-product', 'Elasticsearch');
    const major = compatibleWith(request);
    if (major !== null && typeof type === 'string' && type.startsWith('application/json')) {
      void reply.header('content-type', `application/vnd.elasticsearch+json;compatible-with=${major}`);
    }
    return payload;
  });
  app.setErrorHandler((err, request, reply) => {
    const e = asLogsiftError(err as Error, request);
    if (e.status >= 500) request.log.error({ err }, 'elasticsearch bulk request failed');
    if (e.retryable) void reply.header('retry-after', '1');
    void reply.code(e.status).send(elasticErrorBody(e.status, elasticType(e), e.message));
  });

  registerElasticProbes(app, deps.isReady);

  const bulk = async (request: FastifyRequest, reply: FastifyReply) => {
    const started = performance.now();
    const principal = deps.auth.authenticate(request);
    const raw = rawBody(request);
    deps.metrics.sources.bytes('elastic', raw.length);
    const body = await decodeContentEncoding(raw, request.headers['content-encoding'], limit);
    const receivedAt = Date.now();
    const defaultIndex = (request.params as { index?: string }).index ?? null;
    const text = body.toString('utf8');
    if (text.trim() === '') throw new LogsiftError('bad_request', 'Validation Failed: 1: no requests added;', { esType: 'action_request_validation_exception' });
    const decoded = decodeElasticBulk(text, defaultIndex, {
      tenant: principal.tenant,
      source: 'elastic',
      receivedAt,
      maxRecordBytes: deps.limits.maxRecordBytes,
    });
    const result =
      decoded.records.length + decoded.rejected.length === 0
        ? null
        : await submitProtocolBatch(deps, {
            protocol: 'elastic',
            tenant: principal.tenant,
            receivedAt,
            decoded,
            dedupKey: bodyDedupKey('elastic', principal.tenant, request.headers, body, defaultIndex ?? ''),
            service: serviceFromIndexes(decoded.items),
            stream: defaultIndex ?? '',
          });
    // Already JSON text (see elasticBulkReply): sent as is, not serialised again.
    const filter = FilterPath.parse((request.query as { filter_path?: unknown }).filter_path);
    return reply.code(200).type('application/json; charset=utf-8').send(elasticBulkReply(decoded.items, result, performance.now() - started, filter));
  };

  const opts = { bodyLimit: limit, schema: { tags: ['ingest'], summary: 'Elasticsearch bulk API (NDJSON)' } };
  const hidden = { bodyLimit: limit, schema: { hide: true } };
  app.post('/_bulk', opts, bulk);
  app.put('/_bulk', hidden, bulk);
  app.post('/:index/_bulk', hidden, bulk);
  app.put('/:index/_bulk', hidden, bulk);
}
