export { createSessionModel, restoreSessionModel } from './session-anomaly-model.js';
export type { SessionAnomalyModel, FamilyThreshold, SequenceModelStats } from './session-anomaly-model.js';
export { describeFinding } from './finding.js';
export type { Finding, EventFinding, CountFinding, InvariantFinding, OrderFinding, SessionScore } from './finding.js';
export { DEFAULT_SEQUENCE_OPTIONS, resolveSequenceOptions } from './options.js';
export type { SequenceModelOptions, ResolvedSequenceOptions } from './options.js';
export type { EventKey } from './event-vocabulary.js';
export type { FamilyName } from './internal/families.js';
