import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestOutcome, SourceMetrics } from '../../ingest/sources/source-metrics.js';
import { LogsiftError } from '../../model/index.js';
import { bodyTooLarge } from '../errors.js';

/**
 * Shared plumbing of the shipper-protocol routes (Loki, Elasticsearch, OTLP, Splunk HEC): each
 * protocol is its own plugin that reads raw bodies, answers errors in its protocol's shape and
 * counts its requests.
 */

/** Makes every body in this plugin scope arrive as a raw Buffer, bounded by `limit` bytes. */
export function acceptRawBodies(app: FastifyInstance, limit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
}

export function rawBody(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Counts each request of the scope as `logsift_source_requests_total{source, outcome}` by its status. */
export function countRequests(app: FastifyInstance, metrics: SourceMetrics, source: string): void {
  app.addHook('onResponse', (_request, reply, done) => {
    metrics.request(source, outcomeOf(reply.statusCode));
    done();
  });
}

function outcomeOf(status: number): RequestOutcome {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 413) return 'too_large';
  if (status === 415) return 'unsupported';
  return status < 500 && status !== 429 ? 'bad_request' : 'error';
}

/**
 * Content-hash dedup key, as the native API builds it: a shipper that resends a body it got no
 * answer for (timeout, crash) does not store it twice within the dedup window.
 * `Idempotency-Key` names the batch explicitly; `X-Logsift-Dedup: off` disables it.
 */
export function bodyDedupKey(protocol: string, tenant: string, headers: FastifyRequest['headers'], body: Buffer, extra = ''): string | null {
  const idem = headers['idempotency-key'];
  if (typeof idem === 'string' && idem.length > 0) return `idem:${idem.slice(0, 200)}`;
  if (String(headers['x-logsift-dedup'] ?? '').toLowerCase() === 'off' || body.length === 0) return null;
  return createHash('sha1').update(protocol).update('\0').update(tenant).update('\0').update(extra).update('\0').update(body).digest('base64url');
}

/** Maps Fastify's own errors (body limit, content type) and anything unexpected onto the catalogue. */
export function asLogsiftError(err: FastifyError | Error, request: FastifyRequest): LogsiftError {
  if (err instanceof LogsiftError) return err;
  const status = (err as FastifyError).statusCode ?? 500;
  if (status === 413) return new LogsiftError('payload_too_large', bodyTooLarge(request));
  if (status === 415) return new LogsiftError('unsupported_media_type', err.message);
  if (status >= 400 && status < 500) return new LogsiftError('bad_request', err.message);
  return new LogsiftError('internal', 'internal error');
}
