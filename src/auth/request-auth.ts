import { LogsiftError } from '../model/index.js';
import { DEFAULT_TENANT } from '../model/index.js';
import { TENANT_PATTERN } from '../store/index.js';

/** Who is calling: the one place every source and route asks. */
export interface Principal {
  readonly tenant: string;
  readonly role: 'admin' | 'writer' | 'reader';
}

/** Minimal view of a request: its headers (lower-case names) and query. */
export interface AuthRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * Decides who a request is. The open authenticator (the default until API keys are
 * configured) trusts the tenant header; a keyed one will check `Authorization` here too,
 * so sources and routes never change.
 */
export interface Authenticator {
  authenticate(request: AuthRequest): Principal;
}

/** Tenant header names, in order of preference (`X-Scope-OrgID` is what Loki clients send). */
export const TENANT_HEADERS = ['x-logsift-tenant', 'x-scope-orgid'] as const;

export class OpenAuthenticator implements Authenticator {
  authenticate(request: AuthRequest): Principal {
    return { tenant: tenantFromHeaders(request), role: 'admin' };
  }
}

export function tenantFromHeaders(request: AuthRequest): string {
  for (const name of TENANT_HEADERS) {
    const v = request.headers[name];
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== '') {
      if (!TENANT_PATTERN.test(value)) {
        throw new LogsiftError('bad_request', `invalid tenant ${JSON.stringify(value)}: use letters, digits, '.', '_' or '-' (at most 64)`);
      }
      return value;
    }
  }
  return DEFAULT_TENANT;
}
