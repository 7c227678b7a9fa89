import { fixed1 } from '../internal/decimal.js';
import { traceId } from '../internal/ids.js';
import { TimestampFormatter } from '../internal/time-format.js';
import type { IncidentKind } from '../types.js';
import { ServiceWriter } from './service-writer.js';
import type { SimContext } from './service-writer.js';
import { DATABASE } from './service-ids.js';

/**
 * PostgreSQL behind a logging proxy (db-1 primary, db-2 replica), logfmt:
 * `ts=2026-11-23T08:00:01.123Z level=info msg="checkpoint complete" buffers=412 dur=843.0ms`.
 * Durations are `dur=<ms with one decimal>ms`; statements from requests carry `trace_id`
 * (propagated by the application in a SQL comment, as sqlcommenter does).
 */
export class DatabaseWriter extends ServiceWriter {
  private readonly time = new TimestampFormatter('iso');

  constructor(ctx: SimContext, enabled: boolean) {
    super(ctx, DATABASE, 'logfmt', 2, enabled, 'db');
  }

  /** `host` 0 is the primary (writes), 1 the replica (reads). */
  statement(ts: number, host: number, op: string, table: string, rows: number, durMs: number, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `ts=${this.time.format(ts)} level=debug msg="statement executed" db=shop op=${op} table=${table} rows=${rows} dur=${fixed1(durMs)}ms trace_id=${trace}`,
    );
  }

  duplicateKey(ts: number, host: number, table: string, trace: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `ts=${this.time.format(ts)} level=error msg="duplicate key value violates unique constraint" constraint=${table}_pkey sqlstate=23505 table=${table} trace_id=${trace}`,
    );
  }

  background(ts: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const stamp = this.time.format(ts);
    const r = rng.float();
    if (r < 0.55) {
      this.write(ts, rng.int(2), this.connectionAuthorized(stamp));
    } else if (r < 0.7) {
      this.write(
        ts,
        0,
        `ts=${stamp} level=info msg="checkpoint complete" buffers=${rng.poisson(400)} dur=${fixed1(rng.logNormal(800, 0.4))}ms wal_added=${rng.int(4)} wal_removed=0`,
      );
    } else if (r < 0.82) {
      this.write(
        ts,
        0,
        `ts=${stamp} level=info msg="automatic vacuum" table=public.${rng.pick(VACUUM_TABLES)} removed=${rng.poisson(120)} dur=${fixed1(rng.logNormal(35, 0.6))}ms`,
      );
    } else if (r < 0.97) {
      this.write(ts, 1, `ts=${stamp} level=info msg="replication status" replica=db-2 state=streaming lag_bytes=${rng.poisson(2048)}`);
    } else {
      this.write(
        ts,
        0,
        `ts=${stamp} level=warn msg="slow query" table=orders op=select rows=${rng.between(800, 5000)} dur=${fixed1(rng.logNormal(1400, 0.3))}ms`,
      );
    }
  }

  incidentLine(kind: IncidentKind, ts: number, host: number, magnitude: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const stamp = this.time.format(ts);
    const trace = this.ctx.sink.trace === '' ? traceId(rng) : this.ctx.sink.trace;
    switch (kind) {
      case 'rate_spike': // a connection storm (a pool without a limit): an existing template
        this.write(ts, host, this.connectionAuthorized(stamp));
        return;
      case 'new_pattern':
        this.deliver(
          ts,
          0,
          'logfmt',
          `ts=${stamp} level=error msg="disk quota exceeded on /var/lib/postgresql/16/main/pg_wal" free_bytes=${rng.int(4096) * 1024} wanted_bytes=16777216`,
        );
        return;
      case 'error_spike':
        this.deliver(
          ts,
          0,
          'logfmt',
          `ts=${stamp} level=error msg="deadlock detected" sqlstate=40P01 table=inventory pid=${rng.between(20_000, 60_000)} blocked_by=${rng.between(20_000, 60_000)} trace_id=${trace}`,
        );
        return;
      case 'latency':
        this.statement(ts, host, 'select', 'products', 24, rng.logNormal(4, 0.3) * magnitude, trace);
        return;
      default:
        return;
    }
  }

  private connectionAuthorized(stamp: string): string {
    const rng = this.ctx.rng;
    return `ts=${stamp} level=info msg="connection authorized" user=app database=shop application=${rng.pick(APPLICATIONS)} client=10.0.${1 + rng.int(3)}.${11 + rng.int(3)}`;
  }
}

const VACUUM_TABLES = ['cart_items', 'sessions', 'orders', 'inventory', 'events'];
const APPLICATIONS = ['web-api', 'auth', 'payment', 'worker'];
