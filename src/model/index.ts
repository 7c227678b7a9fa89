export { LEVELS, levelRank, levelFromRank, isProblemLevel, isLevel } from './level.js';
export type { Level } from './level.js';
export { makeLogEvent, withTemplate, UNKNOWN_SERVICE, DEFAULT_TENANT } from './log-event.js';
export type { AttrValue, Attrs, LogEvent, MinedEvent, StoredEvent } from './log-event.js';
export {
  formatTemplateId,
  parseTemplateId,
  emptyLevelCounts,
  WILDCARD,
  PARAM_TYPES,
  TEMPLATE_ID_HEX_DIGITS,
} from './template.js';
export type { TemplateId, Template, ParamType, LevelCounts } from './template.js';
export { DEAD_LETTER_REASONS } from './dead-letter.js';
export type { DeadLetter, DeadLetterReason } from './dead-letter.js';
export { LogsiftError, ERRORS } from './errors.js';
export type { ErrorCode } from './errors.js';
export { ANOMALY_KINDS, SEVERITIES } from './anomaly.js';
export type { Anomaly, AnomalyEvidence, AnomalyKind, EvidencePoint, Severity } from './anomaly.js';
export { INCIDENT_STATUSES, TIMELINE_KINDS } from './incident.js';
export type { Incident, IncidentStatus, IncidentSummary, TimelineEntry, TimelineKind } from './incident.js';
