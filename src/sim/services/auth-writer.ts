import { fixed1 } from '../internal/decimal.js';
import { traceId } from '../internal/ids.js';
import type { IncidentKind } from '../types.js';
import { ServiceWriter } from './service-writer.js';
import type { SimContext } from './service-writer.js';
import { AUTH } from './service-ids.js';

/**
 * The Node.js auth service (auth-1, auth-2), logging JSON lines the way pino does:
 * numeric level (20 debug, 30 info, 40 warn, 50 error), `time` in epoch ms, pid, hostname,
 * `msg`, then the call's fields. Values never contain `"` or `\`, so no escaping is needed.
 */
export class AuthWriter extends ServiceWriter {
  /** `"pid":4321,"hostname":"auth-1",` per host. */
  private readonly hostFields: readonly string[];

  constructor(ctx: SimContext, enabled: boolean) {
    super(ctx, AUTH, 'json', 2, enabled);
    this.hostFields = this.hosts.map((h) => `"pid":${1000 + ctx.rng.int(60_000)},"hostname":"${h}",`);
  }

  tokenVerified(ts: number, host: number, user: string, trace: string, durationMs: number): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `{"level":20,"time":${ts},${this.hostFields[host]}"msg":"token verified","user":"${user}","scope":"shop","trace_id":"${trace}","duration_ms":${fixed1(durationMs)}}`,
    );
  }

  /** `reason`: expired | bad_signature. */
  tokenRejected(ts: number, host: number, ip: string, reason: string, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `{"level":40,"time":${ts},${this.hostFields[host]}"msg":"token rejected","reason":"${reason}","ip":"${ip}","trace_id":"${trace}"}`,
    );
  }

  /** `method`: password | oauth_google | oauth_apple | passkey (new_value: legacy_token). */
  loginSucceeded(ts: number, host: number, user: string, ip: string, method: string, trace: string, durationMs: number): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `{"level":30,"time":${ts},${this.hostFields[host]}"msg":"login succeeded","user":"${user}","ip":"${ip}","method":"${method}","trace_id":"${trace}","duration_ms":${Math.round(durationMs)}}`,
    );
  }

  /** `reason`: bad_password | unknown_user | locked. */
  loginFailed(ts: number, host: number, user: string, ip: string, reason: string, trace: string, durationMs: number): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `{"level":40,"time":${ts},${this.hostFields[host]}"msg":"login failed","user":"${user}","ip":"${ip}","reason":"${reason}","trace_id":"${trace}","duration_ms":${Math.round(durationMs)}}`,
    );
  }

  background(ts: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const host = rng.int(this.hosts.length);
    const r = rng.float();
    if (r < 0.5) {
      this.write(
        ts,
        host,
        `{"level":30,"time":${ts},${this.hostFields[host]}"msg":"expired sessions purged","count":${rng.poisson(40)},"duration_ms":${Math.round(rng.logNormal(12, 0.5))}}`,
      );
    } else if (r < 0.8) {
      this.write(ts, host, `{"level":20,"time":${ts},${this.hostFields[host]}"msg":"jwks refreshed","keys":3,"issuer":"https://auth.shop.example.com"}`);
    } else {
      this.write(
        ts,
        host,
        `{"level":20,"time":${ts},${this.hostFields[host]}"msg":"rate limiter stats","allowed":${rng.poisson(900)},"blocked":${rng.poisson(2)}}`,
      );
    }
  }

  incidentLine(kind: IncidentKind, ts: number, host: number, magnitude: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const pools = this.ctx.pools;
    const u = pools.userIndex(rng);
    const trace = this.ctx.sink.trace === '' ? traceId(rng) : this.ctx.sink.trace;
    switch (kind) {
      case 'rate_spike': // a client polling /api/me in a loop: an existing template
        this.tokenVerified(ts, host, pools.users[u], traceId(rng), rng.logNormal(2, 0.5));
        return;
      case 'new_pattern':
        this.deliver(
          ts,
          host,
          'json',
          `{"level":40,"time":${ts},${this.hostFields[host]}"msg":"deprecated token format accepted","kid":"legacy-2019","user":"${pools.users[u]}","trace_id":"${trace}"}`,
        );
        return;
      case 'error_spike':
        this.deliver(
          ts,
          host,
          'json',
          `{"level":50,"time":${ts},${this.hostFields[host]}"msg":"session store unavailable","trace_id":"${trace}","err":{"type":"Error","message":"connect ECONNREFUSED 10.0.3.5:6379","stack":"Error: connect ECONNREFUSED 10.0.3.5:6379\\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)","code":"ECONNREFUSED"}}`,
        );
        return;
      case 'new_value':
        this.loginSucceeded(ts, host, pools.users[u], pools.userIps[u], 'legacy_token', trace, rng.logNormal(45, 0.4));
        return;
      case 'latency':
        this.tokenVerified(ts, host, pools.users[u], trace, rng.logNormal(2, 0.5) * magnitude);
        return;
      default:
        return;
    }
  }
}
