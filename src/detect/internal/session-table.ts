import type { MinedEvent, TemplateId } from '../../model/index.js';
import { LogsiftError } from '../../model/index.js';
import type { SampleLine } from '../detection-window.js';
import type { TemplateLookup } from '../detector.js';
import { BoundedMap } from './bounded-map.js';

/** Keys a line may join at most (a trace id plus parameters and pattern matches). */
const MAX_KEYS_PER_LINE = 4;

/** One session: the canonical template of each line (in arrival order), their services, its first and last lines. */
export interface Session {
  readonly key: string;
  readonly events: TemplateId[];
  /** Service of each kept event, parallel to `events`. */
  readonly services: string[];
  truncated: number;
  lastTs: number;
  first: SampleLine;
  last: SampleLine;
}

export interface SessionKeying {
  readonly useTraceIds: boolean;
  readonly sessionParams: readonly string[];
  readonly sessionPatterns: readonly string[];
  readonly maxSessionEvents: number;
  readonly maxOpenSessions: number;
}

/**
 * Open sessions of one tenant, keyed `t:<trace>`, `p:<name>=<value>` or `m:<match>`, in order of
 * last arrival (the least recently touched is evicted first). Bounded: beyond `maxOpenSessions` the
 * least recently active is dropped, beyond `maxSessionEvents` lines are counted, not kept.
 * Template ids are mapped to the oldest template they generalised, so a generalisation does not
 * read as a new event.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly canonical = new BoundedMap<TemplateId, TemplateId>(100_000);
  /** Canonical template → the service that logs it (for blaming findings). */
  readonly serviceOf = new BoundedMap<TemplateId, string>(100_000);
  private readonly patterns: readonly RegExp[];
  private readonly params: ReadonlySet<string>;
  readonly counters = { sessionsEvicted: 0, eventsTruncated: 0 };

  constructor(
    private readonly config: SessionKeying,
    private readonly templates: TemplateLookup,
  ) {
    this.patterns = config.sessionPatterns.map((p) => {
      try {
        return new RegExp(p, 'g');
      } catch (err) {
        throw new LogsiftError('invalid_config', `sequence detector: sessionPatterns entry ${JSON.stringify(p)} is not a regular expression: ${(err as Error).message}`);
      }
    });
    this.params = new Set(config.sessionParams);
  }

  get size(): number {
    return this.sessions.size;
  }

  clear(): void {
    this.sessions.clear();
  }

  /** Adds the line to every session it keys. */
  add(event: MinedEvent, id: string): void {
    let keys = 0;
    if (this.config.useTraceIds && event.traceId !== null) {
      this.join(`t:${event.traceId}`, event, id);
      keys++;
    }
    if (this.params.size > 0) keys += this.addParams(event, id, keys);
    for (const re of this.patterns) {
      if (keys >= MAX_KEYS_PER_LINE) break;
      re.lastIndex = 0;
      for (let m = re.exec(event.message); m !== null && keys < MAX_KEYS_PER_LINE; m = re.exec(event.message)) {
        this.join(`m:${m[1] ?? m[0]}`, event, id);
        keys++;
        if (m[0].length === 0) re.lastIndex++;
      }
    }
  }

  /**
   * Removes and returns the sessions whose last line is older than `before` (event time). All
   * open sessions are looked at: arrival order (one stream of a batch after another) is not
   * event-time order, so a busy session near the front must not hold idle ones behind it.
   */
  closeIdle(before: number): Session[] {
    const closing: Session[] = [];
    for (const s of this.sessions.values()) if (s.lastTs < before) closing.push(s);
    for (const s of closing) this.sessions.delete(s.key);
    return closing;
  }

  private addParams(event: MinedEvent, id: string, used: number): number {
    let keys = 0;
    const slots = this.templates.get(event.templateId)?.slots;
    if (slots !== undefined) {
      for (let i = 0; i < slots.length && used + keys < MAX_KEYS_PER_LINE; i++) {
        const name = slots[i].name;
        if (name !== null && this.params.has(name) && event.params[i] !== undefined) {
          this.join(`p:${name}=${event.params[i]}`, event, id);
          keys++;
        }
      }
    }
    if (event.attrs !== null) {
      for (const name of this.params) {
        if (used + keys >= MAX_KEYS_PER_LINE) break;
        const v = event.attrs[name];
        if (typeof v === 'string' || typeof v === 'number') {
          this.join(`p:${name}=${v}`, event, id);
          keys++;
        }
      }
    }
    return keys;
  }

  private join(key: string, event: MinedEvent, id: string): void {
    const line: SampleLine = { id, ts: event.ts, level: event.level, host: event.host, traceId: event.traceId, message: event.message };
    let s = this.sessions.get(key);
    if (s === undefined) {
      if (this.sessions.size >= this.config.maxOpenSessions) {
        const oldest = this.sessions.keys().next().value as string;
        this.sessions.delete(oldest);
        this.counters.sessionsEvicted++;
      }
      s = { key, events: [], services: [], truncated: 0, lastTs: event.ts, first: line, last: line };
    } else {
      // Re-insert so iteration order follows last activity (oldest first).
      this.sessions.delete(key);
    }
    this.sessions.set(key, s);
    const t = this.canonicalOf(event.templateId);
    if (this.serviceOf.peek(t) === undefined) this.serviceOf.set(t, event.service);
    if (s.events.length < this.config.maxSessionEvents) {
      s.events.push(t);
      s.services.push(event.service);
    } else {
      s.truncated++;
      this.counters.eventsTruncated++;
    }
    if (event.ts >= s.lastTs) {
      s.lastTs = event.ts;
      s.last = line;
    }
  }

  /** The oldest template a template generalised. */
  private canonicalOf(id: TemplateId): TemplateId {
    const cached = this.canonical.get(id);
    if (cached !== undefined) return cached;
    let c = id;
    for (let t = this.templates.get(id), hops = 0; t !== undefined && t.ancestors.length > 0 && hops < 16; hops++) {
      c = t.ancestors[0];
      t = this.templates.get(c);
    }
    this.canonical.set(id, c);
    return c;
  }
}
