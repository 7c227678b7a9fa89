/**
 * The one catalogue of typed errors. Each code has an HTTP status and says whether
 * a retry can help, so callers (and clients) know what to do.
 */
export const ERRORS = {
  bad_request: { status: 400, retryable: false },
  invalid_json: { status: 400, retryable: false },
  invalid_query: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  conflict: { status: 409, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  overloaded: { status: 429, retryable: true },
  internal: { status: 500, retryable: true },
  unavailable: { status: 503, retryable: true },
  invalid_config: { status: 500, retryable: false },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class LogsiftError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'LogsiftError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.retryable = ERRORS[code].retryable;
    this.details = details;
  }
}
