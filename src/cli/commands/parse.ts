import { createWriteStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { formatTemplateId } from '../../model/index.js';
import { createTemplateMiner, currentTemplate, extractParams } from '../../mine/index.js';
import type { TemplateMiner } from '../../mine/index.js';
import { compileHeaderFormat } from '../../parse/formats/header-format.js';
import type { CliIO, Command } from '../command.js';
import { UsageError } from '../command.js';
import { csv, NEEDS_QUOTES, quoteCsv, splitFileInWorker, splitLines } from './parse-split.js';
import type { SplitBatch, SplitConsumer, SplitStart } from './parse-split.js';

/**
 * Lines a row waits before it is written. On Loghub-2k, almost every template reaches its
 * final form within a few hundred lines of its first line (grouping accuracy 0.904 when each
 * line keeps the template it was mined to, 0.977 with 100 lines, 0.985 with 256, 0.986 with
 * 2,000), while rows held longer survive into the old generation and cost collector work.
 */
const DEFAULT_WINDOW = 256;

const USAGE = `Usage: logsift parse [--format FORMAT] --input FILE --output FILE [--window LINES]

Mines the templates of a log file and writes the Loghub structured CSV layout:
LineId, the header fields, Content, EventId, EventTemplate, ParameterList.

Options:
  --format FORMAT   header format, e.g. '<Date> <Time> <Level> <Component>: <Content>'
                    (<Content> is the message; other <Fields> become columns).
                    Without it the format is detected from the first lines: JSON, logfmt,
                    syslog and access logs give Time, Level, Service and Host columns;
                    anything else is mined whole.
  --input FILE      log file to read ('-' for stdin)
  --output FILE     CSV file to write ('-' for stdout)
  --window LINES    rows are held this many lines before they are written, so a line gets
                    the template its template generalised into within that window
                    (default ${DEFAULT_WINDOW.toLocaleString('en-US')}; 0 writes each line as it is mined)
`;

/** Bytes buffered before a write to the output stream. */
const WRITE_CHUNK = 1 << 20;
/** Rows joined before they are encoded into the buffer. */
const ROW_BATCH = 64;

/** `logsift parse`: header parse + template mining of a log into a structured CSV. */
export const parseCommand: Command = {
  name: 'parse',
  summary: 'Mine the templates of a log file into a structured CSV (Loghub layout)',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const args = parseOptions(argv);
    const inputPath = args.input === '-' ? null : resolve(io.cwd, args.input);
    if (inputPath !== null && !statSync(inputPath, { throwIfNoEntry: false })?.isFile()) {
      throw new UsageError(`--input ${args.input} is not a readable file`);
    }
    // Checked here so a bad format is a usage error, not a worker failure.
    if (args.format !== null) compileHeaderFormat(args.format);
    const started = performance.now();
    const output = args.output === '-' ? io.stdout : createWriteStream(resolve(io.cwd, args.output));
    const miner = createTemplateMiner();
    const writer = new CsvWriter(output);
    let rows: StructuredRows | null = null;
    const consumer: SplitConsumer = {
      start: (info) => {
        rows = new StructuredRows(info, miner, writer, args.window);
      },
      batch: (batch) => (rows as StructuredRows | null)?.addBatch(batch),
    };
    // A file is read and split on a second thread while this one mines; stdin is split here.
    if (inputPath !== null) await splitFileInWorker(inputPath, args.format, consumer);
    else await splitLines(io.stdin, args.format, consumer);
    const done = rows as StructuredRows | null;
    if (done === null) throw new Error('parse: the input was never split');
    await done.finish();
    await writer.close(output !== io.stdout);
    const seconds = (performance.now() - started) / 1000;
    const stats = miner.stats();
    io.stderr.write(
      (args.format === null ? `format: ${done.describe}\n` : '') +
        `parsed ${done.count} lines in ${seconds.toFixed(2)} s (${Math.round(done.count / Math.max(seconds, 1e-9))} lines/s): ` +
        `${stats.currentTemplates} templates, ${stats.truncatedLines} truncated lines, ${stats.evictedTemplates} evicted templates\n`,
    );
    return 0;
  },
};

interface ParseArgs {
  readonly format: string | null;
  readonly input: string;
  readonly output: string;
  readonly window: number;
}

function parseOptions(argv: readonly string[]): ParseArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        format: { type: 'string' },
        input: { type: 'string' },
        output: { type: 'string' },
        window: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.input === undefined) throw new UsageError('--input is required');
  if (values.output === undefined) throw new UsageError('--output is required');
  const window = values.window === undefined ? DEFAULT_WINDOW : Number(values.window);
  if (!Number.isSafeInteger(window) || window < 0) throw new UsageError(`--window must be a whole number of lines, got ${values.window}`);
  return { format: values.format ?? null, input: values.input, output: values.output, window };
}


class StructuredRows {
  count = 0;
  readonly describe: string;
  private readonly miner: TemplateMiner;
  private readonly writer: CsvWriter;
  private readonly window: number;
  /** Ring buffer of pending rows: CSV up to the Content cell, content, params, template id. */
  private readonly prefix: string[];
  private readonly content: string[];
  private readonly params: (readonly string[])[];
  private readonly ids: Float64Array;
  private head = 0;
  private size = 0;
  /** CSV cells `EventId,EventTemplate,` per (current) template id. */
  private readonly cells = new Map<number, string>();

  constructor(start: SplitStart, miner: TemplateMiner, writer: CsvWriter, window: number) {
    this.describe = start.describe;
    this.miner = miner;
    this.writer = writer;
    this.window = window;
    const capacity = Math.max(1, window);
    this.prefix = new Array<string>(capacity);
    this.content = new Array<string>(capacity);
    this.params = new Array<readonly string[]>(capacity);
    this.ids = new Float64Array(capacity);
    writer.write(['LineId', ...start.columns, 'Content', 'EventId', 'EventTemplate', 'ParameterList'].map(csv).join(',') + '\n');
  }

  /** Mines a batch of split lines; resolves when the output can take more (backpressure). */
  async addBatch(batch: SplitBatch): Promise<void> {
    const { text, cellLengths, contentLengths, quote } = batch;
    let pos = 0;
    for (let i = 0; i < batch.count; i++) {
      const cells = text.slice(pos, (pos += cellLengths[i]));
      const content = text.slice(pos, (pos += contentLengths[i]));
      const wait = this.add(cells, content, quote[i] === 1);
      if (wait !== undefined) await wait;
    }
  }

  /** Mines one line; resolves when the output can take more (backpressure), else undefined. */
  private add(cells: string, content: string, quoteContent: boolean): Promise<void> | undefined {
    const id = ++this.count;
    const result = this.miner.mine(content);
    const before = `${id},${cells}${quoteContent ? quoteCsv(content) : content},`;
    if (this.window === 0) {
      this.emit(before, content, result.params, result.templateId);
      return this.writer.pending();
    }
    if (this.size === this.window) {
      this.emitOldest();
    }
    const slot = (this.head + this.size) % this.window;
    this.prefix[slot] = before;
    this.content[slot] = content;
    this.params[slot] = result.params;
    this.ids[slot] = result.templateId;
    this.size++;
    return this.writer.pending();
  }

  async finish(): Promise<void> {
    while (this.size > 0) {
      this.emitOldest();
      const wait = this.writer.pending();
      if (wait !== undefined) await wait;
    }
  }

  private emitOldest(): void {
    const slot = this.head;
    this.emit(this.prefix[slot], this.content[slot], this.params[slot], this.ids[slot]);
    this.prefix[slot] = '';
    this.content[slot] = '';
    this.params[slot] = NO_PARAMS;
    this.head = (this.head + 1) % this.window;
    this.size--;
  }

  /** Writes a row; `before` is its CSV up to and including the Content cell and its comma. */
  private emit(before: string, content: string, params: readonly string[], id: number): void {
    const t = currentTemplate(this.miner, id);
    const finalId = t === undefined ? id : t.id;
    const changed = finalId !== id;
    let cells = this.cells.get(finalId);
    if (cells === undefined) {
      cells = `${formatTemplateId(finalId)},${csv(t === undefined ? '' : t.text)},`;
      this.cells.set(finalId, cells);
    }
    const values = changed && t !== undefined ? (extractParams(t.text, content) ?? params) : params;
    this.writer.write(`${before}${cells}${listCell(values)}\n`);
  }
}


/**
 * The ParameterList cell: a Python-style list literal, as the Loghub structured files write
 * parameter lists (`['a', 'b']`), already CSV-quoted.
 */
function listCell(params: readonly string[]): string {
  if (params.length === 0) return '[]';
  if (params.length === 1 && isPlainParam(params[0])) return "['" + params[0] + "']";
  let plain = true;
  for (let i = 0; i < params.length && plain; i++) plain = isPlainParam(params[i]);
  // `, ` between items always needs the cell quoted.
  if (plain) return `"['${params.join("', '")}']"`;
  let s = '[';
  let quote = params.length > 1;
  for (let i = 0; i < params.length; i++) {
    if (i > 0) s += ', ';
    let p = params[i];
    if (p.includes("'") || p.includes('\\')) p = p.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    if (!quote && NEEDS_QUOTES.test(p)) quote = true;
    s += "'" + p + "'";
  }
  s += ']';
  return quote ? '"' + (s.includes('"') ? s.replace(/"/g, '""') : s) + '"' : s;
}

const ESCAPED_OR_QUOTED = /[",\r\n'\\]/;

/** A parameter that goes into the list as it is: nothing to escape, nothing CSV must quote. */
function isPlainParam(p: string): boolean {
  return !ESCAPED_OR_QUOTED.test(p);
}
const NO_PARAMS: readonly string[] = Object.freeze([]);

/**
 * Buffered writer: rows are encoded straight into a 1 MiB buffer (no intermediate joined
 * string), which is handed to the stream when full.
 */
class CsvWriter {
  private buf = Buffer.allocUnsafe(WRITE_CHUNK);
  private pos = 0;
  private failed: Error | null = null;
  private readonly out: Writable;

  constructor(out: Writable) {
    this.out = out;
    // A closed pipe (`| head`) ends the output quietly; later writes are dropped.
    out.on('error', (err: Error) => {
      this.failed = err;
    });
  }

  write(text: string): void {
    // Rows are batched: one encode call per batch costs less than one per row.
    this.rows.push(text);
    this.rowChars += text.length;
    if (this.rows.length >= ROW_BATCH) this.encodeRows();
  }

  private rows: string[] = [];
  private rowChars = 0;

  private encodeRows(): void {
    if (this.rows.length === 0) return;
    const text = this.rows.length === 1 ? this.rows[0] : this.rows.join('');
    this.rows = [];
    this.rowChars = 0;
    // Worst case 3 bytes per UTF-16 unit; a batch that big gets its own buffer.
    if (this.pos + text.length * 3 > this.buf.length) {
      this.pendingBuffers.push(this.buf.subarray(0, this.pos));
      this.buf = Buffer.allocUnsafe(Math.max(WRITE_CHUNK, text.length * 3));
      this.pos = 0;
    }
    this.pos += this.buf.write(text, this.pos);
  }

  /** Flushes full buffers; resolves when the stream can take more (backpressure). */
  pending(): Promise<void> | undefined {
    if (this.pendingBuffers.length === 0) return undefined;
    return this.flush();
  }

  async close(end: boolean): Promise<void> {
    this.encodeRows();
    if (this.pos > 0) {
      this.pendingBuffers.push(this.buf.subarray(0, this.pos));
      this.pos = 0;
    }
    await this.flush();
    if (!end || this.failed !== null) return;
    await new Promise<void>((done) => this.out.end(done));
  }

  private pendingBuffers: Buffer[] = [];

  private flush(): Promise<void> | undefined {
    const buffers = this.pendingBuffers;
    this.pendingBuffers = [];
    if (this.failed !== null) return undefined;
    let ok = true;
    for (const b of buffers) if (b.length > 0) ok = this.out.write(b);
    if (ok) return undefined;
    return new Promise((done) => {
      const go = (): void => {
        this.out.off('drain', go);
        this.out.off('close', go);
        done();
      };
      this.out.on('drain', go);
      this.out.on('close', go);
    });
  }
}
