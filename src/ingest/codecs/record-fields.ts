/**
 * Small helpers for building the JSON-shaped records protocol decoders hand to the pipeline.
 * Records are plain objects whose keys the parse stage maps (see src/parse/README.md): the
 * decoders write the event's own fields under the highest-priority keys (`@timestamp`,
 * `level`, `msg`, `service`, `host`, `trace_id`, `span_id`) and everything else as attributes.
 */

/** Sets `record[key]`, also for a key named `__proto__` (which plain assignment would swallow). */
export function setField(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** Sets an attribute that came from protocol data (a label, an OTLP attribute, an indexed field) on a record. */
export function setAttribute(record: Record<string, unknown>, key: string, value: unknown): void {
  setField(record, key, value);
}

/** True when the text's first and last non-blank characters are `{` and `}`. */
export function isJsonObjectText(text: string): boolean {
  let a = 0;
  let b = text.length - 1;
  while (a <= b && text.charCodeAt(a) <= 32) a++;
  while (b > a && text.charCodeAt(b) <= 32) b--;
  return a < b && text.charCodeAt(a) === 123 && text.charCodeAt(b) === 125;
}

/**
 * Wraps a line of text as an envelope record `{msg: text, ...meta}`: the parse stage reads the
 * line with the stream's format (its fields win for message, level and time) and `meta` fills
 * in the rest (e.g. the Kafka message timestamp).
 */
export function wrapAsEnvelope(text: string, meta: Readonly<Record<string, unknown>> | null): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  if (meta !== null) for (const key of Object.keys(meta)) setField(record, key, meta[key]);
  record.msg = text;
  return record;
}

/** Epoch nanoseconds (string, as Loki and OTLP/JSON send them) to ms; NaN when not a decimal integer. */
export function nanosTextToMs(text: string): number {
  const n = text.length;
  if (n === 0 || n > 20) return Number.NaN;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
  }
  // Split so the ms part stays exact: the last 6 digits are sub-millisecond.
  return n <= 6 ? 0 : Number(text.slice(0, n - 6));
}
