import { levelRank } from '../../model/index.js';
import type { Level, MinedEvent, TemplateId } from '../../model/index.js';
import { MAX_HOSTS_PER_WINDOW, SAMPLES_PER_TEMPLATE } from '../detection-window.js';
import type { ClosedWindow, SampleLine, ServiceWindow, TemplateWindow } from '../detection-window.js';

const WARN = levelRank('warn');
const ERROR = levelRank('error');

class TemplateAccumulator implements TemplateWindow {
  lines = 0;
  problems = 0;
  maxLevel: Level = 'trace';
  readonly samples: SampleLine[] = [];

  constructor(readonly id: TemplateId) {}
}

class ServiceAccumulator implements ServiceWindow {
  lines = 0;
  problems = 0;
  errors = 0;
  chars = 0;
  readonly hosts = new Set<string>();
  readonly templates = new Map<TemplateId, TemplateAccumulator>();

  constructor(readonly service: string) {}
}

/**
 * Counts of one open window of one tenant, built event by event: per service lines, problem
 * and error lines, characters, hosts; per template lines, problems, top level and the first
 * sample lines. Becomes the `ClosedWindow` every detector reads.
 */
export class WindowAccumulator implements ClosedWindow {
  readonly services = new Map<string, ServiceAccumulator>();
  partial = false;
  skippedBefore = 0;

  constructor(
    readonly index: number,
    readonly start: number,
    readonly end: number,
  ) {}

  add(e: MinedEvent, id: string): void {
    let s = this.services.get(e.service);
    if (s === undefined) {
      s = new ServiceAccumulator(e.service);
      this.services.set(e.service, s);
    }
    const rank = levelRank(e.level);
    s.lines++;
    s.chars += e.message.length;
    if (rank >= WARN) s.problems++;
    if (rank >= ERROR) s.errors++;
    if (s.hosts.size < MAX_HOSTS_PER_WINDOW) s.hosts.add(e.host);
    let t = s.templates.get(e.templateId);
    if (t === undefined) {
      t = new TemplateAccumulator(e.templateId);
      s.templates.set(e.templateId, t);
    }
    t.lines++;
    if (rank >= WARN) t.problems++;
    if (rank > levelRank(t.maxLevel)) t.maxLevel = e.level;
    // Keep the first lines, and make sure a problem line is among them when there is one.
    if (t.samples.length < SAMPLES_PER_TEMPLATE) t.samples.push(sampleOf(e, id));
    else if (rank >= WARN && t.problems === 1) t.samples[SAMPLES_PER_TEMPLATE - 1] = sampleOf(e, id);
  }
}

function sampleOf(e: MinedEvent, id: string): SampleLine {
  return { id, ts: e.ts, level: e.level, host: e.host, traceId: e.traceId, message: e.message };
}
