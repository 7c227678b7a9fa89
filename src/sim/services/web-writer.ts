import { TimestampFormatter } from '../internal/time-format.js';
import { CATEGORIES } from '../internal/value-pools.js';
import type { IncidentKind } from '../types.js';
import { ServiceWriter } from './service-writer.js';
import type { SimContext } from './service-writer.js';
import { WEB } from './service-ids.js';

/**
 * nginx in front of the shop (web-1 … web-3). Main stream: the access log in the
 * `combined` format
 *   `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`
 * Second stream (`nginx-error`): the error log, `YYYY/MM/DD HH:MM:SS [level] pid#tid: *conn text`.
 */
export class WebWriter extends ServiceWriter {
  private readonly accessTime = new TimestampFormatter('nginx-access');
  private readonly errorTime = new TimestampFormatter('nginx-error');
  /** `1234#1234: ` per host: nginx names the worker pid and thread id. */
  private readonly pidPrefix: readonly string[];
  /** nginx's connection counter, `*N` in error lines. */
  private connection: number;

  constructor(ctx: SimContext, enabled: boolean) {
    super(ctx, WEB, 'access-combined', 3, enabled);
    this.pidPrefix = this.hosts.map(() => {
      const pid = 900 + ctx.rng.int(30_000);
      return `${pid}#${pid}: `;
    });
    this.connection = 100_000 + ctx.rng.int(900_000);
  }

  /** One access-log line; `request` is `GET /path` (method and target). */
  access(ts: number, host: number, ip: string, request: string, status: number, bytes: number, referer: string, agent: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `${ip} - - [${this.accessTime.format(ts)}] "${request} HTTP/1.1" ${status} ${bytes} "${referer}" "${agent}"`,
    );
  }

  /** One error-log line; `level` is nginx's (`warn`, `error`, `crit`, …). */
  errorLog(ts: number, host: number, level: string, text: string): void {
    if (!this.enabled) return;
    this.writeAs(ts, host, 'nginx-error', this.errorLine(ts, host, level, text));
  }

  background(ts: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const host = rng.int(this.hosts.length);
    const r = rng.float();
    if (r < 0.9) {
      this.access(ts, host, '10.0.0.2', 'GET /healthz', 200, 2, '-', 'kube-probe/1.31');
    } else if (r < 0.985) {
      this.errorLog(
        ts,
        host,
        'warn',
        `an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${rng.int(10)}/${PAD2[rng.int(100)]}/00000${rng.between(10000, 99999)} while reading upstream, client: ${this.ctx.pools.userIps[this.ctx.pools.userIndex(rng)]}, server: shop.example.com, request: "GET /api/products?category=${rng.pick(CATEGORIES)}&page=1 HTTP/1.1", upstream: "http://10.0.1.${11 + rng.int(2)}:8080/api/products", host: "shop.example.com"`,
      );
    } else {
      this.errorLog(
        ts,
        host,
        'error',
        `upstream prematurely closed connection while reading response header from upstream, client: ${this.ctx.pools.userIps[this.ctx.pools.userIndex(rng)]}, server: shop.example.com, request: "GET /api/me HTTP/1.1", upstream: "http://10.0.1.${11 + rng.int(2)}:8080/api/me", host: "shop.example.com"`,
      );
    }
  }

  incidentLine(kind: IncidentKind, ts: number, host: number, _magnitude: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const pools = this.ctx.pools;
    const u = pools.userIndex(rng);
    switch (kind) {
      case 'rate_spike': // a scraper walking the catalogue: an existing template, one client
        this.access(
          ts,
          host,
          pools.scraperIp,
          `GET /api/products?category=${rng.pick(CATEGORIES)}&page=${1 + rng.int(400)}`,
          200,
          rng.between(2000, 9000),
          '-',
          SCRAPER_AGENT,
        );
        return;
      case 'new_pattern':
        this.deliver(
          ts,
          host,
          'nginx-error',
          this.errorLine(
            ts,
            host,
            'warn',
            `a client request body is buffered to a temporary file /var/cache/nginx/client_temp/00000${rng.between(10000, 99999)}, client: ${pools.userIps[u]}, server: shop.example.com, request: "POST /api/reviews/uploads HTTP/1.1", host: "shop.example.com"`,
          ),
        );
        return;
      case 'error_spike':
        this.deliver(
          ts,
          host,
          'nginx-error',
          this.errorLine(
            ts,
            host,
            'error',
            `connect() failed (111: Connection refused) while connecting to upstream, client: ${pools.userIps[u]}, server: shop.example.com, request: "POST /api/cart/items HTTP/1.1", upstream: "http://10.0.1.${11 + rng.int(2)}:8080/api/cart/items", host: "shop.example.com"`,
          ),
        );
        return;
      case 'new_value':
        this.access(ts, host, pools.userIps[u], 'GET /api/me', 429, 162, 'https://shop.example.com/', pools.userAgents[u]);
        return;
      default:
        return;
    }
  }

  private errorLine(ts: number, host: number, level: string, text: string): string {
    return `${this.errorTime.format(ts)} [${level}] ${this.pidPrefix[host]}*${++this.connection} ${text}`;
  }
}

const SCRAPER_AGENT = 'Mozilla/5.0 (compatible; PriceBot/2.1; +http://pricebot.example.net/bot)';
const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
