// Public surface of the parse stage. Everything else under src/parse is internal.
export { createRecordParser } from './record-parser.js';
export type { RecordParser, RecordParserOptions, RecordParserStats } from './record-parser.js';
export { parseFormatSpec } from './format-spec.js';
export { detectFormat } from './detect-format.js';
export { normaliseLevel, levelFromSyslogSeverity } from './level.js';
export { parseTimestamp } from './timestamp.js';
export { FORMAT_NAMES } from './types.js';
export type { FormatName, FormatSpec, ParseContext, ParseOutput, ParseReject } from './types.js';
export { ATTRS_DROPPED_ATTR, TRUNCATED_CHARS_ATTR } from './formats/json-format.js';
