/** The API's error body: `{"error": {"code", "message", "retryable"}}`. */
interface ErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string; readonly retryable?: boolean };
}

/** A failed request, with what the UI needs to say what to do about it. */
export class ApiError extends Error {
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The API's error code (`invalid_query`, `not_found`, …), or `network`. */
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server has no such route: a feature this server does not have (yet). */
  get isMissingRoute(): boolean {
    return this.status === 404 && this.message.startsWith('no route ');
  }
}

export type QueryValue = string | number | boolean | null | undefined;

/** `/api/v1/logs` + `{q: 'x', limit: 10}` → `/api/v1/logs?q=x&limit=10`; null and undefined are left out. */
export function apiUrl(path: string, params: Readonly<Record<string, QueryValue>> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

async function toError(res: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's error page): fall back to the status text below.
  }
  const code = body.error?.code ?? `http_${res.status}`;
  const message = body.error?.message ?? `${res.status} ${res.statusText}`;
  return new ApiError(res.status, code, message, body.error?.retryable ?? res.status >= 500);
}

async function request<T>(method: string, url: string, body: unknown, signal: AbortSignal | undefined): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      signal,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'cannot reach the logsift server: check that it is running', true);
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function apiGet<T>(path: string, params?: Readonly<Record<string, QueryValue>>, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', apiUrl(path, params), undefined, signal);
}

export function apiSend<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body, undefined);
}
