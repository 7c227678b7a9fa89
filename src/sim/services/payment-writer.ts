import { fixed2 } from '../internal/decimal.js';
import { traceId } from '../internal/ids.js';
import { TimestampFormatter } from '../internal/time-format.js';
import type { IncidentKind } from '../types.js';
import { ServiceWriter } from './service-writer.js';
import type { SimContext } from './service-writer.js';
import { PAYMENT } from './service-ids.js';

/**
 * The Java payment service (payment-1, payment-2), log4j pattern
 * `%d{yyyy-MM-dd HH:mm:ss,SSS} %p [%t] %c{1.}: %m%n`, e.g.
 * `2026-11-23 08:00:01,123 INFO [http-nio-8080-exec-3] c.s.payment.ChargeService: …`.
 * Request lines end with ` trace_id=<32 hex>`. Errors carry a Java stack trace on the
 * following lines (tab-indented `at` frames, `Caused by:`, `... N common frames omitted`).
 */
export class PaymentWriter extends ServiceWriter {
  private readonly time = new TimestampFormatter('comma');

  constructor(ctx: SimContext, enabled: boolean) {
    super(ctx, PAYMENT, 'java', 2, enabled);
  }

  /** `thread` in [0, 20): the Tomcat request thread `http-nio-8080-exec-N`. */
  chargeStarted(ts: number, host: number, thread: number, order: string, amount: number, currency: string, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `${this.time.format(ts)} INFO [${THREADS[thread]}] c.s.payment.ChargeService: charge started order=${order} amount=${fixed2(amount)} currency=${currency} trace_id=${trace}`,
    );
  }

  charged(ts: number, host: number, thread: number, brand: string, last4: string, order: string, amount: number, currency: string, ms: number, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `${this.time.format(ts)} INFO [${THREADS[thread]}] c.s.payment.ChargeService: Charged card ${brand} ****${last4} for order ${order} amount=${fixed2(amount)} ${currency} in ${Math.round(ms)} ms trace_id=${trace}`,
    );
  }

  declined(ts: number, host: number, thread: number, order: string, code: string, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `${this.time.format(ts)} WARN [${THREADS[thread]}] c.s.payment.ChargeService: Charge declined for order ${order}: decline_code=${code} trace_id=${trace}`,
    );
  }

  /** The gateway's rare 502: an ERROR with a stack trace (normal traffic, ~0.5% of charges). */
  gatewayError(ts: number, host: number, thread: number, order: string, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `${this.time.format(ts)} ERROR [${THREADS[thread]}] c.s.payment.GatewayClient: Gateway returned HTTP 502 for order ${order} trace_id=${trace}${BAD_GATEWAY_TRACE}`,
    );
  }

  /** `status`: succeeded | declined | failed. Closes the charge sequence opened by chargeStarted. */
  chargeCompleted(ts: number, host: number, thread: number, order: string, status: string, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `${this.time.format(ts)} INFO [${THREADS[thread]}] c.s.payment.ChargeService: charge completed order=${order} status=${status} trace_id=${trace}`,
    );
  }

  background(ts: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const host = rng.int(this.hosts.length);
    const r = rng.float();
    const stamp = this.time.format(ts);
    if (r < 0.6) {
      const active = rng.poisson(2);
      const total = 10;
      this.write(
        ts,
        host,
        `${stamp} DEBUG [HikariPool-1 housekeeper] c.z.h.pool.HikariPool: HikariPool-1 - Pool stats (total=${total}, active=${Math.min(active, total)}, idle=${total - Math.min(active, total)}, waiting=0)`,
      );
    } else if (r < 0.85) {
      this.write(ts, host, this.tokenRefreshed(stamp));
    } else {
      this.write(ts, host, `${stamp} INFO [scheduling-1] c.s.payment.FraudRules: Fraud rules reloaded: ${130 + rng.int(20)} rules active`);
    }
  }

  incidentLine(kind: IncidentKind, ts: number, host: number, magnitude: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const pools = this.ctx.pools;
    const stamp = this.time.format(ts);
    const thread = rng.int(THREADS.length);
    const trace = this.ctx.sink.trace === '' ? traceId(rng) : this.ctx.sink.trace;
    switch (kind) {
      case 'rate_spike': // a token-refresh loop: an existing template
        this.write(ts, host, this.tokenRefreshed(stamp));
        return;
      case 'new_pattern':
        this.deliver(
          ts,
          host,
          'java',
          `${stamp} WARN [${THREADS[thread]}] c.s.payment.FraudClient: Fraud score unavailable for order ${pools.nextOrderId()}, defaulting to allow trace_id=${trace}`,
        );
        return;
      case 'error_spike':
        this.deliver(
          ts,
          host,
          'java',
          `${stamp} ERROR [${THREADS[thread]}] c.s.payment.GatewayClient: Gateway timeout after 30000 ms calling POST https://api.paygate.example/v1/charges order=${pools.nextOrderId()} trace_id=${trace}${TIMEOUT_TRACE}`,
        );
        return;
      case 'latency':
        this.charged(ts, host, thread, 'visa', '4242', pools.nextOrderId(), 59.9, 'EUR', rng.logNormal(180, 0.45) * magnitude, trace);
        return;
      case 'new_value':
        this.charged(ts, host, thread, 'visa', '4242', pools.nextOrderId(), 59.9, 'XXX', rng.logNormal(180, 0.45), trace);
        return;
      case 'sequence':
        this.chargeStarted(ts, host, thread, pools.nextOrderId(), 59.9, 'EUR', trace);
        return;
      default:
        return;
    }
  }

  private tokenRefreshed(stamp: string): string {
    return `${stamp} INFO [scheduling-1] c.s.payment.TokenRefresher: Refreshed gateway access token, expires in 3600 s`;
  }
}

const THREADS: readonly string[] = Array.from({ length: 20 }, (_, i) => `http-nio-8080-exec-${i + 1}`);

const BAD_GATEWAY_TRACE = `
com.shop.payment.gateway.GatewayException: upstream returned 502 Bad Gateway
\tat com.shop.payment.gateway.GatewayClient.checkResponse(GatewayClient.java:211)
\tat com.shop.payment.gateway.GatewayClient.charge(GatewayClient.java:146)
\tat com.shop.payment.ChargeService.charge(ChargeService.java:88)
\tat com.shop.payment.api.ChargeController.create(ChargeController.java:51)
\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)
\t... 48 common frames omitted`;

const TIMEOUT_TRACE = `
java.net.SocketTimeoutException: Read timed out
\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)
\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)
\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)
\tat org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer(SessionInputBufferImpl.java:149)
\tat com.shop.payment.gateway.GatewayClient.charge(GatewayClient.java:142)
\tat com.shop.payment.ChargeService.charge(ChargeService.java:88)
\tat com.shop.payment.api.ChargeController.create(ChargeController.java:51)
Caused by: java.net.SocketTimeoutException: timeout waiting for response headers
\tat org.apache.hc.client5.http.impl.classic.InternalExecRuntime.execute(InternalExecRuntime.java:211)
\t... 52 common frames omitted`;
