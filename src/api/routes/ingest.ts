import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { decodeNativeBody } from '../../ingest/http-native.js';
import { LogsiftError } from '../../model/index.js';
import { parseFormatSpec } from '../../parse/index.js';
import type { RawRecord } from '../../pipeline/index.js';
import { ERROR_BODY_SCHEMA } from '../errors.js';
import type { AppDeps } from '../app-deps.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** Errors listed in a reply; the counts always cover all of them. */
const MAX_ERRORS_IN_REPLY = 100;

const querySchema = {
  type: 'object',
  properties: {
    service: { type: 'string', maxLength: 256, description: 'Service for records that name none.' },
    host: { type: 'string', maxLength: 256, description: 'Host for records that name none.' },
    format: {
      type: 'string',
      maxLength: 1024,
      description: "Format of text records: auto (default), json, logfmt, syslog5424, syslog3164, access-combined, access-common, plain, or a header format such as '<Date> <Time> <Level> <Component>: <Content>'.",
    },
    stream: { type: 'string', maxLength: 256, description: 'Stream name for per-stream format detection (default: service + host).' },
    idField: {
      type: 'string',
      maxLength: 128,
      description: 'Top-level field of JSON records that holds a unique record id: a record whose id was stored within the dedup window is not stored again. Off unless named.',
    },
  },
  additionalProperties: false,
} as const;

const replySchema = {
  type: 'object',
  properties: {
    received: { type: 'integer' },
    accepted: { type: 'integer' },
    deduplicated: { type: 'integer' },
    rejected: { type: 'integer' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { index: { type: 'integer' }, reason: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
} as const;

/** `POST /api/v1/logs`: the native ingest endpoint. */
export async function ingestRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // Bodies are read as raw bytes here: this route decompresses, hashes and frames them itself.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.limits.maxBodyBytes }, (_req, body, done) => done(null, body));

  app.post(
    '/api/v1/logs',
    {
      bodyLimit: deps.limits.maxBodyBytes,
      schema: {
        tags: ['ingest'],
        summary: 'Send log records',
        description:
          'Body: a JSON array of records (objects or strings), {"logs": [...]}, NDJSON (application/x-ndjson) or text/plain (one record per line), optionally gzip- or deflate-compressed (Content-Encoding). ' +
          'The reply counts what was stored, deduplicated and rejected; rejected records go to the dead-letter store. Acknowledged records are durable. ' +
          'A resent body (same content within the dedup window, or the same Idempotency-Key) is not stored twice; X-Logsift-Dedup: off disables content dedup.',
        querystring: querySchema,
        response: { 200: replySchema, 400: ERROR_BODY_SCHEMA, 413: ERROR_BODY_SCHEMA, 415: ERROR_BODY_SCHEMA, 503: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const principal = deps.auth.authenticate(request);
      const query = request.query as { service?: string; host?: string; format?: string; stream?: string; idField?: string };
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const body = await decompress(raw, request.headers['content-encoding'], deps.limits.maxBodyBytes);
      const receivedAt = Date.now();
      const contentType = request.headers['content-type'] ?? 'text/plain';
      const decoded = decodeNativeBody(body.toString('utf8'), contentType, {
        tenant: principal.tenant,
        source: 'http',
        receivedAt,
        maxRecordBytes: deps.limits.maxRecordBytes,
      });
      const service = query.service ?? null;
      const host = query.host ?? null;
      const result = await deps.pipeline.submit({
        tenant: principal.tenant,
        source: 'http',
        receivedAt,
        records: decoded.records,
        positions: decoded.positions,
        recordIds: query.idField === undefined ? null : recordIdsFrom(decoded.records, query.idField),
        rejected: decoded.rejected,
        dedupKey: dedupKey(request.headers, principal.tenant, contentType, query, body),
        service,
        host,
        format: parseFormatSpec(query.format),
        streamKey: `${principal.tenant}|${query.stream ?? `${service ?? ''}|${host ?? ''}`}`,
      });
      return { ...result, errors: result.errors.slice(0, MAX_ERRORS_IN_REPLY) };
    },
  );
}

async function decompress(raw: Buffer, encoding: string | undefined, limit: number): Promise<Buffer> {
  const enc = (encoding ?? 'identity').trim().toLowerCase();
  if (enc === 'identity' || enc === '') return raw;
  const options = { maxOutputLength: limit };
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return await gunzipAsync(raw, options);
    if (enc === 'deflate') return await inflateAsync(raw, options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || (err as Error) instanceof RangeError) {
      throw new LogsiftError('payload_too_large', `decompressed body exceeds the limit of ${limit} bytes`);
    }
    throw new LogsiftError('bad_request', `body is not valid ${enc} data: ${(err as Error).message}`);
  }
  throw new LogsiftError('unsupported_media_type', `unsupported Content-Encoding ${enc}; use gzip, deflate or identity`);
}

function dedupKey(
  headers: Record<string, string | string[] | undefined>,
  tenant: string,
  contentType: string,
  query: Record<string, string | undefined>,
  body: Buffer,
): string | null {
  const idem = headers['idempotency-key'];
  if (typeof idem === 'string' && idem.length > 0) return `idem:${idem.slice(0, 200)}`;
  if (String(headers['x-logsift-dedup'] ?? '').toLowerCase() === 'off' || body.length === 0) return null;
  return createHash('sha1')
    .update(tenant)
    .update('\0')
    .update(contentType)
    .update('\0')
    .update(JSON.stringify(query))
    .update('\0')
    .update(body)
    .digest('base64url');
}

/** Record ids from a client-named field of JSON records (strings and finite numbers only). */
function recordIdsFrom(records: readonly RawRecord[], field: string): (string | null)[] {
  return records.map((r) => {
    if (typeof r === 'string') return null;
    const v = r[field];
    if (typeof v === 'string' && v.length > 0 && v.length <= 256) return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return null;
  });
}
