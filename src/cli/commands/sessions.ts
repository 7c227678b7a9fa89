import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createSessionModel, describeFinding, restoreSessionModel } from '../../detect/sequence/index.js';
import type { SessionAnomalyModel } from '../../detect/sequence/index.js';
import type { CliIO, Command } from '../command.js';
import { UsageError } from '../command.js';
import { readLineChunks } from '../line-reader.js';

const USAGE = `Usage: logsift sessions train --input FILE --model MODEL
       logsift sessions score --model MODEL --input FILE [--output FILE] [--explain N]

Learns what normal sessions look like (events, per-session counts, count invariants,
transitions) and flags sessions that do not look like them, saying why.

Input (FILE, or - for stdin): one session per line, its event keys separated by spaces
(e.g. Loghub ids 'E5 E22 E11' or template ids), optionally followed by ',label' where label
is 1/0, Anomaly/Normal or true/false (any case). Either every line has a label or none does.
A first line such as 'Sequence,label' is taken as a header and skipped.

  train   learns the sessions of FILE as normal (lines labelled anomalous are skipped) and
          writes the model to MODEL. About 500 normal sessions are needed before the model
          can flag anything; a few thousand make it reliable.
  score   scores every session of FILE. With labels, prints TP/FP/FN/TN, precision, recall
          and F1.

Options:
  --output FILE   (score) one row per input session, in input order: score,flag
                  (flag 1 = anomalous; score = decades over the alarm threshold, > 0 flags)
  --explain N     (score) print why for the first N flagged sessions (default 5, 0 = none)

Exit codes: 0 ok, 1 failure (bad input line, unreadable model), 2 usage.
`;

/** Lines read per chunk. */
const CHUNK_LINES = 4096;
/** Characters buffered before a write of --output. */
const WRITE_CHUNK = 1 << 16;

/** A bad input line or an unreadable model: reported with its location, exit code 1. */
class InputError extends Error {}

interface SessionsArgs {
  readonly mode: 'train' | 'score';
  readonly input: string;
  readonly model: string;
  readonly output: string | null;
  readonly explain: number;
}

/** One parsed input line. */
interface SessionLine {
  readonly keys: string[];
  /** null when the line has no label. */
  readonly anomaly: boolean | null;
}

/** `logsift sessions train|score`: the offline face of the session anomaly model. */
export const sessionsCommand: Command = {
  name: 'sessions',
  summary: 'Train a session (sequence) anomaly model on normal sessions; score sessions with it',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const args = parseOptions(argv);
    try {
      return args.mode === 'train' ? await train(args, io) : await score(args, io);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      io.stderr.write(`logsift sessions: ${err.message}\n`);
      return 1;
    }
  },
};

function parseOptions(argv: readonly string[]): SessionsArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        input: { type: 'string' },
        model: { type: 'string' },
        output: { type: 'string' },
        explain: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const mode = positionals[0];
  if (mode !== 'train' && mode !== 'score') throw new UsageError(mode === undefined ? 'give train or score' : `unknown mode '${mode}' (train or score)`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
  if (values.input === undefined) throw new UsageError('--input is required');
  if (values.model === undefined) throw new UsageError('--model is required');
  if (mode === 'train' && (values.output !== undefined || values.explain !== undefined)) {
    throw new UsageError('--output and --explain only apply to score');
  }
  const explain = values.explain === undefined ? 5 : Number(values.explain);
  if (!Number.isSafeInteger(explain) || explain < 0) throw new UsageError(`--explain must be a whole number, got ${values.explain}`);
  return { mode, input: values.input, model: values.model, output: values.output ?? null, explain };
}

async function train(args: SessionsArgs, io: CliIO): Promise<number> {
  const model = createSessionModel();
  let skipped = 0;
  const started = performance.now();
  const total = await forEachSession(args.input, io, (s) => {
    if (s.anomaly === true) skipped++;
    else model.observe(s.keys);
  });
  const seconds = (performance.now() - started) / 1000;
  if (model.sessions === 0) throw new InputError(`${args.input}: no normal sessions to learn`);
  const path = resolve(io.cwd, args.model);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, model.snapshot());
    await rename(tmp, path);
  } catch (err) {
    throw new InputError(`cannot write model ${args.model}: ${(err as Error).message}`);
  }
  const st = model.stats();
  const lines = [
    `trained on ${model.sessions} normal sessions` + (skipped > 0 ? ` (${skipped} labelled anomalous skipped)` : '') + ` of ${total} lines`,
    `model: ${st.events} events, ${st.invariants} count invariants, ${st.histories.join('/')} histories; calibrated on ${st.calibrationSessions} sessions`,
    `thresholds (decades): ${model.thresholds().map((t) => `${t.family} ${t.threshold.toFixed(2)}`).join(', ')}`,
  ];
  if (st.calibrationSessions === 0) lines.push('warning: too few sessions to flag anything yet (about 500 normal sessions are needed)');
  lines.push(`wrote ${args.model}`);
  io.stdout.write(lines.join('\n') + '\n');
  io.stderr.write(`trained in ${seconds.toFixed(2)} s (${rate(model.sessions, seconds)} sessions/s)\n`);
  return 0;
}

async function score(args: SessionsArgs, io: CliIO): Promise<number> {
  const model = await loadModel(args.model, io.cwd);
  const toStdout = args.output === '-';
  const report = toStdout ? io.stderr : io.stdout;
  const out = args.output === null ? null : toStdout ? io.stdout : await openOutput(args.output, io.cwd);
  const writer = out === null ? null : new RowWriter(out);
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  let flagged = 0;
  let labelled = false;
  const explanations: string[] = [];
  const started = performance.now();
  let lineNo = 0;
  const total = await forEachSession(args.input, io, (s) => {
    lineNo++;
    const r = model.score(s.keys);
    if (r.anomalous) {
      flagged++;
      if (explanations.length < args.explain) {
        explanations.push(`line ${lineNo} (score ${r.score.toFixed(2)}):\n${r.findings.map((f) => `  - ${describeFinding(f)}`).join('\n')}`);
      }
    }
    if (s.anomaly !== null) {
      labelled = true;
      if (r.anomalous && s.anomaly) c.tp++;
      else if (r.anomalous) c.fp++;
      else if (s.anomaly) c.fn++;
      else c.tn++;
    }
    return writer?.row(`${r.score.toFixed(4)},${r.anomalous ? 1 : 0}\n`);
  });
  await writer?.close(out !== io.stdout);
  const seconds = (performance.now() - started) / 1000;
  const lines = [`scored ${total} sessions: ${flagged} flagged`];
  if (labelled) {
    const precision = c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp);
    const recall = c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn);
    const f1 = precision === null || recall === null || precision + recall === 0 ? null : (2 * precision * recall) / (precision + recall);
    lines.push(`labels: ${c.tp + c.fn} anomalous, ${c.fp + c.tn} normal`);
    lines.push(`TP ${c.tp}  FP ${c.fp}  FN ${c.fn}  TN ${c.tn}`);
    lines.push(`precision ${fmt(precision)}  recall ${fmt(recall)}  F1 ${fmt(f1)}`);
  }
  if (explanations.length > 0) lines.push(`first ${explanations.length} flagged:`, ...explanations);
  if (args.output !== null && !toStdout) lines.push(`wrote ${args.output}`);
  report.write(lines.join('\n') + '\n');
  io.stderr.write(`scored in ${seconds.toFixed(2)} s (${rate(total, seconds)} sessions/s)\n`);
  return 0;
}

async function loadModel(file: string, cwd: string): Promise<SessionAnomalyModel> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(cwd, file));
  } catch (err) {
    throw new InputError(`cannot read model ${file}: ${(err as Error).message}`);
  }
  try {
    return restoreSessionModel(bytes);
  } catch (err) {
    throw new InputError(`cannot read model ${file}: ${(err as Error).message}`);
  }
}

async function openOutput(file: string, cwd: string): Promise<Writable> {
  const stream = createWriteStream(resolve(cwd, file));
  try {
    await once(stream, 'open');
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as Error).message}`);
  }
  return stream;
}

/**
 * Calls `onSession` for each line of the input in order; resolves to the number of sessions.
 * Throws `InputError` naming the line for anything that is not `keys[,label]`.
 */
async function forEachSession(input: string, io: CliIO, onSession: (s: SessionLine) => Promise<void> | void): Promise<number> {
  const path = input === '-' ? '-' : resolve(io.cwd, input);
  if (path !== '-') {
    const st = await stat(path).catch(() => null);
    if (st === null || !st.isFile()) throw new InputError(`cannot read ${input}: not a readable file`);
  }
  let n = 0;
  let lineNo = 0;
  let firstLabelled: boolean | null = null;
  for await (const chunk of readLineChunks(path, io.stdin, CHUNK_LINES)) {
    for (const line of chunk) {
      lineNo++;
      if (lineNo === 1 && isHeader(line)) {
        io.stderr.write(`${input}:1: skipped a header line ('${line.slice(0, 60)}')\n`);
        continue;
      }
      n++;
      const s = parseSessionLine(line, `${input}:${lineNo}`);
      if (firstLabelled === null) firstLabelled = s.anomaly !== null;
      else if (firstLabelled !== (s.anomaly !== null)) {
        throw new InputError(`${input}:${lineNo}: ${firstLabelled ? 'no label' : 'a label'}, unlike the first session (label every line or none)`);
      }
      const wait = onSession(s);
      if (wait !== undefined) await wait;
    }
  }
  return n;
}

/**
 * A first line like `Sequence,label` (logdeep's CSVs): two columns whose second is a column
 * name rather than a label. Skipping it (with a note) spares users an edit of published files.
 */
function isHeader(line: string): boolean {
  const comma = line.indexOf(',');
  if (comma < 0 || line.indexOf(',', comma + 1) >= 0) return false;
  const label = line.slice(comma + 1).trim().toLowerCase();
  return LABELS[label] === undefined && /^[a-z_][a-z_ ]*$/.test(label);
}

const LABELS: Readonly<Record<string, boolean>> = { '1': true, '0': false, anomaly: true, normal: false, true: true, false: false };

/** Parses `keys[,label]`; `where` prefixes errors (file:line). */
export function parseSessionLine(line: string, where: string): SessionLine {
  const comma = line.indexOf(',');
  let anomaly: boolean | null = null;
  let body = line;
  if (comma >= 0) {
    if (line.indexOf(',', comma + 1) >= 0) throw new InputError(`${where}: more than one ',' (expected: keys separated by spaces, then an optional ,label)`);
    const label = line.slice(comma + 1).trim();
    const value = LABELS[label.toLowerCase()];
    if (value === undefined) {
      throw new InputError(`${where}: unknown label '${label}' (expected 1/0, Anomaly/Normal or true/false)`);
    }
    anomaly = value;
    body = line.slice(0, comma);
  }
  const keys = body.split(/\s+/).filter((k) => k.length > 0);
  if (keys.length === 0) throw new InputError(`${where}: empty session (no event keys)`);
  return { keys, anomaly };
}

/** Buffered writer of output rows with backpressure; a write error surfaces as an `InputError`. */
class RowWriter {
  private buf = '';
  private readonly out: Writable;
  private failure: Error | null = null;

  constructor(out: Writable) {
    this.out = out;
    out.on('error', (err: Error) => {
      this.failure = err;
    });
  }

  row(text: string): Promise<void> | undefined {
    this.buf += text;
    if (this.buf.length < WRITE_CHUNK) return undefined;
    return this.flush();
  }

  async close(end: boolean): Promise<void> {
    await this.flush();
    if (!end) return;
    await new Promise<void>((done, fail) => {
      this.out.once('error', fail);
      this.out.end(done);
    });
  }

  private async flush(): Promise<void> {
    this.check();
    if (this.buf.length === 0) return;
    const ok = this.out.write(this.buf);
    this.buf = '';
    if (!ok) await once(this.out, 'drain');
    this.check();
  }

  private check(): void {
    if (this.failure !== null) throw new InputError(`cannot write the output: ${this.failure.message}`);
  }
}

function fmt(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(4);
}

function rate(n: number, seconds: number): string {
  return Math.round(n / Math.max(seconds, 1e-9)).toLocaleString('en-US');
}
