import { LogsiftError } from '../model/index.js';
import type { LogEvent } from '../model/index.js';
import { EnvelopeLineParser } from './envelope-line-parser.js';
import { FormatRegistry } from './format-registry.js';
import type { BuiltinFormats } from './formats/builtin-formats.js';
import { JsonRecordMapper, TRUNCATED_CHARS_ATTR, decodeJsonObject, lastJsonFailure, looksLikeJsonObject } from './formats/json-format.js';
import type { TextFormat } from './formats/text-format.js';
import { isRegexSpace } from './internal/char-codes.js';
import { EventDraft } from './internal/event-draft.js';
import { lastBinaryDetail, sanitiseLine } from './internal/line-sanitiser.js';
import { ML_NONE, continuation, isBlankLine, startState } from './multiline.js';
import type { MultilineState } from './multiline.js';
import { describeValue, makeReject, rawText } from './parse-reject.js';
import type { StreamFormatState } from './stream-format-state.js';
import type { ParseContext, ParseOutput, ParseReject } from './types.js';

/** Options of `createRecordParser`. Every limit is a positive integer. */
export interface RecordParserOptions {
  /** Streams whose detected format is remembered (least recently used evicted). Default 10,000. */
  readonly maxStreams?: number;
  /** Lines joined into one multi-line event at most; the next line starts a new event. Default 1,000. */
  readonly maxRecordLines?: number;
  /**
   * Characters (UTF-16 units) in one event's message at most. A longer line is cut (the cut is
   * counted in the `logsift.truncated_chars` attribute); a longer join starts a new event.
   * Default 262,144 (256 Ki).
   */
  readonly maxRecordChars?: number;
  /** Attributes kept per JSON record; the rest are counted in `logsift.attrs_dropped`. Default 128. */
  readonly maxAttrs?: number;
  /** Nesting levels of a JSON record flattened into dotted keys; deeper objects are dropped and counted. Default 8. */
  readonly maxAttrDepth?: number;
}

/** Turns raw records into events. Not safe for concurrent use from several threads; calls are synchronous. */
export interface RecordParser {
  /**
   * Parses text records, one line each as received (a trailing CR/LF is ignored). Joins
   * multi-line records (Java, Python and Go traces; for header and syslog formats every line
   * that does not start a record) into one event with `\n` between lines; joining happens
   * within one call only. Blank lines outside a trace are skipped. A record without a time of
   * its own takes the time of the record before it in the same call, else `receivedAt`.
   * Never throws on input.
   */
  parseLines(lines: readonly string[], ctx: ParseContext): ParseOutput;
  /**
   * Parses already-decoded JSON objects, one record each. A message field that holds a raw
   * text line (Docker / Fluent Bit `{"log": "…"}`, when the object names no level) is parsed
   * with the stream's text format. Never throws on input.
   */
  parseObjects(records: readonly Record<string, unknown>[], ctx: ParseContext): ParseOutput;
  /** Counters for metrics: streams whose format is remembered, and how many were evicted (LRU). */
  stats(): RecordParserStats;
}

export interface RecordParserStats {
  /** Streams (and envelope-line streams) whose detected format is remembered now. */
  readonly streams: number;
  /** Streams forgotten to stay within `maxStreams`, since the parser was created; they are re-detected when seen again. */
  readonly streamEvictions: number;
}

const DEFAULTS = {
  maxStreams: 10_000,
  maxRecordLines: 1_000,
  maxRecordChars: 262_144,
  maxAttrs: 128,
  maxAttrDepth: 8,
} as const;

/**
 * Creates a parser. Options are validated here (a bad value throws `LogsiftError` with code
 * `invalid_config`); after that, no input makes the parser throw.
 */
export function createRecordParser(options: RecordParserOptions = {}): RecordParser {
  const resolved: { -readonly [K in keyof RecordParserOptions]-?: number } = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof RecordParserOptions)[]) {
    const v = options[key];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || v < 1) {
      throw new LogsiftError('invalid_config', `parse option ${key} must be a positive integer, got ${String(v)}`);
    }
    resolved[key] = v;
  }
  return new DetectingRecordParser(Object.freeze(resolved));
}

/**
 * The record parser: per-stream format detection (or a declared format), multi-line
 * assembly, and the JSON envelope rule. All scratch state lives in fields and is reused, so
 * the per-line path allocates only what the event itself needs.
 */
class DetectingRecordParser implements RecordParser {
  private readonly mapper: JsonRecordMapper;
  private readonly registry: FormatRegistry;
  private readonly formats: BuiltinFormats;
  private readonly envelope: EnvelopeLineParser;

  // Multi-line assembly state of the current parseLines call.
  private pending = new EventDraft();
  private scratch = new EventDraft();
  private hasPending = false;
  private pendingLines = 0;
  private pendingChars = 0;
  private mlState: MultilineState = ML_NONE;
  /** The `structured` and `starts` arrays of the parseLines call in progress. */
  private structuredOut: boolean[] = [];
  private startsOut: number[] = [];
  /** Input index of the pending record's first line. */
  private pendingStart = 0;

  constructor(private readonly limits: Required<RecordParserOptions>) {
    this.mapper = new JsonRecordMapper({
      maxDepth: limits.maxAttrDepth,
      maxAttrs: limits.maxAttrs,
      maxValueChars: limits.maxRecordChars,
    });
    this.registry = new FormatRegistry(this.mapper, limits.maxStreams);
    this.formats = this.registry.builtins;
    this.envelope = new EnvelopeLineParser(this.registry, this.mapper);
  }

  parseLines(lines: readonly string[], ctx: ParseContext): ParseOutput {
    const events: LogEvent[] = [];
    const structured: boolean[] = [];
    const starts: number[] = [];
    this.structuredOut = structured;
    this.startsOut = starts;
    const rejects: ParseReject[] = [];
    const receivedAt = ctx.receivedAt;
    const spec = ctx.format;
    const auto = spec.kind === 'auto';
    const strictJson = spec.kind === 'builtin' && spec.name === 'json';
    let stream: StreamFormatState | null = null;
    let format: TextFormat;
    if (spec.kind === 'builtin') format = this.registry.builtin(spec.name);
    else if (spec.kind === 'header') format = this.registry.header(spec.pattern);
    else {
      stream = this.registry.stream(ctx.streamKey, lines, 0, receivedAt);
      format = stream === null ? this.formats.plain : this.registry.builtin(stream.format);
    }

    this.hasPending = false;
    this.mlState = ML_NONE;
    // A record without a time of its own (a bare stack trace, an untimed line) takes the time of
    // the record before it in the batch: closer to the truth than receivedAt when replaying files.
    let lastTs = NaN;
    const n = lines.length;
    for (let i = 0; i < n; i++) {
      const raw: unknown = lines[i];
      if (typeof raw !== 'string') {
        rejects.push(makeReject(i, 'invalid_record', `expected a text line, got ${describeValue(raw)}`, rawText(raw)));
        continue;
      }
      let line = sanitiseLine(raw);
      if (line === null) {
        rejects.push(makeReject(i, 'invalid_encoding', lastBinaryDetail(), raw));
        continue;
      }
      if (this.hasPending && !strictJson) {
        const next = i + 1 < n ? lines[i + 1] : undefined;
        const st = continuation(line, this.mlState, typeof next === 'string' ? next : undefined);
        if (st >= 0) {
          this.mlState = st as MultilineState;
          this.append(line, events, ctx, i);
          continue;
        }
      }
      if (line.length === 0 || (isRegexSpace(line.charCodeAt(0)) && isBlankLine(line))) continue;

      const d = this.scratch;
      d.reset();
      let matched = false;
      let viaJson = false;
      // JSON lines are parsed whole: the mapper bounds each value instead of cutting the text.
      if (strictJson || (auto && looksLikeJsonObject(line))) {
        matched = viaJson = this.formats.json.parse(line, d, receivedAt);
        if (!matched && strictJson) {
          if (!looksLikeJsonObject(line)) decodeJsonObject(line); // for the precise reason
          const failure = lastJsonFailure();
          rejects.push(makeReject(i, failure.reason, failure.detail, line));
          continue;
        }
      }
      const full = line;
      let cut = 0;
      if (!matched && line.length > this.limits.maxRecordChars) {
        cut = line.length - this.limits.maxRecordChars;
        line = line.slice(0, this.limits.maxRecordChars);
      }
      if (!matched) {
        d.reset();
        matched = format.parse(line, d, receivedAt);
      }
      if (stream !== null && stream.record(matched && format !== this.formats.plain)) {
        // The stream stopped matching (or is due a re-check): detect again from here on.
        this.registry.redetect(stream, lines, i + 1, receivedAt);
        format = this.registry.builtin(stream.format);
      }
      if (!matched) {
        if (format.unmatchedContinues && this.hasPending) {
          this.append(full, events, ctx, i);
          continue;
        }
        d.reset();
        this.formats.plain.parse(line, d, receivedAt);
      }
      if (viaJson) {
        if (d.level === null && this.mapper.messageKey !== null) this.envelope.apply(d, ctx);
        // An envelope's own keys ({"log": …, "stream": …}) are constant per stream, so every
        // JSON record can be mined with its keys without splitting templates.
        d.structured = true;
      }
      if (cut > 0) d.setAttr(TRUNCATED_CHARS_ATTR, cut);
      if (d.ts === d.ts) lastTs = d.ts;
      else d.ts = lastTs;
      if (this.hasPending) this.emit(this.pending, events, ctx);
      this.scratch = this.pending;
      this.pending = d;
      this.pendingStart = i;
      this.hasPending = true;
      this.pendingLines = 1;
      this.pendingChars = d.message.length;
      this.mlState = startState(line);
    }
    if (this.hasPending) this.emit(this.pending, events, ctx);
    this.hasPending = false;
    return { events, structured, starts, rejects };
  }

  parseObjects(records: readonly Record<string, unknown>[], ctx: ParseContext): ParseOutput {
    const events: LogEvent[] = [];
    const structured: boolean[] = [];
    const starts: number[] = [];
    const rejects: ParseReject[] = [];
    const d = this.scratch;
    for (let i = 0; i < records.length; i++) {
      const rec: unknown = records[i];
      if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
        rejects.push(makeReject(i, 'invalid_record', `expected a JSON object, got ${describeValue(rec)}`, rawText(rec)));
        continue;
      }
      d.reset();
      try {
        this.mapper.map(rec as Record<string, unknown>, d, ctx.receivedAt);
        if (d.level === null && this.mapper.messageKey !== null) this.envelope.apply(d, ctx);
        d.structured = true;
      } catch (err) {
        // Only exotic objects (throwing getters, proxies) get here; JSON-decoded data cannot.
        rejects.push(makeReject(i, 'invalid_record', `record could not be read: ${(err as Error).message}`, rawText(rec)));
        continue;
      }
      events.push(d.toEvent(ctx));
      structured.push(d.structured);
      starts.push(i);
    }
    return { events, structured, starts, rejects };
  }

  stats(): RecordParserStats {
    return { streams: this.registry.streamCount, streamEvictions: this.registry.streamEvictions };
  }

  /** Outputs a finished event with its structured flag (parseLines). */
  private emit(d: EventDraft, events: LogEvent[], ctx: ParseContext): void {
    events.push(d.toEvent(ctx));
    this.structuredOut.push(d.structured);
    this.startsOut.push(this.pendingStart);
  }

  /** Adds a continuation line to the pending record, or starts a new event past the record limits. */
  private append(line: string, events: LogEvent[], ctx: ParseContext, index: number): void {
    const p = this.pending;
    const max = this.limits.maxRecordChars;
    const cut = line.length > max ? line.length - max : 0;
    if (cut > 0) line = line.slice(0, max);
    if (this.pendingLines >= this.limits.maxRecordLines || this.pendingChars + 1 + line.length > max) {
      // Emit what we have; the rest of the record continues in a new event with the same metadata.
      this.emit(p, events, ctx);
      this.pendingStart = index;
      // The emitted event owns its attrs now; copy before this record may write to them (rare path).
      if (p.attrs !== null && cut > 0) p.attrs = { ...p.attrs };
      p.message = line;
      this.pendingLines = 1;
      this.pendingChars = line.length;
    } else {
      p.message += '\n' + line;
      this.pendingLines++;
      this.pendingChars += 1 + line.length;
    }
    if (cut > 0) {
      const prev = p.attrs?.[TRUNCATED_CHARS_ATTR];
      p.setAttr(TRUNCATED_CHARS_ATTR, (typeof prev === 'number' ? prev : 0) + cut);
    }
  }
}
