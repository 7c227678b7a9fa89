import { fixed3 } from '../internal/decimal.js';
import { uuid4 } from '../internal/ids.js';
import { TimestampFormatter } from '../internal/time-format.js';
import type { IncidentKind } from '../types.js';
import { ServiceWriter } from './service-writer.js';
import type { SimContext } from './service-writer.js';
import { WORKER } from './service-ids.js';

/**
 * The Python Celery worker (worker-1, worker-2) that sends receipts and runs periodic jobs,
 * Celery's log format `[%(asctime)s: %(levelname)s/%(processName)s] %(message)s`, e.g.
 * `[2026-11-23 08:00:01,123: INFO/ForkPoolWorker-2] Task shop.tasks.send_receipt[<uuid>] succeeded in 0.213s: None`.
 * Failures are followed by a Python traceback on the next lines. A task's sequence is
 * keyed by its id: received → (app lines) → succeeded | retry | raised.
 */
export class WorkerWriter extends ServiceWriter {
  private readonly time = new TimestampFormatter('comma');

  constructor(ctx: SimContext, enabled: boolean) {
    super(ctx, WORKER, 'python', 2, enabled);
  }

  received(ts: number, host: number, task: string, id: string): void {
    if (!this.enabled) return;
    this.write(ts, host, `[${this.time.format(ts)}: INFO/MainProcess] Task ${task}[${id}] received`);
  }

  /** A line the task itself logs (Celery's task logger prefixes `task[id]: `). `proc` in [0, 4). */
  taskInfo(ts: number, host: number, proc: number, task: string, id: string, text: string): void {
    if (!this.enabled) return;
    this.write(ts, host, `[${this.time.format(ts)}: INFO/${PROCS[proc]}] ${task}[${id}]: ${text}`);
  }

  /** `result` is the task's return value as Python prints it (`None`, `{'updated': 42}`). */
  succeeded(ts: number, host: number, proc: number, task: string, id: string, seconds: number, result: string): void {
    if (!this.enabled) return;
    this.write(ts, host, `[${this.time.format(ts)}: INFO/${PROCS[proc]}] Task ${task}[${id}] succeeded in ${fixed3(seconds)}s: ${result}`);
  }

  retry(ts: number, host: number, proc: number, task: string, id: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `[${this.time.format(ts)}: WARNING/${PROCS[proc]}] Task ${task}[${id}] retry: Retry in 30s: SMTPServerDisconnected('Connection unexpectedly closed')`,
    );
  }

  /** A task that raised: ERROR with a traceback (normal traffic, rare). */
  failed(ts: number, host: number, proc: number, task: string, id: string): void {
    if (!this.enabled) return;
    this.write(
      ts,
      host,
      `[${this.time.format(ts)}: ERROR/${PROCS[proc]}] Task ${task}[${id}] raised unexpected: SMTPRecipientsRefused({'<redacted>': (550, b'5.1.1 mailbox unavailable')})${SMTP_TRACEBACK}`,
    );
  }

  background(ts: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const job = rng.int(BEAT_JOBS.length);
    const host = rng.int(this.hosts.length);
    const proc = rng.int(PROCS.length);
    const id = uuid4(rng);
    const seconds = rng.logNormal(BEAT_SECONDS[job], 0.5);
    this.write(ts, 0, this.beatLine(ts, job));
    this.received(ts + 2, host, BEAT_TASKS[job], id);
    this.succeeded(ts + 3 + Math.round(seconds * 1000), host, proc, BEAT_TASKS[job], id, seconds, job === 0 ? `{'updated': ${rng.poisson(40)}}` : 'None');
  }

  incidentLine(kind: IncidentKind, ts: number, host: number, magnitude: number): void {
    if (!this.enabled) return;
    const rng = this.ctx.rng;
    const proc = rng.int(PROCS.length);
    switch (kind) {
      case 'rate_spike': // beat firing on every tick: an existing template
        this.write(ts, 0, this.beatLine(ts, rng.int(BEAT_JOBS.length)));
        return;
      case 'new_pattern':
        this.deliver(
          ts,
          host,
          'python',
          `[${this.time.format(ts)}: WARNING/MainProcess] consumer: Connection to broker lost. Trying to re-establish the connection...`,
        );
        return;
      case 'error_spike':
        this.deliver(
          ts,
          host,
          'python',
          `[${this.time.format(ts)}: ERROR/${PROCS[proc]}] Task shop.tasks.send_receipt[${uuid4(rng)}] raised unexpected: OperationalError('could not connect to server: Connection refused')${DB_TRACEBACK}`,
        );
        return;
      case 'latency':
        this.succeeded(ts, host, proc, RECEIPT_TASK, uuid4(rng), rng.logNormal(0.25, 0.5) * magnitude, 'None');
        return;
      case 'sequence':
        this.received(ts, host, RECEIPT_TASK, uuid4(rng));
        return;
      default:
        return;
    }
  }

  private beatLine(ts: number, job: number): string {
    return `[${this.time.format(ts)}: INFO/Beat] Scheduler: Sending due task ${BEAT_JOBS[job]} (${BEAT_TASKS[job]})`;
  }
}

export const RECEIPT_TASK = 'shop.tasks.send_receipt';
const PROCS = ['ForkPoolWorker-1', 'ForkPoolWorker-2', 'ForkPoolWorker-3', 'ForkPoolWorker-4'];
const BEAT_JOBS = ['sync-inventory', 'refresh-recommendations', 'backend-cleanup'];
const BEAT_TASKS = ['shop.tasks.sync_inventory', 'shop.tasks.refresh_recommendations', 'celery.backend_cleanup'];
/** Median run time of each beat task, s. */
const BEAT_SECONDS = [1.2, 3.5, 0.05];

const SMTP_TRACEBACK = `
Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/celery/app/trace.py", line 453, in trace_task
    R = retval = fun(*args, **kwargs)
  File "/app/shop/tasks.py", line 88, in send_receipt
    mailer.send(message)
  File "/app/shop/mail.py", line 41, in send
    smtp.send_message(message)
  File "/usr/local/lib/python3.12/smtplib.py", line 892, in sendmail
    raise SMTPRecipientsRefused(senderrs)
smtplib.SMTPRecipientsRefused: {'<redacted>': (550, b'5.1.1 mailbox unavailable')}`;

const DB_TRACEBACK = `
Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/celery/app/trace.py", line 453, in trace_task
    R = retval = fun(*args, **kwargs)
  File "/app/shop/tasks.py", line 79, in send_receipt
    order = Order.objects.get(pk=order_id)
  File "/usr/local/lib/python3.12/site-packages/django/db/backends/base/base.py", line 256, in connect
    self.connection = self.get_new_connection(conn_params)
  File "/usr/local/lib/python3.12/site-packages/psycopg/connection.py", line 119, in connect
    raise last_ex.with_traceback(None)
django.db.utils.OperationalError: could not connect to server: Connection refused`;
