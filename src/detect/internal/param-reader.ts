import type { MinedTemplate } from '../../mine/index.js';
import type { MinedEvent, ParamType } from '../../model/index.js';

/** Slot types that hold identifiers or free text, never a category or a measure worth judging. */
const ID_TYPES: ReadonlySet<ParamType> = new Set<ParamType>(['hex', 'uuid', 'timestamp', 'url', 'email']);
/** Most parameters read per event (positional slots first, then attributes). */
export const MAX_PARAMS_PER_EVENT = 32;
const POSITION_NAMES = Array.from({ length: MAX_PARAMS_PER_EVENT }, (_, i) => `#${i + 1}`);

/**
 * Reads the named values of one event into reused arrays, with no per-event allocation beyond
 * what the event already holds: the template's `<*>` positions (named by the miner's slot name,
 * or `#n`) and the structured attributes (named by key; `logsift.*` bookkeeping and trace/span
 * ids are skipped). Identifier-typed slots (hex, uuid, timestamp, url, email) and names in
 * `ignore` are left out.
 */
export class ParamReader {
  readonly names: string[] = new Array<string>(MAX_PARAMS_PER_EVENT).fill('');
  readonly values: (string | number)[] = new Array<string | number>(MAX_PARAMS_PER_EVENT).fill('');
  /** The slot type, or null for attributes. */
  readonly types: (ParamType | null)[] = new Array<ParamType | null>(MAX_PARAMS_PER_EVENT).fill(null);
  count = 0;

  constructor(private readonly ignore: ReadonlySet<string>) {}

  read(event: MinedEvent, template: MinedTemplate | undefined): number {
    let n = 0;
    const params = event.params;
    const slots = template?.slots;
    for (let i = 0; i < params.length && n < MAX_PARAMS_PER_EVENT; i++) {
      const slot = slots?.[i];
      if (slot !== undefined && ID_TYPES.has(slot.type)) continue;
      const name = slot?.name ?? POSITION_NAMES[i] ?? `#${i + 1}`;
      if (this.ignore.has(name)) continue;
      this.names[n] = name;
      this.values[n] = params[i];
      this.types[n] = slot?.type ?? null;
      n++;
    }
    const attrs = event.attrs;
    if (attrs !== null) {
      for (const key in attrs) {
        if (n >= MAX_PARAMS_PER_EVENT) break;
        const v = attrs[key];
        if ((typeof v !== 'string' && typeof v !== 'number') || skipAttr(key) || this.ignore.has(key)) continue;
        this.names[n] = key;
        this.values[n] = v;
        this.types[n] = null;
        n++;
      }
    }
    this.count = n;
    return n;
  }
}

function skipAttr(key: string): boolean {
  return key.startsWith('logsift.') || /(?:^|[._])(?:trace_?id|span_?id|traceid|spanid)$/i.test(key);
}

const MEASURE = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zA-Zµ]{0,3})$/;
const UNIT_SCALE: Readonly<Record<string, readonly [number, 'ms' | 'bytes']>> = {
  ns: [1e-6, 'ms'],
  us: [1e-3, 'ms'],
  µs: [1e-3, 'ms'],
  ms: [1, 'ms'],
  s: [1000, 'ms'],
  sec: [1000, 'ms'],
  m: [60_000, 'ms'],
  min: [60_000, 'ms'],
  h: [3_600_000, 'ms'],
  b: [1, 'bytes'],
  kb: [1024, 'bytes'],
  kib: [1024, 'bytes'],
  mb: [1024 ** 2, 'bytes'],
  mib: [1024 ** 2, 'bytes'],
  gb: [1024 ** 3, 'bytes'],
  gib: [1024 ** 3, 'bytes'],
};

/** Unit class of a measure: durations in ms, sizes in bytes, '' for plain numbers. */
export type MeasureUnit = 'ms' | 'bytes' | '';

/** Reused result of `parseMeasure` (the caller copies what it keeps). */
export const measured = { value: 0, unit: '' as MeasureUnit };

/**
 * Reads `35`, `3.6`, `14.3ms`, `0.075s`, `2 MiB` as a number in a base unit (ms, bytes, or
 * none) into `measured`; false for anything else (ids such as `ord_42`, `****1881`, hex).
 */
export function parseMeasure(v: string | number): boolean {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return false;
    measured.value = v;
    measured.unit = '';
    return true;
  }
  if (v.length === 0 || v.length > 32) return false;
  const c = v.charCodeAt(0);
  // Fast reject: measures start with a digit, a sign or a dot.
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return false;
  const m = MEASURE.exec(v);
  if (m === null) return false;
  const x = Number(m[1]);
  if (!Number.isFinite(x)) return false;
  if (m[2] === '') {
    measured.value = x;
    measured.unit = '';
    return true;
  }
  const scale = UNIT_SCALE[m[2].toLowerCase()];
  if (scale === undefined) return false;
  measured.value = x * scale[0];
  measured.unit = scale[1];
  return true;
}

/**
 * The shape of a categorical value: digit runs become `0` when the value also has letters
 * (`http-nio-8080-exec-17` and `…-exec-21` are the same kind of value: instance numbers), but a
 * pure number stays itself (HTTP 429 is not HTTP 200).
 */
export function valueShape(v: string): string {
  return /[A-Za-z]/.test(v) && /\d/.test(v) ? v.replace(/\d+/g, '0') : v;
}
