import { categoricalParamDetectorFactory } from './categorical-param-detector.js';
import type { DetectorFactory } from './detector.js';
import { errorRateDetectorFactory } from './error-rate-detector.js';
import { newPatternDetectorFactory } from './new-pattern-detector.js';
import { numericParamDetectorFactory } from './numeric-param-detector.js';
import { outlierWindowDetectorFactory } from './outlier-window-detector.js';
import { rateDetectorFactory } from './rate-detector.js';
import { sequenceDetectorFactory } from './sequence-detector.js';
import { silenceDetectorFactory } from './silence-detector.js';

/** Every detector type, in the order the runner runs them. The one registry list. */
export const DETECTOR_TYPES = ['new_pattern', 'rate', 'silence', 'error_rate', 'param_numeric', 'param_new_value', 'sequence', 'outlier_window'] as const;
export type DetectorType = (typeof DETECTOR_TYPES)[number];

export const DETECTOR_FACTORIES: Readonly<Record<DetectorType, DetectorFactory<object>>> = {
  new_pattern: newPatternDetectorFactory,
  rate: rateDetectorFactory,
  silence: silenceDetectorFactory,
  error_rate: errorRateDetectorFactory,
  param_numeric: numericParamDetectorFactory,
  param_new_value: categoricalParamDetectorFactory,
  sequence: sequenceDetectorFactory,
  outlier_window: outlierWindowDetectorFactory,
};

export function isDetectorType(name: string): name is DetectorType {
  return (DETECTOR_TYPES as readonly string[]).includes(name);
}
