import { ANOMALY_KINDS } from '../../../src/model/index.js';
import type { AnomalyKind } from '../../../src/model/index.js';

export { ANOMALY_KINDS };
export type { AnomalyKind };

/** What each detector's finding is called in the UI, and its colour. */
export const KIND_INFO: Readonly<Record<AnomalyKind, { readonly label: string; readonly color: string; readonly hex: string }>> = {
  new_pattern: { label: 'New pattern', color: 'grape', hex: '#be4bdb' },
  rate_spike: { label: 'Rate spike', color: 'red', hex: '#fa5252' },
  rate_drop: { label: 'Rate drop', color: 'indigo', hex: '#4c6ef5' },
  silence: { label: 'Silence', color: 'gray', hex: '#868e96' },
  error_rate: { label: 'Error rate', color: 'orange', hex: '#fd7e14' },
  param_numeric: { label: 'Unusual value', color: 'teal', hex: '#12b886' },
  param_new_value: { label: 'New value', color: 'cyan', hex: '#15aabf' },
  sequence: { label: 'Odd sequence', color: 'pink', hex: '#e64980' },
  outlier_window: { label: 'Outlier window', color: 'yellow', hex: '#fab005' },
};
