import type { EventDraft } from '../internal/event-draft.js';
import { normaliseLevel } from '../level.js';
import { parseTimestamp } from '../timestamp.js';
import { compileHeaderFormat } from './header-format.js';
import type { HeaderFormat } from './header-format.js';
import type { TextFormat } from './text-format.js';

/** Field names (lower case) that hold part of the event time; their values are joined with spaces. */
const TIME_FIELD = /^(date|time|timestamp|datetime|ts|month|day|year)$/i;
/** Field names that name the machine; used as host only when the context names none. */
const HOST_FIELD = /^(node|host|hostname|user|machine|server|device)$/i;
const LEVEL_FIELD = /^(level|severity|loglevel|lvl|priority)$/i;
const MESSAGE_FIELD = 'Content';

/**
 * A user header format (`<Date> <Time> <Level> <Component>: <Content>`, see header-format.ts)
 * mapped onto events:
 * - `Content` → message;
 * - time-like fields (`Date`, `Time`, `Timestamp`, `Month`, `Day`, `Year`, …) joined with spaces
 *   in pattern order → ts; if the join does not parse, each such field alone is tried in order
 *   (BGL and Thunderbird carry an epoch `<Timestamp>` beside their dates);
 * - `Level`/`Severity` → level (an unknown value stays as attribute `level`);
 * - the first `Node`/`Host`/`User`-like field → host when the context names none;
 * - every other non-empty field → an attribute named by the field in lower case
 *   (`Component` → `component`, `Pid` → `pid`), time fields included when they do not parse.
 * A line the pattern does not match starts no record (`unmatchedContinues`).
 */
export class HeaderRecordFormat implements TextFormat {
  readonly name = 'header' as const;
  readonly unmatchedContinues = true;
  private readonly contentIndex: number;
  private readonly timeIndexes: readonly number[];
  private readonly levelIndex: number;
  private readonly hostIndex: number;
  /** Attribute key per field, or null for fields consumed elsewhere. */
  private readonly attrKeys: readonly (string | null)[];

  constructor(private readonly header: HeaderFormat) {
    const fields = header.fields;
    this.contentIndex = fields.indexOf(MESSAGE_FIELD);
    this.timeIndexes = fields.flatMap((f, i) => (TIME_FIELD.test(f) ? [i] : []));
    this.levelIndex = fields.findIndex((f) => LEVEL_FIELD.test(f));
    this.hostIndex = fields.findIndex((f) => HOST_FIELD.test(f));
    this.attrKeys = fields.map((f, i) =>
      i === this.contentIndex || i === this.levelIndex || this.timeIndexes.includes(i) ? null : f.toLowerCase(),
    );
  }

  /** Compiles a pattern; throws `LogsiftError('invalid_config')` when it is not a valid header format. */
  static compile(pattern: string): HeaderRecordFormat {
    return new HeaderRecordFormat(compileHeaderFormat(pattern));
  }

  get pattern(): string {
    return this.header.pattern;
  }

  parse(line: string, draft: EventDraft, receivedAt: number): boolean {
    const values = this.header.match(line);
    if (values === null) return false;
    if (this.contentIndex >= 0) draft.message = values[this.contentIndex];
    this.setTime(values, draft, receivedAt);
    if (this.levelIndex >= 0) {
      const raw = values[this.levelIndex];
      if (raw.length > 0) {
        const level = normaliseLevel(raw);
        if (level !== null) draft.level = level;
        else draft.setAttr('level', raw);
      }
    }
    const keys = this.attrKeys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const v = values[i];
      if (key === null || v.length === 0) continue;
      if (i === this.hostIndex) draft.hostFallback = v;
      draft.setAttr(key, v);
    }
    return true;
  }

  private setTime(values: readonly string[], draft: EventDraft, receivedAt: number): void {
    const idx = this.timeIndexes;
    if (idx.length === 0) return;
    let joined = values[idx[0]];
    for (let k = 1; k < idx.length; k++) joined += ' ' + values[idx[k]];
    let ts = parseTimestamp(joined, receivedAt);
    if (ts === null && idx.length > 1) {
      for (let k = 0; k < idx.length && ts === null; k++) ts = parseTimestamp(values[idx[k]], receivedAt);
    }
    if (ts !== null) {
      draft.ts = ts;
    } else {
      for (let k = 0; k < idx.length; k++) {
        const v = values[idx[k]];
        if (v.length > 0) draft.setAttr(this.header.fields[idx[k]].toLowerCase(), v);
      }
    }
  }
}
