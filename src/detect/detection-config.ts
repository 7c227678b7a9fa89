import { LogsiftError } from '../model/index.js';
import { parseConfig } from './internal/config-schema.js';
import type { ConfigRules } from './internal/config-schema.js';
import { DETECTOR_FACTORIES, DETECTOR_TYPES, isDetectorType } from './registry.js';
import type { DetectorType } from './registry.js';

/** The runner's settings a user may change (everything has a default). */
export interface DetectionConfig {
  /** Width of a detection window, ms. Every detector judges whole windows. Default 1 min. */
  readonly windowMs: number;
  /**
   * How long after a window's end (in event time) late lines are still counted in it, ms. A
   * window closes once the latest event time passes its end by this much; later lines for it are
   * counted as late and ignored. Default 30 s.
   */
  readonly allowedLatenessMs: number;
  /**
   * Windows close at the event time all active streams (services) have reached: a service whose
   * lines arrive in chunks (a backfill, a batching shipper) does not lose them to a faster one. A
   * service that delivers nothing for this long (wall clock) stops holding the others back, ms.
   * Default 5 s.
   */
  readonly streamIdleMs: number;
  /** …and one further behind the latest event time than this never does (a lagging clock), ms. Default 10 min. */
  readonly maxStreamLagMs: number;
  /** Lines stamped further than this ahead of the wall clock are ignored (bad clocks), ms. 0: no limit. Default 10 min. */
  readonly maxFutureMs: number;
  /** Events queued for detection; batches beyond it are dropped (counted, and their windows marked partial). Default 200,000. */
  readonly maxQueueEvents: number;
  /** Tenants with detection state in memory; the least recently active is unloaded (and saved) beyond it. Default 1,000. */
  readonly maxTenants: number;
  /** Empty windows closed one by one across a gap in a tenant's data before the rest is skipped. Default 60. */
  readonly maxGapWindows: number;
  /** How often detector state is saved, ms. 0: only at shutdown. Default 60 s. */
  readonly snapshotIntervalMs: number;
  /** How often idle live tenants have their windows closed by the wall clock, ms. Default 5 s. */
  readonly idleCheckMs: number;
}

export const DEFAULT_DETECTION_CONFIG: DetectionConfig = Object.freeze({
  windowMs: 60_000,
  allowedLatenessMs: 30_000,
  streamIdleMs: 5000,
  maxStreamLagMs: 10 * 60_000,
  maxFutureMs: 10 * 60_000,
  maxQueueEvents: 200_000,
  maxTenants: 1000,
  maxGapWindows: 60,
  snapshotIntervalMs: 60_000,
  idleCheckMs: 5000,
});

const RULES: ConfigRules<DetectionConfig> = {
  windowMs: { type: 'int', min: 1000, max: 86_400_000 },
  allowedLatenessMs: { type: 'int', min: 0, max: 86_400_000 },
  streamIdleMs: { type: 'int', min: 0, max: 3_600_000 },
  maxStreamLagMs: { type: 'int', min: 0, max: 86_400_000 },
  maxFutureMs: { type: 'int', min: 0, max: 365 * 86_400_000 },
  maxQueueEvents: { type: 'int', min: 1, max: 100_000_000 },
  maxTenants: { type: 'int', min: 1, max: 1_000_000 },
  maxGapWindows: { type: 'int', min: 0, max: 1_000_000 },
  snapshotIntervalMs: { type: 'int', min: 0, max: 86_400_000 },
  idleCheckMs: { type: 'int', min: 100, max: 3_600_000 },
};

export function parseDetectionConfig(raw: unknown): DetectionConfig {
  return parseConfig('detection', DEFAULT_DETECTION_CONFIG, RULES, raw);
}

/** Per-detector configs (validated by each factory) and the detectors switched off. */
export interface DetectorSelection {
  readonly enabled: readonly DetectorType[];
  readonly configs: Readonly<Partial<Record<DetectorType, object>>>;
}

/**
 * Validates per-detector configs (`{ "rate": { "spikeRatio": 4 }, … }`) and a list of detectors
 * to switch off; fails fast naming the detector and field.
 */
export function selectDetectors(configs: Readonly<Record<string, unknown>> = {}, disabled: readonly string[] = []): DetectorSelection {
  for (const name of [...Object.keys(configs), ...disabled]) {
    if (!isDetectorType(name)) throw new LogsiftError('invalid_config', `unknown detector ${JSON.stringify(name)}; known: ${DETECTOR_TYPES.join(', ')}`);
  }
  const out: Partial<Record<DetectorType, object>> = {};
  for (const type of DETECTOR_TYPES) out[type] = DETECTOR_FACTORIES[type].configure(configs[type]);
  return Object.freeze({ enabled: Object.freeze(DETECTOR_TYPES.filter((t) => !disabled.includes(t))), configs: Object.freeze(out) });
}
