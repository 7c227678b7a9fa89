import { hex64, traceId, uuid4 } from './internal/ids.js';
import { CATEGORIES, SEARCH_TERMS } from './internal/value-pools.js';
import type { AuthWriter } from './services/auth-writer.js';
import type { DatabaseWriter } from './services/database-writer.js';
import type { PaymentWriter } from './services/payment-writer.js';
import type { QueueWriter } from './services/queue-writer.js';
import type { SimContext } from './services/service-writer.js';
import type { ServiceWriter } from './services/service-writer.js';
import { AUTH, DATABASE, PAYMENT, QUEUE, WEB, WORKER } from './services/service-ids.js';
import type { WebWriter } from './services/web-writer.js';
import { RECEIPT_TASK } from './services/worker-writer.js';
import type { WorkerWriter } from './services/worker-writer.js';

export interface ShopServices {
  readonly web: WebWriter;
  readonly auth: AuthWriter;
  readonly payment: PaymentWriter;
  readonly database: DatabaseWriter;
  readonly queue: QueueWriter;
  readonly worker: WorkerWriter;
}

/**
 * The shop's behaviour: which requests arrive, which services each one touches, with what
 * values and timing. One call of `request` plays one customer request through
 * web → auth → payment → database → queue → worker, sharing one trace id; the web access
 * line comes last because nginx logs a request when it completes.
 *
 * Request mix (share of requests, lines each): static 28% (1), browse 30% (2), session 12%
 * (2), cart 10% (3), search 6% (2), login 6% (3), checkout 4% (≈ 12). That gives roughly
 * web 44%, database 25%, auth 15%, payment, queue and worker 5–6% each of request lines.
 *
 * Every in-request duration is capped so a request's lines stay within MAX_FLOW_MS
 * (worst case, checkout with a retried receipt, ≈ 120 s).
 */
export class ShopTraffic {
  private readonly backgroundWriters: readonly ServiceWriter[];
  private readonly backgroundCumulative: Float64Array;

  constructor(
    private readonly ctx: SimContext,
    private readonly s: ShopServices,
  ) {
    const all: readonly ServiceWriter[] = [s.web, s.auth, s.payment, s.database, s.queue, s.worker];
    const writers = all.filter((w) => w.enabled);
    this.backgroundWriters = writers;
    this.backgroundCumulative = cumulative(writers.map((w) => BACKGROUND_WEIGHT[w.svc]));
  }

  /** Plays one request that arrives at `t0` (integer ms). */
  request(t0: number): void {
    const r = this.ctx.rng.float();
    const c = REQUEST_CUMULATIVE;
    if (r < c[0]) this.staticAsset(t0);
    else if (r < c[1]) this.browse(t0);
    else if (r < c[2]) this.session(t0);
    else if (r < c[3]) this.cart(t0);
    else if (r < c[4]) this.search(t0);
    else if (r < c[5]) this.login(t0);
    else this.checkout(t0);
  }

  /** Writes one background event (health check, housekeeping, periodic job) at `t0`. */
  background(t0: number): void {
    const writers = this.backgroundWriters;
    if (writers.length === 0) return;
    this.ctx.sink.trace = '';
    const r = this.ctx.rng.float();
    const c = this.backgroundCumulative;
    let i = 0;
    while (i < writers.length - 1 && r >= c[i]) i++;
    writers[i].background(t0);
  }

  private staticAsset(t0: number): void {
    const { rng, pools } = this.ctx;
    const u = pools.userIndex(rng);
    const path = pools.staticPaths[rng.skewed(pools.staticPaths.length, 1.5)];
    const cached = rng.chance(0.3);
    const bytes = cached ? 0 : Math.round(rng.logNormal(path.endsWith('.js') ? 90_000 : 24_000, 0.6));
    this.s.web.access(t0 + rng.int(15), rng.int(3), pools.userIps[u], `GET ${path}`, cached ? 304 : 200, bytes, rng.pick(REFERERS), pools.userAgents[u]);
  }

  private browse(t0: number): void {
    const { rng, pools, fx } = this.ctx;
    const u = pools.userIndex(rng);
    const wh = rng.int(3);
    const trace = this.begin();
    let path: string;
    let rows: number;
    if (rng.chance(0.5)) {
      path = `/api/products/${pools.product(rng)}`;
      rows = rng.chance(0.02) ? 0 : 1;
    } else {
      path = `/api/products?category=${rng.pick(CATEGORIES)}&page=${1 + rng.skewed(20, 2)}`;
      rows = rng.chance(0.1) ? rng.int(24) : 24;
    }
    if (this.rateLimited(t0, wh, u, `GET ${path}`)) return;
    let t = t0 + 1 + rng.int(3);
    const dur = Math.min(rng.logNormal(rows > 1 ? 4 : 1.5, 0.6) * fx.latencyFactor(DATABASE, t), 10_000);
    this.s.database.statement(t, 1, 'select', 'products', rows, dur, trace);
    t += Math.ceil(dur) + rng.int(8);
    const status = rows === 0 ? 404 : 200;
    const bytes = rows === 0 ? 60 : Math.round(rng.logNormal(rows > 1 ? 14_000 : 2_600, 0.3));
    this.s.web.access(t, wh, pools.userIps[u], `GET ${path}`, status, bytes, rng.pick(REFERERS), pools.userAgents[u]);
  }

  private search(t0: number): void {
    const { rng, pools, fx } = this.ctx;
    const u = pools.userIndex(rng);
    const wh = rng.int(3);
    const trace = this.begin();
    const path = `/api/search?q=${rng.pick(SEARCH_TERMS)}`;
    if (this.rateLimited(t0, wh, u, `GET ${path}`)) return;
    let t = t0 + 1 + rng.int(3);
    const rows = rng.int(49);
    const dur = Math.min(rng.logNormal(12, 0.7) * fx.latencyFactor(DATABASE, t), 10_000);
    this.s.database.statement(t, 1, 'select', 'products', rows, dur, trace);
    t += Math.ceil(dur) + rng.int(10);
    this.s.web.access(t, wh, pools.userIps[u], `GET ${path}`, 200, 300 + rows * 540, 'https://shop.example.com/', pools.userAgents[u]);
  }

  private session(t0: number): void {
    const { rng, pools, fx } = this.ctx;
    const u = pools.userIndex(rng);
    const wh = rng.int(3);
    const trace = this.begin();
    if (this.rateLimited(t0, wh, u, 'GET /api/me')) return;
    let t = t0 + 1 + rng.int(3);
    let status = 200;
    if (rng.chance(0.02)) {
      this.s.auth.tokenRejected(t, rng.int(2), pools.userIps[u], rng.chance(0.8) ? 'expired' : 'bad_signature', trace);
      t += 1;
      status = 401;
    } else {
      const dur = Math.min(rng.logNormal(2, 0.5) * fx.latencyFactor(AUTH, t), 5000);
      this.s.auth.tokenVerified(t, rng.int(2), pools.users[u], trace, dur);
      t += Math.ceil(dur);
    }
    this.s.web.access(t + rng.int(4), wh, pools.userIps[u], 'GET /api/me', status, status === 200 ? 412 : 88, 'https://shop.example.com/', pools.userAgents[u]);
  }

  private cart(t0: number): void {
    const { rng, pools, fx } = this.ctx;
    const u = pools.userIndex(rng);
    const wh = rng.int(3);
    const trace = this.begin();
    if (this.rateLimited(t0, wh, u, 'POST /api/cart/items')) return;
    let t = t0 + 1 + rng.int(3);
    const authDur = Math.min(rng.logNormal(2, 0.5) * fx.latencyFactor(AUTH, t), 5000);
    this.s.auth.tokenVerified(t, rng.int(2), pools.users[u], trace, authDur);
    t += Math.ceil(authDur) + 1;
    let status = 201;
    if (rng.chance(0.003)) {
      this.s.database.duplicateKey(t, 0, 'cart_items', trace);
      status = 409;
    } else {
      const dur = Math.min(rng.logNormal(1.5, 0.5) * fx.latencyFactor(DATABASE, t), 10_000);
      this.s.database.statement(t, 0, 'insert', 'cart_items', 1, dur, trace);
      t += Math.ceil(dur);
    }
    const referer = `https://shop.example.com/products/${pools.product(rng)}`;
    this.s.web.access(t + rng.int(6), wh, pools.userIps[u], 'POST /api/cart/items', status, status === 201 ? 230 : 96, referer, pools.userAgents[u]);
  }

  private login(t0: number): void {
    const { rng, pools, fx } = this.ctx;
    const u = pools.userIndex(rng);
    const wh = rng.int(3);
    const trace = this.begin();
    if (this.rateLimited(t0, wh, u, 'POST /api/login')) return;
    let t = t0 + 1 + rng.int(3);
    const ah = rng.int(2);
    const failed = rng.chance(0.08);
    const reason = failed ? LOGIN_FAILURES[rng.skewed(LOGIN_FAILURES.length, 2)] : '';
    const dbDur = Math.min(rng.logNormal(1.2, 0.5) * fx.latencyFactor(DATABASE, t), 10_000);
    this.s.database.statement(t, 0, 'select', 'users', reason === 'unknown_user' ? 0 : 1, dbDur, trace);
    t += Math.ceil(dbDur);
    // bcrypt dominates a login: ~45 ms.
    const dur = Math.min(rng.logNormal(45, 0.3) * fx.latencyFactor(AUTH, t), 5000);
    t += Math.ceil(dur);
    if (failed) {
      this.s.auth.loginFailed(t, ah, pools.users[u], pools.userIps[u], reason, trace, dur);
    } else {
      const method = fx.newValue(AUTH, t) ? 'legacy_token' : LOGIN_METHODS[rng.skewed(LOGIN_METHODS.length, 2)];
      this.s.auth.loginSucceeded(t, ah, pools.users[u], pools.userIps[u], method, trace, dur);
    }
    this.s.web.access(t + 1 + rng.int(3), wh, pools.userIps[u], 'POST /api/login', failed ? 401 : 200, failed ? 64 : 512, 'https://shop.example.com/login', pools.userAgents[u]);
  }

  private checkout(t0: number): void {
    const { rng, pools, fx } = this.ctx;
    const s = this.s;
    const u = pools.userIndex(rng);
    const wh = rng.int(3);
    const trace = this.begin();
    if (this.rateLimited(t0, wh, u, 'POST /api/checkout')) return;
    let t = t0 + 1 + rng.int(3);
    const authDur = Math.min(rng.logNormal(2, 0.5) * fx.latencyFactor(AUTH, t), 5000);
    s.auth.tokenVerified(t, rng.int(2), pools.users[u], trace, authDur);
    t += Math.ceil(authDur) + 1;

    const ph = rng.int(2);
    const thread = rng.int(20);
    const order = pools.nextOrderId();
    const amount = Math.min(rng.logNormal(45, 0.7), 2500);
    const cr = rng.float();
    const currency = fx.newValue(PAYMENT, t) ? 'XXX' : cr < 0.8 ? 'EUR' : cr < 0.92 ? 'GBP' : 'USD';
    s.payment.chargeStarted(t, ph, thread, order, amount, currency, trace);
    const broken = fx.breakSequence(PAYMENT, t);
    const gatewayMs = Math.min(rng.logNormal(180, 0.45) * fx.latencyFactor(PAYMENT, t), 30_000);
    t += Math.ceil(gatewayMs);
    const outcome = rng.float();
    let status: string;
    let webStatus: number;
    if (outcome < 0.935) {
      s.payment.charged(t, ph, thread, CARD_BRANDS[rng.skewed(CARD_BRANDS.length, 2)], LAST4[rng.int(LAST4.length)], order, amount, currency, gatewayMs, trace);
      status = 'succeeded';
      webStatus = 201;
    } else if (outcome < 0.995) {
      s.payment.declined(t, ph, thread, order, DECLINE_CODES[rng.skewed(DECLINE_CODES.length, 2)], trace);
      status = 'declined';
      webStatus = 402;
    } else {
      s.payment.gatewayError(t, ph, thread, order, trace);
      status = 'failed';
      webStatus = 502;
    }
    // A broken sequence: the charge never completes, nothing downstream happens.
    if (!broken) {
      t += 1;
      s.payment.chargeCompleted(t, ph, thread, order, status, trace);
      if (status === 'succeeded') {
        t += 1;
        const dbDur = Math.min(rng.logNormal(1.8, 0.5) * fx.latencyFactor(DATABASE, t), 10_000);
        s.database.statement(t, 0, 'insert', 'orders', 1, dbDur, trace);
        t += Math.ceil(dbDur) + 1;
        this.receipt(t, trace, order, pools.users[u]);
      }
    }
    s.web.access(t + 1 + rng.int(4), wh, pools.userIps[u], 'POST /api/checkout', webStatus, webStatus === 201 ? 690 : 120, 'https://shop.example.com/cart', pools.userAgents[u]);
  }

  /** order.created → queue → worker sends the receipt; the broker acks when the task ends. */
  private receipt(t: number, trace: string, order: string, user: string): void {
    const { rng, fx } = this.ctx;
    const s = this.s;
    const msgId = hex64(rng);
    const qh = rng.int(3);
    s.queue.published(t, qh, msgId, rng.between(380, 720), trace);
    const delivered = t + 3 + Math.round(Math.min(rng.logNormal(25, 0.8), 5000));
    const wk = rng.int(2);
    s.queue.delivered(delivered, qh, msgId, WORKER_NAMES[wk], trace);
    const queueBroken = fx.breakSequence(QUEUE, delivered);
    const taskId = uuid4(rng);
    s.worker.received(delivered + 1, wk, RECEIPT_TASK, taskId);
    const workerBroken = fx.breakSequence(WORKER, delivered);
    const proc = rng.int(4);
    const seconds = Math.min(rng.logNormal(0.25, 0.5) * fx.latencyFactor(WORKER, delivered), 20);
    const done = delivered + 3 + Math.round(seconds * 1000);
    // A broken worker sequence: the task was received and never finished (process killed).
    if (!workerBroken) {
      const r = rng.float();
      if (r < 0.985) {
        s.worker.taskInfo(done - 1, wk, proc, RECEIPT_TASK, taskId, `receipt sent order=${order} user=${user} trace_id=${trace}`);
        s.worker.succeeded(done, wk, proc, RECEIPT_TASK, taskId, seconds, 'None');
      } else if (r < 0.995) {
        s.worker.retry(done, wk, proc, RECEIPT_TASK, taskId);
        const again = done + 30_000;
        const seconds2 = Math.min(rng.logNormal(0.25, 0.5) * fx.latencyFactor(WORKER, again), 20);
        s.worker.received(again, wk, RECEIPT_TASK, taskId);
        s.worker.taskInfo(again + 1 + Math.round(seconds2 * 1000), wk, proc, RECEIPT_TASK, taskId, `receipt sent order=${order} user=${user} trace_id=${trace}`);
        s.worker.succeeded(again + 2 + Math.round(seconds2 * 1000), wk, proc, RECEIPT_TASK, taskId, seconds2, 'None');
      } else {
        s.worker.failed(done, wk, proc, RECEIPT_TASK, taskId);
      }
    }
    if (!queueBroken) {
      const afterMs = Math.min((done - delivered) * fx.latencyFactor(QUEUE, delivered), 30_000);
      s.queue.acked(delivered + Math.max(1, Math.round(afterMs)), qh, msgId, afterMs, trace);
    }
  }

  /** Starts a request: a fresh trace id that incident lines written meanwhile can join. */
  private begin(): string {
    const trace = traceId(this.ctx.rng);
    this.ctx.sink.trace = trace;
    return trace;
  }

  /** new_value on web: the edge answers 429 and the request goes no further. */
  private rateLimited(t0: number, wh: number, u: number, request: string): boolean {
    if (!this.ctx.fx.newValue(WEB, t0)) return false;
    const pools = this.ctx.pools;
    this.s.web.access(t0 + 1, wh, pools.userIps[u], request, 429, 162, 'https://shop.example.com/', pools.userAgents[u]);
    return true;
  }
}

function cumulative(weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] / total;
    out[i] = acc;
  }
  return out;
}

/** static, browse, session, cart, search, login (checkout takes the rest). */
const REQUEST_CUMULATIVE = cumulative([28, 30, 12, 10, 6, 6, 4]);
/** Background events by service id; the worker's events are three lines each. */
const BACKGROUND_WEIGHT: Readonly<Record<number, number>> = {
  [WEB]: 0.3,
  [AUTH]: 0.1,
  [PAYMENT]: 0.15,
  [DATABASE]: 0.25,
  [QUEUE]: 0.12,
  [WORKER]: 0.04,
};
const REFERERS = ['https://shop.example.com/', 'https://shop.example.com/category/shoes', 'https://www.google.com/', '-'];
const LOGIN_METHODS = ['password', 'oauth_google', 'oauth_apple', 'passkey'];
const LOGIN_FAILURES = ['bad_password', 'unknown_user', 'locked'];
const CARD_BRANDS = ['visa', 'mastercard', 'amex'];
const LAST4 = ['4242', '1881', '0005', '5556', '3220', '9424', '0077', '6543'];
const DECLINE_CODES = ['insufficient_funds', 'card_declined', 'expired_card', 'do_not_honor'];
const WORKER_NAMES = ['worker-1', 'worker-2'];
