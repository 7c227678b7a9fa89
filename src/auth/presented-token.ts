import type { AuthRequest } from './request-auth.js';

/**
 * The forms in which shippers present a secret in `Authorization`: `Bearer <key>` (OTLP
 * exporters, Vector), `Splunk <token>` (HEC), `Basic base64(user:key)` (Loki clients, Beats,
 * HEC's alternative), `ApiKey <key>` (Elasticsearch clients).
 */
export type TokenScheme = 'bearer' | 'splunk' | 'basic' | 'apikey';

export interface PresentedToken {
  readonly scheme: TokenScheme;
  /** The secret itself (for Basic: the password part). */
  readonly token: string;
}

const SCHEMES: Readonly<Record<string, TokenScheme>> = { bearer: 'bearer', splunk: 'splunk', basic: 'basic', apikey: 'apikey' };

/**
 * The one parser of `Authorization` for every protocol, so a keyed `Authenticator` checks the
 * same secret however a shipper sends it. Null when the header is absent or not one of the
 * forms above.
 */
export function presentedToken(request: AuthRequest): PresentedToken | null {
  const h = request.headers.authorization;
  const value = Array.isArray(h) ? h[0] : h;
  if (value === undefined) return null;
  const m = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(value);
  const scheme = m === null ? undefined : SCHEMES[m[1].toLowerCase()];
  if (m === null || scheme === undefined) return null;
  if (scheme !== 'basic') return { scheme, token: m[2] };
  const decoded = Buffer.from(m[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 || colon === decoded.length - 1 ? null : { scheme, token: decoded.slice(colon + 1) };
}
