/**
 * Response shapes of the logsift API as the UI reads them (the JSON views of the model types:
 * ids as strings, template ids as 13 hex digits). Kept beside the routes' JSON schemas.
 */
import type { Level } from '../../../src/model/index.js';

export type LevelCounts = Readonly<Record<Level, number>>;

/** GET /api/v1/logs, /api/v1/logs/:id/context, and live-tail batches. */
export interface LogEvent {
  readonly id: string;
  readonly ts: number;
  readonly time: string;
  readonly service: string;
  readonly host: string;
  readonly level: Level;
  readonly message: string;
  readonly attrs: Readonly<Record<string, string | number | boolean | null>> | null;
  readonly traceId: string | null;
  readonly spanId: string | null;
  readonly templateId: string;
}

export interface SearchPage {
  readonly events: readonly LogEvent[];
  readonly nextCursor: string | null;
}

export interface HistogramResponse {
  readonly bucketMs: number;
  readonly complete: boolean;
  readonly buckets: readonly { readonly ts: number; readonly counts: LevelCounts }[];
}

/** GET /api/v1/templates items. */
export interface TemplateSummary {
  readonly id: string;
  readonly text: string;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly levels: LevelCounts;
  readonly services: readonly string[];
  readonly sample: string;
}

export interface TemplateList {
  readonly total: number;
  readonly templates: readonly TemplateSummary[];
}

export interface ParamDistribution {
  readonly position: number;
  readonly type: string;
  readonly name: string | null;
  readonly sampled: number;
  readonly distinct: number;
  readonly top: readonly { readonly value: string; readonly count: number }[];
  readonly numeric: { readonly min: number; readonly max: number; readonly mean: number; readonly p50: number; readonly p90: number; readonly p99: number } | null;
}

/** GET /api/v1/templates/:id */
export interface TemplateDetail extends TemplateSummary {
  readonly keys: readonly string[];
  readonly pinned: boolean;
  readonly replacedBy: string | null;
  readonly related: readonly string[];
  readonly params: readonly ParamDistribution[];
}

/** The time axis shared by the `series` of rollup responses. */
export interface SeriesAxis {
  readonly start: number;
  readonly bucketMs: number;
  readonly count: number;
}

/** GET /api/v1/templates/activity */
export interface TemplateActivity {
  readonly from: number;
  readonly to: number;
  readonly axis: SeriesAxis;
  readonly total: number;
  readonly matched: number;
  readonly templates: readonly {
    readonly id: string;
    readonly text: string;
    readonly sample: string;
    readonly count: number;
    readonly share: number;
    readonly levels: LevelCounts;
    readonly series: readonly number[];
    readonly storedCount: number;
    readonly firstSeen: string;
    readonly lastSeen: string;
    readonly services: readonly string[];
  }[];
}

export type ActivityTemplate = TemplateActivity['templates'][number];

export interface CompareItem {
  readonly id: string;
  readonly text: string;
  readonly sample: string;
  readonly baselineCount: number;
  readonly problemCount: number;
  readonly expected: number;
  readonly ratio: number | null;
  readonly z: number;
  readonly levels: LevelCounts;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** GET /api/v1/templates/compare */
export interface TemplateComparison {
  readonly baseline: { readonly from: number; readonly to: number; readonly total: number };
  readonly problem: { readonly from: number; readonly to: number; readonly total: number };
  readonly new: readonly CompareItem[];
  readonly grew: readonly CompareItem[];
  readonly shrank: readonly CompareItem[];
  readonly vanished: readonly CompareItem[];
  readonly unchanged: number;
}

/** GET /api/v1/services */
export interface ServiceActivity {
  readonly from: number;
  readonly to: number;
  readonly axis: SeriesAxis;
  readonly total: number;
  readonly services: readonly {
    readonly name: string;
    readonly count: number;
    readonly levels: LevelCounts;
    readonly problemShare: number;
    readonly series: readonly number[];
  }[];
}
