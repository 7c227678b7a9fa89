/**
 * JSON text of a value with bounded depth and length, for arrays kept as attribute values.
 * Unlike `JSON.stringify` it cannot overflow the stack on deeply nested input, and it stops
 * writing once `maxChars` is reached (the result then ends with `…`).
 */
export function boundedJson(value: unknown, maxChars: number): string {
  out = '';
  budget = maxChars;
  write(value, 0);
  if (out.length > maxChars) out = out.slice(0, maxChars) + '…';
  const result = out;
  out = '';
  return result;
}

/** Nesting deeper than this is written as `"…"`. */
const MAX_DEPTH = 16;

// Writer scratch: synchronous and never re-entered, so module state is safe.
let out = '';
let budget = 0;

function write(v: unknown, depth: number): void {
  if (out.length > budget) return;
  switch (typeof v) {
    case 'string':
      out += JSON.stringify(v.length > budget ? v.slice(0, budget) : v);
      return;
    case 'number':
      out += Number.isFinite(v) ? String(v) : 'null';
      return;
    case 'boolean':
      out += v ? 'true' : 'false';
      return;
    case 'bigint':
      out += String(v);
      return;
    case 'object':
      break;
    default:
      out += 'null';
      return;
  }
  if (v === null) {
    out += 'null';
    return;
  }
  if (depth >= MAX_DEPTH) {
    out += '"…"';
    return;
  }
  if (Array.isArray(v)) {
    out += '[';
    for (let i = 0; i < v.length && out.length <= budget; i++) {
      if (i > 0) out += ',';
      write(v[i], depth + 1);
    }
    out += ']';
    return;
  }
  out += '{';
  let first = true;
  for (const k of Object.keys(v)) {
    if (out.length > budget) break;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(k) + ':';
    write((v as Record<string, unknown>)[k], depth + 1);
  }
  out += '}';
}
