import type { DeadLetter } from '../../model/index.js';

/** String fields of each row, in this order, packed into `WriteBatch.text`. */
export const ROW_STRINGS = ['service', 'host', 'message', 'attrs', 'trace', 'span'] as const;
export const STRINGS_PER_ROW = ROW_STRINGS.length;
/** Length that marks a null field. */
export const NULL_LENGTH = 0xffffffff;

/**
 * A batch as the writer receives it: numbers in typed arrays and every string field of
 * every row concatenated into one string with a length table, so it crosses the worker
 * boundary as a few memory copies instead of thousands of cloned strings.
 */
export interface WriteBatch {
  readonly tenant: string;
  readonly dedupKey: string | null;
  /** Ingest time, ms since epoch: picks the partition. */
  readonly receivedAt: number;
  readonly count: number;
  readonly ts: Float64Array;
  readonly level: Uint8Array;
  readonly template: Float64Array;
  /** `ROW_STRINGS` of row 0, then row 1, …, concatenated. */
  readonly text: string;
  /** `count * STRINGS_PER_ROW` lengths into `text`; NULL_LENGTH for null. */
  readonly lengths: Uint32Array;
  readonly recordIds: readonly (string | null)[] | null;
  /** Write order and index blocks (block-plan.ts). */
  readonly order: Uint32Array;
  readonly blockEnds: Uint32Array;
  readonly blockTerms: readonly string[];
  /** [id, text] of every template the batch references. */
  readonly templates: readonly (readonly [number, string])[];
  readonly deadLetters: readonly DeadLetter[];
}

/** Row strings unpacked from a WriteBatch, one column per field. */
export interface RowStrings {
  readonly service: string[];
  readonly host: string[];
  readonly message: string[];
  readonly attrs: (string | null)[];
  readonly trace: (string | null)[];
  readonly span: (string | null)[];
}

/** Packs string columns (row-major) into one string and a length table. */
export class RowStringPacker {
  private parts: string[] = [];
  private readonly lengths: Uint32Array;
  private k = 0;

  constructor(rows: number) {
    this.lengths = new Uint32Array(rows * STRINGS_PER_ROW);
  }

  add(value: string | null): void {
    if (value === null) this.lengths[this.k++] = NULL_LENGTH;
    else {
      this.lengths[this.k++] = value.length;
      this.parts.push(value);
    }
  }

  finish(): { text: string; lengths: Uint32Array } {
    const text = this.parts.join('');
    this.parts = [];
    return { text, lengths: this.lengths };
  }
}

export function unpackRowStrings(batch: WriteBatch): RowStrings {
  const n = batch.count;
  const out: RowStrings = {
    service: new Array<string>(n),
    host: new Array<string>(n),
    message: new Array<string>(n),
    attrs: new Array<string | null>(n),
    trace: new Array<string | null>(n),
    span: new Array<string | null>(n),
  };
  const { text, lengths } = batch;
  let pos = 0;
  let k = 0;
  const next = (): string | null => {
    const len = lengths[k++];
    if (len === NULL_LENGTH) return null;
    const s = text.slice(pos, pos + len);
    pos += len;
    return s;
  };
  for (let i = 0; i < n; i++) {
    out.service[i] = next() ?? '';
    out.host[i] = next() ?? '';
    out.message[i] = next() ?? '';
    out.attrs[i] = next();
    out.trace[i] = next();
    out.span[i] = next();
  }
  return out;
}

export interface WriteResult {
  /** `duplicate` when the whole batch was seen before (by `dedupKey`). */
  readonly status: 'stored' | 'duplicate';
  readonly partition: string;
  readonly accepted: number;
  readonly deduplicated: number;
  readonly rejected: number;
  /** Rowkey per input event; NaN where the event was skipped as a duplicate. */
  readonly rowkeys: Float64Array;
  /** Event-time range of the partition after this batch (ms), for query pruning. */
  readonly partitionMinTs: number;
  readonly partitionMaxTs: number;
  readonly partitionEvents: number;
}
