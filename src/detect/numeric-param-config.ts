import type { ConfigRules } from './internal/config-schema.js';

/** What a user may set on the numeric parameter detector (see README.md). */
export interface NumericParamConfig {
  /** Values a parameter must have been learned from before it is judged. Default 200. */
  readonly minObservations: number;
  /** Windows with values it must have been learned over before it is judged. Default 10. */
  readonly minHistoryWindows: number;
  /**
   * "Far outside": beyond the learned p99 × fenceFactor (or below p1 ÷ it) for extremes; and for
   * a shift of the whole distribution, the window's median at least fenceFactor × (or ÷) the
   * learned median. Default 2.
   */
  readonly fenceFactor: number;
  /** Values beyond the fence a window needs before extremes are raised. Default 3. */
  readonly minValues: number;
  /** …and the share of the window's values they must make up. Default 0.2. */
  readonly minShare: number;
  /** How improbable the window (or the run of shifted windows) must be, in decades. Default 7. */
  readonly alarmDecades: number;
  /**
   * A shift needs the window's distribution to differ from the learned one by at least this much
   * (Kolmogorov–Smirnov distance: the largest gap between the two cumulative shares, 0…1), so
   * a busy parameter's harmless drift is not raised just because it is significant. Default 0.4.
   */
  readonly minShiftDistance: number;
  /** Consecutive shifted windows whose evidence adds up (low-volume parameters need a few). Default 5. */
  readonly maxShiftWindows: number;
  /** Learned weight after which the histogram halves (its memory, in values). Default 100,000. */
  readonly memoryValues: number;
  /** (service, template) pairs tracked per tenant; least recently seen evicted beyond it (and counted). Default 5,000. */
  readonly maxTemplates: number;
  /** Parameter names never judged. Default pid, tid, ppid, port. */
  readonly ignore: readonly string[];
}

export const NUMERIC_PARAM_DEFAULTS: NumericParamConfig = Object.freeze({
  minObservations: 200,
  minHistoryWindows: 10,
  fenceFactor: 2,
  minValues: 3,
  minShare: 0.2,
  alarmDecades: 7,
  minShiftDistance: 0.4,
  maxShiftWindows: 5,
  memoryValues: 100_000,
  maxTemplates: 5000,
  ignore: Object.freeze(['pid', 'tid', 'ppid', 'port']),
});

export const NUMERIC_PARAM_RULES: ConfigRules<NumericParamConfig> = {
  minObservations: { type: 'int', min: 1, max: 1e9 },
  minHistoryWindows: { type: 'int', min: 1, max: 1e6 },
  fenceFactor: { type: 'number', min: 1, max: 1e6 },
  minValues: { type: 'int', min: 1, max: 1e9 },
  minShare: { type: 'number', min: 0, max: 1 },
  alarmDecades: { type: 'number', min: 1, max: 100 },
  minShiftDistance: { type: 'number', min: 0, max: 1 },
  maxShiftWindows: { type: 'int', min: 1, max: 1000 },
  memoryValues: { type: 'int', min: 100, max: 1e9 },
  maxTemplates: { type: 'int', min: 1, max: 10_000_000 },
  ignore: { type: 'strings', maxItems: 1000 },
};

