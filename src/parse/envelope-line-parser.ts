import type { JsonRecordMapper } from './formats/json-format.js';
import { decodeJsonObject, looksLikeJsonObject } from './formats/json-format.js';
import type { TextFormat } from './formats/text-format.js';
import type { FormatRegistry } from './format-registry.js';
import { EventDraft } from './internal/event-draft.js';
import type { StreamFormatState } from './stream-format-state.js';
import type { ParseContext } from './types.js';

/** Key suffix under which a stream's envelope lines get their own detected format. */
const ENVELOPE_STREAM_SUFFIX = '\u0000envelope';

/**
 * The JSON envelope rule. Shippers wrap each raw line in an object without a level:
 * Docker's json-file `{"log": "…\n", "stream": "stderr", "time": "…"}`, Fluent Bit and
 * Kubernetes records. When a JSON record names no level, its message is taken for such a
 * line and parsed with the stream's text format: the declared one (a header pattern or a
 * non-JSON built-in), else one detected for the stream's envelope lines and remembered like a
 * stream's own format. A line that is itself a JSON object is mapped as JSON.
 *
 * Merge: the line's message and level replace the envelope's; its time wins when it has one
 * (the application's clock, not the shipper's); service, host, trace and span ids and
 * attributes only fill in what the envelope lacks.
 */
export class EnvelopeLineParser {
  private readonly inner = new EventDraft();
  private readonly sample: string[] = [''];

  constructor(
    private readonly registry: FormatRegistry,
    private readonly mapper: JsonRecordMapper,
  ) {}

  /** Applies the rule to `d`, a JSON record whose level is null and whose message came from a text field. */
  apply(d: EventDraft, ctx: ParseContext): void {
    let text = d.message;
    let end = text.length;
    while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    if (end === 0) return;
    if (end < text.length) text = text.slice(0, end);
    const inner = this.inner;
    inner.reset();
    if (!this.parseAsJson(text, inner, ctx.receivedAt)) {
      inner.reset();
      this.parseAsText(text, inner, ctx);
    }
    merge(inner, d);
  }

  private parseAsJson(text: string, inner: EventDraft, receivedAt: number): boolean {
    if (!looksLikeJsonObject(text)) return false;
    const obj = decodeJsonObject(text);
    if (obj === null) return false;
    this.mapper.map(obj, inner, receivedAt);
    return true;
  }

  private parseAsText(text: string, inner: EventDraft, ctx: ParseContext): void {
    const plain = this.registry.builtins.plain;
    let format: TextFormat = plain;
    let stream: StreamFormatState | null = null;
    const spec = ctx.format;
    if (spec.kind === 'header') format = this.registry.header(spec.pattern);
    else if (spec.kind === 'builtin' && spec.name !== 'json') format = this.registry.builtin(spec.name);
    else {
      this.sample[0] = text;
      stream = this.registry.stream(ctx.streamKey + ENVELOPE_STREAM_SUFFIX, this.sample, 0, ctx.receivedAt);
      if (stream !== null) format = this.registry.builtin(stream.format);
    }
    const matched = format.parse(text, inner, ctx.receivedAt);
    if (stream !== null && stream.record(matched && format !== plain)) {
      this.registry.redetect(stream, this.sample, 0, ctx.receivedAt);
    }
    if (!matched) {
      inner.reset();
      plain.parse(text, inner, ctx.receivedAt);
    }
  }
}

function merge(inner: EventDraft, d: EventDraft): void {
  d.message = inner.message;
  d.level = inner.level;
  if (inner.ts === inner.ts) d.ts = inner.ts;
  d.service ??= inner.service;
  d.host ??= inner.host;
  d.hostFallback ??= inner.hostFallback;
  d.traceId ??= inner.traceId;
  d.spanId ??= inner.spanId;
  const attrs = inner.attrs;
  if (attrs === null) return;
  for (const key of Object.keys(attrs)) {
    if (d.attrs === null || !Object.prototype.hasOwnProperty.call(d.attrs, key)) d.setAttr(key, attrs[key]);
  }
}
