import { setField } from './codecs/record-fields.js';
import type { Int64 } from './loki-push-schema.js';
import type { PbAnyValue, PbKeyValue } from './otlp-logs-schema.js';

/** An OTLP AnyValue as plain data: kvlists become objects (the parse stage flattens them to dotted keys), arrays stay arrays. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

/** Deeper values are cut (null): bounds recursion on hostile input. The parser keeps 8 levels anyway. */
const MAX_DEPTH = 16;

/** A 64-bit integer as a number when exact, else its decimal text. */
export function int64Value(v: Int64): number | string {
  if (typeof v === 'number') return v;
  const n = v.toNumber();
  return Number.isSafeInteger(n) ? n : String(v);
}

/** Converts a decoded protobuf AnyValue. */
export function pbAnyValue(v: PbAnyValue | null, depth = 0): PlainValue {
  if (v === null || depth > MAX_DEPTH) return null;
  switch (v.value) {
    case 'stringValue':
      return v.stringValue;
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return int64Value(v.intValue);
    case 'doubleValue':
      return v.doubleValue;
    case 'bytesValue':
      return Buffer.from(v.bytesValue.buffer, v.bytesValue.byteOffset, v.bytesValue.length).toString('base64');
    case 'arrayValue':
      return (v.arrayValue?.values ?? []).map((x) => pbAnyValue(x, depth + 1));
    case 'kvlistValue':
      return pbKeyValues(v.kvlistValue?.values ?? [], depth + 1);
    default:
      return null;
  }
}

export function pbKeyValues(list: readonly PbKeyValue[], depth = 0): { [key: string]: PlainValue } {
  const out: { [key: string]: PlainValue } = {};
  for (const kv of list) setField(out, kv.key, pbAnyValue(kv.value, depth));
  return out;
}

/** Reads a field by its lowerCamelCase name, or the proto name (snake_case) that OTLP/JSON receivers must accept too. */
export function jsonField(obj: unknown, camel: string, snake: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const o = obj as Record<string, unknown>;
  const v = o[camel];
  return v !== undefined ? v : o[snake];
}

/** Converts an OTLP/JSON AnyValue (`{"stringValue": "x"}`, `{"intValue": "5"}`, …). */
export function jsonAnyValue(v: unknown, depth = 0): PlainValue {
  if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return null;
  let x = jsonField(v, 'stringValue', 'string_value');
  if (typeof x === 'string') return x;
  x = jsonField(v, 'boolValue', 'bool_value');
  if (typeof x === 'boolean') return x;
  x = jsonField(v, 'intValue', 'int_value');
  if (typeof x === 'number') return x;
  if (typeof x === 'string') {
    const n = Number(x);
    return Number.isSafeInteger(n) ? n : x;
  }
  x = jsonField(v, 'doubleValue', 'double_value');
  if (typeof x === 'number') return x;
  if (typeof x === 'string') return Number(x); // "NaN", "Infinity" per the proto3 JSON mapping
  x = jsonField(v, 'bytesValue', 'bytes_value');
  if (typeof x === 'string') return x; // base64 already
  x = jsonField(v, 'arrayValue', 'array_value');
  if (x !== undefined) {
    const values = jsonField(x, 'values', 'values');
    return Array.isArray(values) ? values.map((e) => jsonAnyValue(e, depth + 1)) : [];
  }
  x = jsonField(v, 'kvlistValue', 'kvlist_value');
  if (x !== undefined) return jsonKeyValues(jsonField(x, 'values', 'values'), depth + 1);
  return null;
}

export function jsonKeyValues(list: unknown, depth = 0): { [key: string]: PlainValue } {
  const out: { [key: string]: PlainValue } = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    const key = (kv as { key?: unknown } | null)?.key;
    if (typeof key === 'string') setField(out, key, jsonAnyValue((kv as { value?: unknown }).value, depth));
  }
  return out;
}
