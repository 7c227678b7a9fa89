import type { DeadLetterReason } from '../model/index.js';
import type { DecodeContext, DecodedBody } from './codecs/decoded-body.js';
import { setField } from './codecs/record-fields.js';
import { deadLetter, tooLarge } from './codecs/text-lines.js';
import { decodeOtlpJson, decodeOtlpProtobuf } from './otlp-logs.js';

/**
 * How the values of a topic are encoded:
 * - `auto`: each message is one record, a JSON object or a text line (any format the parse stage
 *   detects per topic: JSON, logfmt, syslog, access logs, plain);
 * - `json`: each message must be a JSON object (anything else is poison);
 * - `otlp_proto` / `otlp_json`: an OTLP `ExportLogsServiceRequest` per message, as the
 *   OpenTelemetry Collector's kafka exporter writes them.
 */
export const KAFKA_ENCODINGS = ['auto', 'json', 'otlp_proto', 'otlp_json'] as const;
export type KafkaEncoding = (typeof KAFKA_ENCODINGS)[number];

/** The parts of a consumed message the decoder reads. */
export interface KafkaMessageView {
  readonly offset: string;
  /** Message key; producers usually key by service or host, so it names the record's stream. */
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Broker or producer timestamp, ms since epoch as text. */
  readonly timestamp: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one partition's messages into records, each in the stream its message key names
 * (OTLP: its resource's service) for per-stream format detection. Every record carries the id
 * `${topic}/${partition}/${offset}` (OTLP messages: `…/${offset}/${n}` per log record) as its record id
 * (`DecodedBody.recordIds`), which the pipeline uses for record-id deduplication: a message redelivered after a crash or a
 * rebalance is not stored twice (within the store's dedup window).
 *
 * A poison message (empty, not UTF-8, binary, over the record limit, not the declared
 * encoding) becomes a dead letter in the same batch, so its offset is committed with the rest.
 */
export function decodeKafkaMessages(topic: string, partition: number, messages: readonly KafkaMessageView[], encoding: KafkaEncoding, ctx: DecodeContext): DecodedBody {
  const out: KafkaDecoded = { records: [], positions: [], rejected: [], streams: [], recordIds: [] };
  const poison = (k: number, reason: DeadLetterReason, detail: string, raw: string) =>
    out.rejected.push({ index: k, letter: deadLetter(ctx, reason, `${topic}/${partition}/${messages[k].offset}: ${detail}`, raw) });
  const idPrefix = `${topic}/${partition}/`;
  const streams = new StreamNames();
  for (let k = 0; k < messages.length; k++) {
    const m = messages[k];
    const id = idPrefix + m.offset;
    const value = m.value;
    if (value === null || value.length === 0) {
      poison(k, 'invalid_record', 'empty message', '');
      continue;
    }
    if (value.length > ctx.maxRecordBytes) {
      out.rejected.push({ index: k, letter: tooLarge(value.subarray(0, 4096).toString('utf8'), value.length, ctx) });
      continue;
    }
    if (encoding === 'otlp_proto' || encoding === 'otlp_json') {
      decodeOtlpMessage(out, k, id, value, encoding, ctx, poison);
      continue;
    }
    let text: string;
    try {
      text = utf8.decode(value);
    } catch {
      poison(k, 'invalid_encoding', 'message is not valid UTF-8', value.subarray(0, 4096).toString('base64'));
      continue;
    }
    if (looksBinary(text)) {
      poison(k, 'invalid_encoding', 'message looks binary (NUL or many control characters)', value.subarray(0, 4096).toString('base64'));
      continue;
    }
    if (encoding === 'json') {
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (err) {
        poison(k, 'invalid_json', `not valid JSON: ${(err as Error).message}`, text);
        continue;
      }
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        poison(k, 'invalid_record', 'expected a JSON object', text);
        continue;
      }
      out.records.push(withProvenance(obj as Record<string, unknown>, topic, partition, m.offset));
    } else {
      out.records.push(textEnvelope(text, Number(m.timestamp), topic, partition, m.offset));
    }
    out.positions.push(k);
    out.streams.push(streams.of(m.key));
    out.recordIds.push(id);
  }
  return out;
}

/** Where a record came from, as attributes: `kafka.topic`, `kafka.partition`, `kafka.offset`. */
function withProvenance(record: Record<string, unknown>, topic: string, partition: number, offset: string): Record<string, unknown> {
  setField(record, 'kafka.topic', topic);
  setField(record, 'kafka.partition', partition);
  setField(record, 'kafka.offset', Number(offset));
  return record;
}

/**
 * A text message as an envelope record (see `wrapAsEnvelope`): the message timestamp (when the
 * message has one) and its provenance, then the line. One object literal per message, in the
 * key order `wrapAsEnvelope(text, withProvenance({'@timestamp'}, …))` gives.
 */
function textEnvelope(text: string, ts: number, topic: string, partition: number, offset: string): Record<string, unknown> {
  const o = Number(offset);
  if (ts > 0) return { '@timestamp': ts, 'kafka.topic': topic, 'kafka.partition': partition, 'kafka.offset': o, msg: text };
  return { 'kafka.topic': topic, 'kafka.partition': partition, 'kafka.offset': o, msg: text };
}

/** Longest key prefix that names a stream, bytes. */
const MAX_KEY_BYTES = 200;

/**
 * The stream of a message for per-stream format detection: its key (as text), or '' when it has
 * none. Producers key by service or host, so consecutive messages mostly share a key: a key equal
 * to the previous one reuses its text instead of decoding it again.
 */
class StreamNames {
  private lastKey: Buffer | null = null;
  private lastName = '';

  of(key: Buffer | null): string {
    if (key === null || key.length === 0) return '';
    const bytes = key.length > MAX_KEY_BYTES ? key.subarray(0, MAX_KEY_BYTES) : key;
    if (this.lastKey === null || !sameBytes(bytes, this.lastKey)) {
      this.lastKey = bytes;
      this.lastName = bytes.toString('utf8');
    }
    return this.lastName;
  }
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type KafkaDecoded = DecodedBody & { readonly streams: string[]; readonly recordIds: (string | null)[] };

function decodeOtlpMessage(
  out: KafkaDecoded,
  k: number,
  id: string,
  value: Buffer,
  encoding: 'otlp_proto' | 'otlp_json',
  ctx: DecodeContext,
  poison: (k: number, reason: DeadLetterReason, detail: string, raw: string) => void,
): void {
  let decoded;
  try {
    decoded = encoding === 'otlp_proto' ? decodeOtlpProtobuf(value, ctx) : decodeOtlpJson(value.toString('utf8'), ctx);
  } catch (err) {
    poison(k, 'decode_error', (err as Error).message, value.subarray(0, 4096).toString('base64'));
    return;
  }
  for (let i = 0; i < decoded.records.length; i++) {
    const record = decoded.records[i];
    out.records.push(typeof record === 'string' ? record : withProvenance(record, id.slice(0, id.indexOf('/')), Number(id.split('/')[1]), id.slice(id.lastIndexOf('/') + 1)));
    out.recordIds.push(`${id}/${decoded.positions[i]}`);
    out.positions.push(k);
    out.streams.push(decoded.streams?.[i] ?? '');
  }
  for (const r of decoded.rejected) out.rejected.push({ index: k, letter: r.letter });
}

/** A control character other than tab, CR and LF (NUL included): what `looksBinary` counts. */
const CONTROL_CHAR = /[^\t\n\r\x20-\uffff]/;

/** NUL anywhere, or more than 10% control characters other than tab, CR and LF. */
function looksBinary(text: string): boolean {
  // Nearly every message has none: one regex scan is a few times cheaper than the loop below.
  if (!CONTROL_CHAR.test(text)) return false;
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return control * 10 > text.length;
}
