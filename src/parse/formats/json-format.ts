import type { AttrValue } from '../../model/index.js';
import { boundedJson } from '../internal/bounded-json.js';
import { CH_LBRACE, CH_RBRACE, isRegexSpace } from '../internal/char-codes.js';
import type { EventDraft } from '../internal/event-draft.js';
import { RoleSlots, roleCodeOf } from '../internal/field-roles.js';
import type { TextFormat } from './text-format.js';

/** Bounds on what one JSON record may turn into. */
export interface JsonLimits {
  /** Nesting levels flattened into dotted keys; a deeper object is dropped and counted. */
  readonly maxDepth: number;
  /** Attributes kept per record; further fields are dropped and counted. */
  readonly maxAttrs: number;
  /** Longest string kept in an attribute or the message (UTF-16 units); the rest is cut and counted. */
  readonly maxValueChars: number;
}

/** Attribute that counts fields and nested objects a record lost to the limits. */
export const ATTRS_DROPPED_ATTR = 'logsift.attrs_dropped';
/** Attribute that counts characters cut from over-long values (message or attributes). */
export const TRUNCATED_CHARS_ATTR = 'logsift.truncated_chars';

/**
 * Maps one decoded JSON object onto a draft:
 * - well-known keys (see `internal/field-roles.ts`) become ts, level, message, service, host,
 *   trace and span ids; nested objects match by dotted key (`service.name`, `log.level`);
 * - every other field becomes an attribute, nested objects flattened to dotted keys,
 *   arrays kept as (bounded) JSON text;
 * - what the limits cut is counted in `logsift.attrs_dropped` / `logsift.truncated_chars`.
 * Reusable: one instance per parser, never shared across concurrent calls.
 */
export class JsonRecordMapper {
  private readonly slots = new RoleSlots();
  private attrCount = 0;
  private dropped = 0;
  private truncated = 0;

  constructor(private readonly limits: JsonLimits) {}

  /** Fills `draft` (already reset) from `record`. */
  map(record: Readonly<Record<string, unknown>>, draft: EventDraft, receivedAt: number): void {
    this.slots.reset();
    this.attrCount = 0;
    this.dropped = 0;
    this.truncated = 0;
    this.flatten(record, '', 1, draft);
    this.slots.apply(draft, receivedAt);
    if (draft.message.length > this.limits.maxValueChars) {
      this.truncated += draft.message.length - this.limits.maxValueChars;
      draft.message = draft.message.slice(0, this.limits.maxValueChars);
    }
    if (this.dropped > 0) draft.setAttr(ATTRS_DROPPED_ATTR, this.dropped);
    if (this.truncated > 0) draft.setAttr(TRUNCATED_CHARS_ATTR, this.truncated);
  }

  /** Key of the field the message came from (e.g. `log`), or null; valid after `map`. */
  get messageKey(): string | null {
    return this.slots.messageKey;
  }

  private flatten(obj: Readonly<Record<string, unknown>>, prefix: string, depth: number, draft: EventDraft): void {
    const keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = obj[k];
      const key = prefix === '' ? k : prefix + '.' + k;
      if (typeof v === 'object' && v !== null) {
        if (Array.isArray(v)) this.leaf(key, boundedJson(v, this.limits.maxValueChars), draft);
        else if (depth >= this.limits.maxDepth) this.dropped++;
        else this.flatten(v as Record<string, unknown>, key, depth + 1, draft);
      } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) {
        this.leaf(key, v, draft);
      } else if (typeof v === 'bigint') {
        this.leaf(key, String(v), draft);
      } else if (v !== undefined) {
        this.dropped++; // functions, symbols: not data
      }
    }
  }

  private leaf(key: string, value: AttrValue, draft: EventDraft): void {
    if (typeof value === 'string' && value.length > this.limits.maxValueChars) {
      this.truncated += value.length - this.limits.maxValueChars;
      value = value.slice(0, this.limits.maxValueChars);
    }
    const code = roleCodeOf(key);
    if (code >= 0) {
      this.slots.offer(key, code, value, draft);
    } else if (this.attrCount < this.limits.maxAttrs) {
      this.attrCount++;
      draft.setAttr(key, value);
    } else {
      this.dropped++;
    }
  }
}

/** True when the line's first and last non-blank characters are `{` and `}`. Cheap pre-check before `JSON.parse`. */
export function looksLikeJsonObject(line: string): boolean {
  let a = 0;
  let b = line.length - 1;
  while (a <= b && isRegexSpace(line.charCodeAt(a))) a++;
  while (b > a && isRegexSpace(line.charCodeAt(b))) b--;
  return a < b && line.charCodeAt(a) === CH_LBRACE && line.charCodeAt(b) === CH_RBRACE;
}

/** Why the last `decodeJsonObject` call failed. */
export interface JsonDecodeFailure {
  reason: 'invalid_json' | 'invalid_record';
  detail: string;
}

const lastFailure: JsonDecodeFailure = { reason: 'invalid_json', detail: '' };

/** Details of the most recent `decodeJsonObject` failure (overwritten by the next call). */
export function lastJsonFailure(): Readonly<JsonDecodeFailure> {
  return lastFailure;
}

/** Parses a line that should hold one JSON object; null on failure (see `lastJsonFailure`). Never throws. */
export function decodeJsonObject(line: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    lastFailure.reason = 'invalid_json';
    lastFailure.detail = `not valid JSON: ${(err as Error).message}`;
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    lastFailure.reason = 'invalid_record';
    lastFailure.detail = `expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
    return null;
  }
  return value as Record<string, unknown>;
}

/** NDJSON lines: one JSON object per line. */
export class JsonTextFormat implements TextFormat {
  readonly name = 'json' as const;
  readonly unmatchedContinues = false;

  constructor(private readonly mapper: JsonRecordMapper) {}

  parse(line: string, draft: EventDraft, receivedAt: number): boolean {
    if (!looksLikeJsonObject(line)) return false;
    const obj = decodeJsonObject(line);
    if (obj === null) return false;
    this.mapper.map(obj, draft, receivedAt);
    return true;
  }
}
