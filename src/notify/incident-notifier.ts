import type { Anomaly, Incident, TimelineKind } from '../model/index.js';
import type { AlertRule, AlertStore, ChannelRecord, NotificationLog, NotificationReason, NotificationRecord } from '../store/index.js';
import { LogsiftError } from '../model/index.js';
import { newId } from '../detect/index.js';
import type { IncidentChange } from '../incidents/index.js';
import { ruleMatches } from './alert-rule-match.js';
import type { Channel } from './channels/channel.js';
import { DeliveryError } from './channels/channel.js';
import { channelFactory } from './channels/registry.js';
import type { NotifierConfig } from './notifier-config.js';
import { buildMessage, testMessage } from './notification-message.js';
import type { NotificationMessage } from './notification-message.js';
import type { NotifyMetrics } from './notify-metrics.js';
import { NOOP_NOTIFY_METRICS } from './notify-metrics.js';

/** Where delivery results are noted on the incident (the tracker's `note`). */
export type TimelineNote = (tenant: string, incidentId: string, kind: TimelineKind, actor: string, text: string) => Promise<void>;

export interface NotifierSettings {
  readonly alerts: AlertStore;
  readonly log: NotificationLog;
  readonly note: TimelineNote;
  readonly metrics?: NotifyMetrics;
  /** Wall clock, ms since epoch. */
  readonly clock?: () => number;
  readonly warn?: (message: string) => void;
}

/** What is being sent to one channel about one incident. */
interface Thread {
  readonly tenant: string;
  readonly incidentId: string;
  readonly channelId: string;
  ruleId: string;
  rule: AlertRule;
  incident: Incident;
  /** Anomalies to quote, gathered since the last message (newest first). */
  quote: Anomaly[];
  reason: NotificationReason;
  timer: NodeJS.Timeout | null;
  lastSentAt: number;
  /** What the last message said (status, severity, findings, regressions): an unchanged state is not sent twice. */
  lastFingerprint: string | null;
}

/** Threads (incident × channel) remembered; the oldest are forgotten beyond it. */
const MAX_THREADS = 10_000;

/**
 * Sends incidents to channels by rule (service, severity, kind). Per incident and channel it
 * groups a burst of changes into one message (`groupWaitMs` before the first, at most one per
 * `groupIntervalMs` after), never sends the same state twice, re-notifies open unacknowledged
 * incidents every rule's `renotifyMs`, and tells when they resolve. Each message is logged in the
 * NotificationLog; failures retry with doubling backoff and, after the last attempt, show in the
 * log, the metrics and the incident's timeline.
 *
 * Lifecycle: `start()` returns at once; `stop()` cancels timers, aborts deliveries in flight and
 * is idempotent.
 */
export class IncidentNotifier {
  private readonly threads = new Map<string, Thread>();
  private readonly rules = new Map<string, Promise<readonly AlertRule[]>>();
  private readonly channels = new Map<string, { updatedAt: number; record: ChannelRecord; channel: Channel }>();
  private readonly ready: (() => Promise<void>)[] = [];
  private inFlight = 0;
  private pending = 0;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private renotify: NodeJS.Timeout | null = null;
  private readonly abort = new AbortController();
  private readonly metrics: NotifyMetrics;
  private readonly clock: () => number;
  private readonly warn: (message: string) => void;
  private stopped = false;
  private readonly work = new Set<Promise<void>>();

  constructor(
    private readonly settings: NotifierSettings,
    private readonly config: NotifierConfig,
  ) {
    this.metrics = settings.metrics ?? NOOP_NOTIFY_METRICS;
    this.clock = settings.clock ?? Date.now;
    this.warn = settings.warn ?? ((m) => process.emitWarning(m));
  }

  start(): void {
    if (this.renotify !== null || this.stopped) return;
    this.renotify = setInterval(() => this.checkRenotify(), this.config.renotifyCheckMs);
    this.renotify.unref();
  }

  /** The tracker's listener: returns at once; rule lookup and delivery happen asynchronously. */
  readonly onIncidentChange = (change: IncidentChange): void => {
    if (this.stopped) return;
    this.track(this.route(change));
  };

  /** Forget cached rules and channels of a tenant (after API changes). */
  invalidate(tenant: string): void {
    this.rules.delete(tenant);
    for (const key of this.channels.keys()) if (key.startsWith(`${tenant}\u0000`)) this.channels.delete(key);
  }

  /** Sends a test message to one channel now and reports the outcome (the UI's "send test" button). */
  async test(tenant: string, channelId: string): Promise<NotificationRecord> {
    const c = await this.channel(tenant, channelId);
    const record = this.newRecord(tenant, null, channelId, null, 'test');
    return this.attemptAll(record, c.channel, c.record.type, testMessage(tenant, c.record.name, this.clock()), Math.min(2, this.config.maxAttempts), false);
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.renotify !== null) clearInterval(this.renotify);
    this.renotify = null;
    for (const t of this.threads.values()) if (t.timer !== null) clearTimeout(t.timer);
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    this.ready.length = 0;
    this.abort.abort();
    return Promise.allSettled([...this.work]).then(() => undefined);
  }

  private async route(change: IncidentChange): Promise<void> {
    const { incident } = change;
    if (this.config.maxAgeMs > 0 && this.clock() - incident.lastActivityAt > this.config.maxAgeMs) return;
    const rules = await this.rulesOf(change.tenant);
    for (const rule of rules) {
      if (!ruleMatches(rule, incident)) continue;
      for (const channelId of rule.channelIds) this.update(change, rule, channelId);
    }
  }

  private update(change: IncidentChange, rule: AlertRule, channelId: string): void {
    const key = `${change.tenant}\u0000${change.incident.id}\u0000${channelId}`;
    let t = this.threads.get(key);
    const reason = reasonOf(change);
    if (reason === null) return;
    if (t === undefined) {
      // Nothing was sent yet: only a live incident starts a thread.
      if (change.incident.status === 'resolved') return;
      if (this.threads.size >= MAX_THREADS) this.threads.delete(this.threads.keys().next().value as string);
      t = { tenant: change.tenant, incidentId: change.incident.id, channelId, ruleId: rule.id, rule, incident: change.incident, quote: [], reason: 'opened', timer: null, lastSentAt: 0, lastFingerprint: null };
      this.threads.set(key, t);
    }
    t.incident = change.incident;
    t.rule = rule;
    t.ruleId = rule.id;
    t.quote = [...change.anomalies].reverse().concat(t.quote).slice(0, 20);
    if (t.lastFingerprint === null) t.reason = 'opened';
    else if (reason === 'resolved' || reason === 'regressed' || t.reason === 'renotify' || t.reason === 'updated') t.reason = reason;
    if (t.timer !== null) return;
    const wait = t.lastFingerprint === null || reason === 'resolved' || reason === 'regressed' ? this.config.groupWaitMs : Math.max(this.config.groupWaitMs, t.lastSentAt + this.config.groupIntervalMs - this.clock());
    t.timer = setTimeout(() => {
      (t as Thread).timer = null;
      this.track(this.flush(t as Thread));
    }, wait);
    t.timer.unref();
  }

  /** Sends what the thread has gathered, unless it says nothing new. */
  private async flush(t: Thread): Promise<void> {
    if (this.stopped) return;
    const fp = fingerprint(t.incident);
    // An incident that resolved before its first message went out gets one resolved message.
    if (t.lastFingerprint === null && t.incident.status === 'resolved') t.reason = 'resolved';
    if (t.reason === 'resolved' && !t.rule.notifyResolved) return;
    if (fp === t.lastFingerprint && t.reason !== 'renotify') {
      this.metrics.deliveries('any', 'deduplicated');
      return;
    }
    t.lastFingerprint = fp;
    t.lastSentAt = this.clock();
    const reason = t.reason;
    const quote = t.quote;
    t.quote = [];
    t.reason = 'updated';
    await this.deliver(t.tenant, t.incident, t.channelId, t.ruleId, reason, quote);
  }

  private checkRenotify(): void {
    const now = this.clock();
    for (const t of this.threads.values()) {
      if (t.timer !== null || t.rule.renotifyMs <= 0 || t.incident.status !== 'open' || t.lastFingerprint === null) continue;
      if (now - t.lastSentAt >= t.rule.renotifyMs) {
        t.reason = 'renotify';
        this.track(this.flush(t));
      }
    }
  }

  private async deliver(tenant: string, incident: Incident, channelId: string, ruleId: string, reason: NotificationReason, quote: readonly Anomaly[]): Promise<void> {
    let c: { record: ChannelRecord; channel: Channel };
    try {
      c = await this.channel(tenant, channelId);
    } catch (err) {
      this.warn(`notification for incident ${incident.id} not sent: ${(err as Error).message}`);
      return;
    }
    const record = this.newRecord(tenant, incident.id, channelId, ruleId, reason);
    if (this.pending >= this.config.maxPending) {
      this.metrics.deliveries(c.record.type, 'dropped');
      await this.save({ ...record, status: 'dropped', lastError: 'delivery queue full' });
      return;
    }
    const message = buildMessage(reason, incident, quote, this.config.publicUrl, this.clock());
    this.pending++;
    try {
      await this.attemptAll(record, c.channel, c.record.type, message, this.config.maxAttempts, true, c.record.name);
    } finally {
      this.pending--;
    }
  }

  /** Attempts a delivery up to `attempts` times with backoff; logs and returns the final record. */
  private async attemptAll(
    record: NotificationRecord,
    channel: Channel,
    type: string,
    message: NotificationMessage,
    attempts: number,
    noteTimeline: boolean,
    channelName = record.channelId,
  ): Promise<NotificationRecord> {
    let r = record;
    await this.save(r);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        this.metrics.deliveries(type, 'retried');
        await this.sleep(Math.min(this.config.maxBackoffMs, this.config.backoffMs * 2 ** (attempt - 2)) * (0.75 + Math.random() * 0.5));
      }
      if (this.abort.signal.aborted) break;
      try {
        await this.slot(() => channel.send(message, this.abort.signal));
        const now = this.clock();
        r = { ...r, status: 'delivered', attempts: attempt, updatedAt: now, deliveredAt: now, lastError: null };
        this.metrics.deliveries(type, 'delivered');
        await this.save(r);
        if (noteTimeline && r.incidentId !== null) await this.settings.note(r.tenant, r.incidentId, 'notified', channelName, `${r.reason} notification delivered${attempt > 1 ? ` after ${attempt} attempts` : ''}`);
        return r;
      } catch (err) {
        const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message, true);
        r = { ...r, attempts: attempt, updatedAt: this.clock(), lastError: e.message };
        await this.save(r);
        if (!e.retryable) break;
      }
    }
    r = { ...r, status: 'failed', updatedAt: this.clock() };
    this.metrics.deliveries(type, 'failed');
    await this.save(r);
    this.warn(`notification to channel ${channelName} failed after ${r.attempts} attempt(s): ${r.lastError ?? 'aborted'}`);
    if (noteTimeline && r.incidentId !== null) await this.settings.note(r.tenant, r.incidentId, 'notify_failed', channelName, `${r.reason} notification failed after ${r.attempts} attempt(s): ${r.lastError ?? 'aborted'}`);
    return r;
  }

  /** Runs `task` when fewer than `concurrency` deliveries are in flight. */
  private slot<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = async () => {
        this.inFlight++;
        try {
          resolve(await task());
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        } finally {
          this.inFlight--;
          this.ready.shift()?.();
        }
      };
      if (this.inFlight < this.config.concurrency) void run();
      else this.ready.push(run);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.retryTimers.delete(t);
        resolve();
      }, ms);
      t.unref();
      this.retryTimers.add(t);
      this.abort.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  private rulesOf(tenant: string): Promise<readonly AlertRule[]> {
    let r = this.rules.get(tenant);
    if (r === undefined) {
      r = this.settings.alerts.listRules(tenant);
      this.rules.set(tenant, r);
    }
    return r;
  }

  private async channel(tenant: string, id: string): Promise<{ record: ChannelRecord; channel: Channel }> {
    const key = `${tenant}\u0000${id}`;
    const cached = this.channels.get(key);
    if (cached !== undefined) return cached;
    const record = await this.settings.alerts.getChannel(tenant, id);
    if (record === null) throw new LogsiftError('not_found', `no channel ${id}`);
    if (!record.enabled) throw new LogsiftError('conflict', `channel ${record.name} is disabled`);
    const factory = channelFactory(record.type);
    const entry = { updatedAt: record.updatedAt, record, channel: factory.create({ name: record.name }, factory.configure(record.config)) };
    this.channels.set(key, entry);
    return entry;
  }

  private newRecord(tenant: string, incidentId: string | null, channelId: string, ruleId: string | null, reason: NotificationReason): NotificationRecord {
    const now = this.clock();
    return { id: newId('ntf'), tenant, incidentId, channelId, ruleId, reason, status: 'pending', attempts: 0, lastError: null, createdAt: now, updatedAt: now, deliveredAt: null };
  }

  private async save(r: NotificationRecord): Promise<void> {
    try {
      await this.settings.log.saveNotification(r);
    } catch (err) {
      this.warn(`saving notification ${r.id} failed: ${(err as Error).message}`);
    }
  }

  /** Keeps background work visible to `stop()` and reports its failures. */
  private track(p: Promise<void>): void {
    const tracked = p.catch((err: unknown) => this.warn(`notification failed: ${(err as Error).message}`)).finally(() => this.work.delete(tracked));
    this.work.add(tracked);
  }
}

/** The reason a change gives a channel, or null when it is nothing to tell (a summary refresh). */
function reasonOf(change: IncidentChange): NotificationReason | null {
  switch (change.reason) {
    case 'opened':
      return 'opened';
    case 'regressed':
    case 'reopened':
      return 'regressed';
    case 'resolved':
      return 'resolved';
    case 'summary':
      return null;
    default:
      return 'updated';
  }
}

/** What a message says: equal fingerprints are the same news. */
function fingerprint(i: Incident): string {
  return `${i.status}|${i.severity}|${i.kinds.join(',')}|${i.services.join(',')}|${i.regressions}`;
}
