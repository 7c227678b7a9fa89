import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LogsiftError } from '../model/index.js';
import type { ErrorCode } from '../model/index.js';

/** The error body every endpoint returns. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly retryable: boolean;
    readonly details?: Readonly<Record<string, unknown>>;
  };
}

export const ERROR_BODY_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        retryable: { type: 'boolean' },
        details: { type: 'object', additionalProperties: true },
      },
      required: ['code', 'message', 'retryable'],
    },
  },
  required: ['error'],
} as const;

/** Maps Fastify's own errors (limits, content types, validation) onto the catalogue. */
function fromFastify(err: FastifyError, request: FastifyRequest): LogsiftError {
  if (err.validation !== undefined) return new LogsiftError('bad_request', err.message);
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new LogsiftError('payload_too_large', bodyTooLarge(request));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new LogsiftError('unsupported_media_type', err.message);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new LogsiftError('invalid_json', err.message);
  }
  const status = err.statusCode ?? 500;
  if (status === 413) return new LogsiftError('payload_too_large', bodyTooLarge(request));
  if (status === 415) return new LogsiftError('unsupported_media_type', err.message);
  if (status === 404) return new LogsiftError('not_found', err.message);
  if (status >= 400 && status < 500) return new LogsiftError('bad_request', err.message);
  return new LogsiftError('internal', 'internal error');
}

/** A 413's message: what the limit is and which setting raises it (every protocol's reply uses it). */
export function bodyTooLarge(request: FastifyRequest): string {
  const limit = request.routeOptions.bodyLimit;
  return typeof limit === 'number'
    ? `request body is larger than the limit of ${limit} bytes (raise it with --max-body or LOGSIFT_MAX_BODY)`
    : 'request body is too large';
}

export function errorHandler(err: FastifyError | LogsiftError, request: FastifyRequest, reply: FastifyReply): void {
  const e = err instanceof LogsiftError ? err : fromFastify(err, request);
  if (e.status >= 500) request.log.error({ err }, 'request failed');
  const body: ErrorBody = { error: { code: e.code, message: e.message, retryable: e.retryable, ...(e.details ? { details: e.details } : {}) } };
  if (e.code === 'overloaded' || e.code === 'unavailable') void reply.header('retry-after', '1');
  void reply.code(e.status).send(body);
}
