import { emptyLevelCounts, levelFromRank } from '../../model/index.js';
import type { LevelCounts, MinedEvent } from '../../model/index.js';
import type { TemplateStats } from '../log-store.js';

/** Most distinct services remembered per template. */
const MAX_SERVICES = 32;

interface MutableStats {
  id: number;
  text: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  levels: LevelCounts;
  services: string[];
  sample: string;
}

/**
 * In-memory template statistics per tenant, built from the partitions at start-up and
 * kept current from committed batches; rebuilt when retention drops partitions, so the
 * numbers always describe what is stored.
 */
export class TemplateStatsIndex {
  private readonly byTenant = new Map<string, Map<number, MutableStats>>();

  list(tenant: string): TemplateStats[] {
    const m = this.byTenant.get(tenant);
    return m === undefined ? [] : [...m.values()];
  }

  clearTenant(tenant: string): void {
    this.byTenant.delete(tenant);
  }

  /** Adds one partition's summary (templates table + rollup counts). */
  addSummary(
    tenant: string,
    templates: readonly { id: number; text: string; sample: string; firstSeen: number; lastSeen: number }[],
    counts: readonly { template: number; service: string; level: number; n: number }[],
  ): void {
    const m = this.tenantMap(tenant);
    for (const t of templates) {
      const s = this.entry(m, t.id, t.text, t.sample, t.firstSeen);
      if (t.firstSeen < s.firstSeen) {
        s.firstSeen = t.firstSeen;
        s.sample = t.sample;
      }
      if (t.lastSeen > s.lastSeen) s.lastSeen = t.lastSeen;
    }
    for (const c of counts) {
      const s = m.get(c.template);
      if (s === undefined) continue;
      s.count += c.n;
      s.levels[levelFromRank(c.level)] += c.n;
      addService(s, c.service);
    }
  }

  /** Adds committed events (those with an id). `texts` maps template id → text for templates new to the index. */
  addEvents(tenant: string, events: readonly MinedEvent[], ids: readonly (string | null)[], texts: ReadonlyMap<number, string>): void {
    const m = this.tenantMap(tenant);
    for (let i = 0; i < events.length; i++) {
      if (ids[i] === null) continue;
      const e = events[i];
      const s = this.entry(m, e.templateId, texts.get(e.templateId) ?? '', e.message, e.ts);
      s.count++;
      s.levels[e.level]++;
      if (e.ts < s.firstSeen) s.firstSeen = e.ts;
      if (e.ts > s.lastSeen) s.lastSeen = e.ts;
      addService(s, e.service);
    }
  }

  private tenantMap(tenant: string): Map<number, MutableStats> {
    let m = this.byTenant.get(tenant);
    if (m === undefined) {
      m = new Map();
      this.byTenant.set(tenant, m);
    }
    return m;
  }

  private entry(m: Map<number, MutableStats>, id: number, text: string, sample: string, ts: number): MutableStats {
    let s = m.get(id);
    if (s === undefined) {
      s = { id, text, count: 0, firstSeen: ts, lastSeen: ts, levels: emptyLevelCounts(), services: [], sample };
      m.set(id, s);
    }
    return s;
  }
}

function addService(s: MutableStats, service: string): void {
  if (s.services.length < MAX_SERVICES && !s.services.includes(service)) s.services.push(service);
}
