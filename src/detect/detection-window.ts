import type { Level, TemplateId } from '../model/index.js';

/** One sample line kept for evidence. */
export interface SampleLine {
  /** Store id (open it with GET /api/v1/logs/:id/context). */
  readonly id: string;
  /** Event time, ms since epoch. */
  readonly ts: number;
  readonly level: Level;
  readonly host: string;
  readonly traceId: string | null;
  readonly message: string;
}

/** What one template did in one service during one window. */
export interface TemplateWindow {
  readonly id: TemplateId;
  readonly lines: number;
  /** Lines at warn or above. */
  readonly problems: number;
  /** Highest level seen. */
  readonly maxLevel: Level;
  /** The first few lines, in arrival order (at most `SAMPLES_PER_TEMPLATE`). */
  readonly samples: readonly SampleLine[];
}

/** What one service did during one window. */
export interface ServiceWindow {
  readonly service: string;
  readonly lines: number;
  /** Lines at warn or above (the error rate's numerator). */
  readonly problems: number;
  /** Lines at error or above. */
  readonly errors: number;
  /** Sum of message lengths, characters. */
  readonly chars: number;
  /** Distinct hosts seen (counting stops at `MAX_HOSTS_PER_WINDOW`). */
  readonly hosts: ReadonlySet<string>;
  readonly templates: ReadonlyMap<TemplateId, TemplateWindow>;
}

/**
 * A closed detection window of one tenant: every event with event time in [start, end) that
 * arrived before the watermark passed `end`. Handed to every detector once, in window order.
 */
export interface ClosedWindow {
  /** floor(start / windowMs): consecutive windows have consecutive indexes (gaps are possible). */
  readonly index: number;
  /** ms since epoch, [start, end). */
  readonly start: number;
  readonly end: number;
  /**
   * The window may be missing lines: the first windows after a restart, or events dropped by the
   * runner's bounded queue. Detectors must not judge drops or silence on it, nor learn from it.
   */
  readonly partial: boolean;
  /**
   * Windows right before this one that the runner skipped instead of closing one by one (a gap
   * in the tenant's data longer than `maxGapWindows`): empty windows the detectors did not see.
   */
  readonly skippedBefore: number;
  readonly services: ReadonlyMap<string, ServiceWindow>;
}

/** Samples kept per template and window. */
export const SAMPLES_PER_TEMPLATE = 3;
/** Distinct hosts remembered per service and window. */
export const MAX_HOSTS_PER_WINDOW = 256;
