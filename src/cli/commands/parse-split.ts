import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Worker } from 'node:worker_threads';
import { DEFAULT_TENANT } from '../../model/index.js';
import { createRecordParser, detectFormat } from '../../parse/index.js';
import type { ParseContext, RecordParser } from '../../parse/index.js';
import { compileHeaderFormat } from '../../parse/formats/header-format.js';
import type { HeaderFormat } from '../../parse/formats/header-format.js';

/**
 * The first half of `logsift parse`: lines read from the input, the format detected (or the
 * user's header format applied), each line split into its CSV metadata cells and the content
 * to mine, packed in batches. Mining needs one thread; this half does not, so for a file it
 * runs in a worker (parse-split-worker.ts) while the main thread mines. Both paths run this
 * same code, so they write the same bytes.
 */

/** Lines per batch handed to the miner. */
export const SPLIT_BATCH_LINES = 2048;
/** Batches a worker may have sent that the miner has not finished. */
export const SPLIT_BATCHES_IN_FLIGHT = 4;
/** Bytes read per chunk from the input. */
export const READ_CHUNK = 1 << 20;

/** Lines split, packed: per line its cells (CSV, each followed by a comma) and its content. */
export interface SplitBatch {
  readonly count: number;
  /** cells of line 0, content of line 0, cells of line 1, … concatenated. */
  readonly text: string;
  readonly cellLengths: Uint32Array;
  readonly contentLengths: Uint32Array;
  /** 1 where the content needs CSV quoting. */
  readonly quote: Uint8Array;
}

/** What the splitter found out before the first batch: the columns and how lines are read. */
export interface SplitStart {
  readonly columns: readonly string[];
  readonly describe: string;
}

/** Receives the split; `batch` may return a promise to pause reading (backpressure). */
export interface SplitConsumer {
  start(info: SplitStart): void;
  batch(batch: SplitBatch): Promise<void> | undefined;
}

/** What the split worker is started with. */
export interface SplitWorkerData {
  readonly path: string;
  readonly format: string | null;
}

export type SplitWorkerMessage =
  | { readonly type: 'start'; readonly info: SplitStart }
  | { readonly type: 'batch'; readonly batch: SplitBatch }
  | { readonly type: 'end' }
  | { readonly type: 'error'; readonly message: string };

/**
 * `splitLines` on a file in a worker thread: batches reach `out` in order on this thread, one
 * at a time (the next waits while `out.batch` is pending). Rejects with the worker's error.
 */
export function splitFileInWorker(path: string, format: string | null, out: SplitConsumer): Promise<void> {
  const worker = new Worker(new URL('./parse-split-worker.js', import.meta.url), { workerData: { path, format } satisfies SplitWorkerData });
  return new Promise<void>((resolve, reject) => {
    let chain: Promise<void> = Promise.resolve();
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err);
    };
    worker.on('message', (msg: SplitWorkerMessage) => {
      chain = chain
        .then(async () => {
          if (settled) return;
          if (msg.type === 'start') out.start(msg.info);
          else if (msg.type === 'batch') {
            await out.batch(msg.batch);
            worker.postMessage('credit');
          } else if (msg.type === 'end') {
            settled = true;
            resolve();
          } else fail(new Error(msg.message));
        })
        .catch((err: unknown) => fail(err instanceof Error ? err : new Error(String(err))));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!settled) chain = chain.then(() => fail(new Error(`parse worker exited with code ${code}`)));
    });
  });
}

/** Reads `input` to the end and hands its lines, split, to `out` in batches. */
export async function splitLines(input: Readable, format: string | null, out: SplitConsumer): Promise<void> {
  let builder: SplitBatchBuilder | null = null;
  const sample: string[] = [];
  const begin = (): SplitBatchBuilder => {
    const splitter = format !== null ? new HeaderSplitter(compileHeaderFormat(format)) : splitterFor(sample);
    out.start({ columns: splitter.columns, describe: splitter.describe });
    const b = new SplitBatchBuilder(splitter);
    for (const line of sample) b.add(line);
    builder = b;
    return b;
  };
  if (format !== null) begin();
  await forEachLine(input, (line) => {
    if (builder === null) {
      sample.push(line);
      if (sample.length >= DETECT_SAMPLE) begin();
      return undefined;
    }
    return builder.add(line) ? out.batch(builder.take()) : undefined;
  });
  const last: SplitBatchBuilder = builder ?? begin();
  if (last.size > 0) await out.batch(last.take());
}

class SplitBatchBuilder {
  size = 0;
  private parts: string[] = [];
  private cellLengths = new Uint32Array(SPLIT_BATCH_LINES);
  private contentLengths = new Uint32Array(SPLIT_BATCH_LINES);
  private quote = new Uint8Array(SPLIT_BATCH_LINES);
  private readonly emptyCells: string;

  constructor(private readonly splitter: LineSplitter) {
    this.emptyCells = ','.repeat(splitter.columns.length);
  }

  /** Adds a line; true when the batch is full. */
  add(line: string): boolean {
    // One test for the whole line instead of one per cell: most lines need no quoting.
    const plain = this.splitter.slicesLine && !NEEDS_QUOTES.test(line);
    // A line that does not fit the format keeps empty metadata cells and is mined whole.
    const parts = this.splitter.split(line, plain);
    const cells = parts === null ? this.emptyCells : parts.cells;
    const content = parts === null ? line : parts.content;
    const k = this.size++;
    this.parts.push(cells, content);
    this.cellLengths[k] = cells.length;
    this.contentLengths[k] = content.length;
    this.quote[k] = !plain && NEEDS_QUOTES.test(content) ? 1 : 0;
    return this.size >= SPLIT_BATCH_LINES;
  }

  take(): SplitBatch {
    const batch: SplitBatch = {
      count: this.size,
      text: this.parts.join(''),
      cellLengths: this.cellLengths,
      contentLengths: this.contentLengths,
      quote: this.quote,
    };
    // Fresh arrays: a batch's arrays may be transferred to another thread.
    this.parts = [];
    this.cellLengths = new Uint32Array(SPLIT_BATCH_LINES);
    this.contentLengths = new Uint32Array(SPLIT_BATCH_LINES);
    this.quote = new Uint8Array(SPLIT_BATCH_LINES);
    this.size = 0;
    return batch;
  }
}

/** Lines sampled to detect the format when none is given. */
const DETECT_SAMPLE = 200;

/** Splits a line into its metadata cells (before Content) and the content to mine. */
interface LineSplitter {
  /** Column names before `Content`. */
  readonly columns: readonly string[];
  /** Shown on stderr. */
  readonly describe: string;
  /** True when cells and content are pieces of the line itself (not decoded from it, as JSON is). */
  readonly slicesLine: boolean;
  /**
   * The cells (CSV-escaped, each followed by a comma) and the content; null when the line does
   * not fit. `plain` says the line has nothing CSV must quote, so neither has any part of it.
   */
  split(line: string, plain: boolean): { readonly cells: string; readonly content: string } | null;
}

/** A Loghub-style header format: `<Content>` is mined, every other field is a column. */
class HeaderSplitter implements LineSplitter {
  readonly columns: readonly string[];
  readonly describe: string;
  readonly slicesLine = true;
  private readonly contentIndex: number;

  constructor(private readonly header: HeaderFormat) {
    this.columns = header.fields.filter((f) => f !== 'Content');
    this.contentIndex = header.fields.indexOf('Content');
    this.describe = `header ${header.pattern}`;
  }

  split(line: string, plain: boolean): { cells: string; content: string } | null {
    const values = this.header.match(line);
    if (values === null) return null;
    const content = values[this.contentIndex];
    // Joined, not concatenated: a flat string is cheaper to write out than a rope of pieces.
    const cells: string[] = [];
    for (let i = 0; i < values.length; i++) {
      if (i !== this.contentIndex) cells.push(plain ? values[i] : csv(values[i]));
    }
    cells.push('');
    return { cells: cells.join(','), content };
  }
}

type RecordFormatName = 'json' | 'logfmt' | 'syslog5424' | 'syslog3164' | 'access-combined' | 'access-common';

/** A built-in format (JSON, logfmt, syslog, access log) read by the parse stage. */
class RecordSplitter implements LineSplitter {
  readonly columns: readonly string[] = ['Time', 'Level', 'Service', 'Host'];
  readonly describe: string;
  readonly slicesLine = false;
  private readonly parser: RecordParser = createRecordParser();
  private readonly ctx: ParseContext;

  constructor(name: RecordFormatName) {
    this.describe = name;
    this.ctx = { tenant: DEFAULT_TENANT, receivedAt: Date.now(), service: null, host: null, streamKey: 'parse', format: { kind: 'builtin', name } };
  }

  split(line: string): { cells: string; content: string } | null {
    const e = this.parser.parseLines([line], this.ctx).events[0];
    if (e === undefined) return null;
    return { cells: `${csv(new Date(e.ts).toISOString())},${e.level},${csv(e.service)},${csv(e.host)},`, content: e.message };
  }
}

/** Whole lines are the content. */
class PlainSplitter implements LineSplitter {
  readonly columns: readonly string[] = [];
  readonly describe = 'plain (whole lines)';
  readonly slicesLine = true;
  split(line: string): { cells: string; content: string } {
    return { cells: '', content: line };
  }
}

function splitterFor(sample: readonly string[]): LineSplitter {
  const spec = detectFormat(sample);
  if (spec.kind === 'builtin' && spec.name !== 'plain') return new RecordSplitter(spec.name);
  return new PlainSplitter();
}

/**
 * Mines lines and writes their CSV rows through a window: a row leaves the window `window`
 * lines after it was mined, and is written with the current descendant of the template it
 * got (templates generalise as more lines arrive), its parameters re-extracted if that
 * template changed. Memory is bounded by the window.
 */

/**
 * Calls `onLine` for each line of the stream (split on '\n', a trailing '\r' removed, a final
 * line without newline included). When `onLine` returns a promise (backpressure), reading
 * waits for it.
 */
async function forEachLine(input: Readable, onLine: (line: string) => Promise<void> | undefined): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of input) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl >= 0) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const wait = onLine(text.slice(start, end));
      if (wait !== undefined) await wait;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    carry = text.slice(start);
  }
  carry += decoder.end();
  if (carry.length > 0) {
    const wait = onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry);
    if (wait !== undefined) await wait;
  }
}

/** Characters that make a CSV field need quotes. */
export const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 field: quoted only when it needs it. */
export function csv(value: string): string {
  return NEEDS_QUOTES.test(value) ? quoteCsv(value) : value;
}

/** A field quoted for CSV. */
export function quoteCsv(value: string): string {
  return '"' + value.replace(/"/g, '""') + '"';
}
