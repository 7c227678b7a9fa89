import { LogsiftError } from '../model/index.js';
import type { BuiltinFormatName } from './formats/builtin-formats.js';
import { compileHeaderFormat } from './formats/header-format.js';
import type { FormatSpec } from './types.js';

/** Accepted spellings of the built-in format names (lower case). */
const ALIASES: ReadonlyMap<string, BuiltinFormatName> = new Map<string, BuiltinFormatName>([
  ['json', 'json'],
  ['ndjson', 'json'],
  ['jsonl', 'json'],
  ['logfmt', 'logfmt'],
  ['syslog5424', 'syslog5424'],
  ['rfc5424', 'syslog5424'],
  ['syslog3164', 'syslog3164'],
  ['rfc3164', 'syslog3164'],
  ['bsd-syslog', 'syslog3164'],
  ['access-combined', 'access-combined'],
  ['combined', 'access-combined'],
  ['access-common', 'access-common'],
  ['common', 'access-common'],
  ['clf', 'access-common'],
  ['plain', 'plain'],
  ['text', 'plain'],
  ['raw', 'plain'],
]);

const AUTO: FormatSpec = Object.freeze({ kind: 'auto' });

/**
 * Reads a user's format setting (config file, `--format`, a query parameter):
 * - absent, empty or `auto` → detect per stream;
 * - a built-in name, case-insensitive, or an alias (`ndjson`, `rfc5424`, `rfc3164`, `combined`,
 *   `clf`, `text`, …);
 * - text containing a `<Field>` → a header format such as `<Date> <Time> <Level> <Component>: <Content>`
 *   (compiled here once, so a bad pattern fails now rather than on the first line).
 * Throws `LogsiftError` (`invalid_config`) for anything else, listing the valid names.
 */
export function parseFormatSpec(text: string | undefined): FormatSpec {
  if (text === undefined) return AUTO;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'auto') return AUTO;
  if (/<[A-Za-z_][A-Za-z0-9_]*>/.test(trimmed)) {
    compileHeaderFormat(text); // validates; throws invalid_config
    return Object.freeze({ kind: 'header', pattern: text });
  }
  const name = ALIASES.get(trimmed.toLowerCase());
  if (name === undefined) {
    throw new LogsiftError(
      'invalid_config',
      `unknown log format "${trimmed}": use auto, json, logfmt, syslog5424, syslog3164, access-combined, ` +
        `access-common, plain, or a header format such as "<Date> <Time> <Level> <Component>: <Content>"`,
    );
  }
  return Object.freeze({ kind: 'builtin', name });
}
