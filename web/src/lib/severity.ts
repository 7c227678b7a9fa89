import { SEVERITIES } from '../../../src/model/index.js';
import type { Severity } from '../../../src/model/index.js';

export { SEVERITIES };

export const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  low: 'gray',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
