import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeContentEncoding } from '../../ingest/codecs/content-encoding.js';
import {
  decodeOtlpJson,
  decodeOtlpProtobuf,
  encodeOtlpResponseJson,
  encodeOtlpResponseProtobuf,
  encodeOtlpStatusProtobuf,
  GRPC_CODES,
} from '../../ingest/otlp-logs.js';
import { LogsiftError } from '../../model/index.js';
import type { AppDeps } from '../app-deps.js';
import { acceptRawBodies, asLogsiftError, bodyDedupKey, countRequests, mediaType, rawBody } from './protocol-body.js';
import { submitProtocolBatch } from './protocol-submit.js';

const PROTOBUF = 'application/x-protobuf';
/** Reasons named in a partial-success `errorMessage`; the count covers all. */
const MAX_REASONS = 5;

function isProtobuf(request: FastifyRequest): boolean {
  const type = mediaType(request.headers['content-type']);
  return type === PROTOBUF || type === 'application/protobuf';
}

function grpcCode(e: LogsiftError): number {
  if (e.status === 401) return GRPC_CODES.UNAUTHENTICATED;
  if (e.status === 403) return GRPC_CODES.PERMISSION_DENIED;
  if (e.status === 429 || e.status === 413) return GRPC_CODES.RESOURCE_EXHAUSTED;
  if (e.status === 503) return GRPC_CODES.UNAVAILABLE;
  return e.status >= 500 ? GRPC_CODES.INTERNAL : GRPC_CODES.INVALID_ARGUMENT;
}

/**
 * OTLP/HTTP logs, so OpenTelemetry SDK exporters and the Collector's `otlphttp` exporter can
 * send here: `POST /v1/logs`, protobuf (`application/x-protobuf`) or OTLP/JSON
 * (`application/json`), optionally gzip. Success is 200 with an `ExportLogsServiceResponse` in
 * the request's encoding; rejected records are reported as a partial success
 * (`rejectedLogRecords`, `errorMessage`) and dead-lettered. Errors are `google.rpc.Status` in the
 * request's encoding (400 bad request, 413, 415, 429/503 with Retry-After). Field mapping:
 * `src/ingest/otlp-logs.ts`.
 */
export async function otlpRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const limit = deps.limits.maxBodyBytes;
  acceptRawBodies(app, limit);
  countRequests(app, deps.metrics.sources, 'otlp');
  app.setErrorHandler((err, request, reply) => {
    const e = asLogsiftError(err as Error, request);
    if (e.status >= 500) request.log.error({ err }, 'otlp export failed');
    if (e.retryable) void reply.header('retry-after', '1');
    const code = grpcCode(e);
    if (isProtobuf(request)) void reply.code(e.status).type(PROTOBUF).send(Buffer.from(encodeOtlpStatusProtobuf(code, e.message)));
    else void reply.code(e.status).type('application/json').send({ code, message: e.message });
  });

  app.post(
    '/v1/logs',
    {
      bodyLimit: limit,
      schema: {
        tags: ['ingest'],
        summary: 'OTLP/HTTP logs (protobuf or JSON)',
        description: 'OpenTelemetry ExportLogsServiceRequest as application/x-protobuf or application/json, optionally gzip. Replies ExportLogsServiceResponse (partial success lists rejected records).',
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const principal = deps.auth.authenticate(request);
      const raw = rawBody(request);
      deps.metrics.sources.bytes('otlp', raw.length);
      const type = mediaType(request.headers['content-type']);
      const protobuf = isProtobuf(request);
      if (!protobuf && type !== 'application/json') {
        throw new LogsiftError('unsupported_media_type', `unsupported Content-Type ${type || '(none)'}; use application/x-protobuf or application/json`);
      }
      const body = await decodeContentEncoding(raw, request.headers['content-encoding'], limit);
      const receivedAt = Date.now();
      const ctx = { tenant: principal.tenant, source: 'otlp', receivedAt, maxRecordBytes: deps.limits.maxRecordBytes };
      const decoded = protobuf ? decodeOtlpProtobuf(body, ctx) : decodeOtlpJson(body.toString('utf8'), ctx);
      const result = await submitProtocolBatch(deps, {
        protocol: 'otlp',
        tenant: principal.tenant,
        receivedAt,
        decoded,
        dedupKey: bodyDedupKey('otlp', principal.tenant, request.headers, body, type),
      });
      const rejected = result.errors.length;
      const errorMessage =
        rejected === 0
          ? ''
          : `${rejected} of ${decoded.total} log records rejected: ` +
            result.errors
              .slice(0, MAX_REASONS)
              .map((e) => e.detail)
              .join('; ');
      const answer = { rejected, errorMessage };
      if (protobuf) return reply.code(200).type(PROTOBUF).send(Buffer.from(encodeOtlpResponseProtobuf(answer)));
      return reply.code(200).type('application/json').send(encodeOtlpResponseJson(answer));
    },
  );
}
