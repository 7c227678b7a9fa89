import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { isAbsolute, join } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliIO, Command } from '../command.js';
import { UsageError } from '../command.js';
import { createSimulator, DEFAULT_SIM_START, SERVICE_NAMES, simFileName } from '../../sim/index.js';
import type { IncidentTruth, ServiceName, SimRecord, Simulator } from '../../sim/index.js';

const USAGE = `Usage: logsift simulate [options]

Generates the logs of a small simulated shop (web, auth, payment, database, queue, worker)
with injected incidents and their ground truth. Same seed and options, same bytes.

Options:
  --seed N              PRNG seed (integer, default 1)
  --duration D          simulated length: 90s, 30m, 1h, 1d, 1w (default 1h)
  --rate N              mean records per simulated second (default 100)
  --start ISO           simulated start time (default 2026-11-23T08:00:00Z, or now with --realtime)
  --incidents KIND      none | default (default: default, scaled to --duration)
  --services LIST       comma-separated subset of ${SERVICE_NAMES.join(',')}
  --out DIR             write one file per service stream (web.log, web-error.log, auth.log, …)
                        and DIR/truth.json
  --stdout              write NDJSON records {ts,service,host,format,line} to stdout (default)
  --truth FILE          write the incidents' ground truth (JSON) to FILE
  --realtime            pace output to the wall clock (for feeding a live server)

A summary (records per service, incidents) goes to stderr.
`;

interface SimulateArgs {
  readonly seed: number;
  readonly durationMs: number;
  readonly rate: number;
  readonly start: number;
  readonly incidents: 'none' | 'default';
  readonly services: readonly ServiceName[];
  readonly outDir: string | null;
  readonly truthFile: string | null;
  readonly realtime: boolean;
}

/** Where records go: a directory of per-stream files, or NDJSON on a stream. */
interface RecordOutput {
  write(records: readonly SimRecord[]): Promise<void>;
  close(): Promise<void>;
  /** True once the reader went away (EPIPE): stop generating. */
  readonly closed: boolean;
}

/** Records per batch when not pacing: large enough to amortise writes, small enough to stay responsive. */
const BATCH = 8192;
/** Realtime pacing step, ms of wall clock. */
const REALTIME_STEP_MS = 200;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Generate realistic shop logs with injected incidents and ground truth',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const args = parse(argv, io.cwd);
    const sim = createSimulator({
      seed: args.seed,
      start: args.start,
      ratePerSecond: args.rate,
      durationMs: args.durationMs,
      incidents: args.incidents,
      services: args.services,
    });
    const truthJson = `${JSON.stringify(sim.incidents, null, 2)}\n`;
    let truthPath = args.truthFile;
    let output: RecordOutput;
    if (args.outDir !== null) {
      await mkdir(args.outDir, { recursive: true });
      truthPath ??= join(args.outDir, 'truth.json');
      output = new DirectoryOutput(args.outDir);
    } else {
      output = new NdjsonOutput(io.stdout);
    }
    // The truth is complete up front; writing it first leaves it in place if a live run is interrupted.
    if (truthPath !== null) await writeFile(truthPath, truthJson);

    const counts = new Map<string, number>();
    const tally = (records: readonly SimRecord[]): void => {
      for (const r of records) counts.set(r.service, (counts.get(r.service) ?? 0) + 1);
    };
    try {
      if (args.realtime) await runRealtime(sim, output, tally);
      else await runFast(sim, output, tally);
    } finally {
      await output.close();
    }
    io.stderr.write(summary(args, sim, counts, truthPath));
    return 0;
  },
};

async function runFast(sim: Simulator, output: RecordOutput, tally: (r: readonly SimRecord[]) => void): Promise<void> {
  for (let batch = sim.batch(BATCH); batch.length > 0 && !output.closed; batch = sim.batch(BATCH)) {
    tally(batch);
    await output.write(batch);
  }
}

/** Simulated time runs at wall-clock speed from `sim.start`. */
async function runRealtime(sim: Simulator, output: RecordOutput, tally: (r: readonly SimRecord[]) => void): Promise<void> {
  const wallStart = Date.now();
  for (;;) {
    const simNow = sim.start + (Date.now() - wallStart);
    const last = simNow >= sim.end;
    const records = sim.until(last ? Number.POSITIVE_INFINITY : simNow);
    tally(records);
    if (records.length > 0) await output.write(records);
    if (last || output.closed) return;
    await sleep(Math.min(REALTIME_STEP_MS, sim.end - simNow));
  }
}

class NdjsonOutput implements RecordOutput {
  closed = false;
  private failure: Error | null = null;

  constructor(private readonly out: Writable) {
    // EPIPE means the reader left (`| head`): stop quietly. Anything else fails the next write.
    out.on('error', (err: NodeJS.ErrnoException) => {
      this.closed = true;
      if (err.code !== 'EPIPE') this.failure = err;
    });
  }

  async write(records: readonly SimRecord[]): Promise<void> {
    const lines = new Array<string>(records.length + 1);
    for (let i = 0; i < records.length; i++) lines[i] = JSON.stringify(records[i]);
    lines[records.length] = ''; // the trailing newline
    if (!this.closed && !this.out.write(lines.join('\n'))) await waitDrain(this.out, () => this.closed);
    if (this.failure !== null) throw this.failure;
  }

  async close(): Promise<void> {
    // The caller owns the stream (stdout): nothing to end.
  }
}

/** One file per service stream, opened on first use, as a service would write them. */
class DirectoryOutput implements RecordOutput {
  readonly closed = false;
  private readonly streams = new Map<string, WriteStream>();
  private readonly fileNames = new Map<string, string>();

  constructor(private readonly dir: string) {}

  async write(records: readonly SimRecord[]): Promise<void> {
    // Lines grouped per file and joined once: one flat string per file and batch.
    const groups = new Map<string, string[]>();
    for (const r of records) {
      const file = this.fileOf(r);
      let lines = groups.get(file);
      if (lines === undefined) {
        lines = [];
        groups.set(file, lines);
      }
      lines.push(r.line);
    }
    for (const [file, lines] of groups) {
      let stream = this.streams.get(file);
      if (stream === undefined) {
        stream = createWriteStream(join(this.dir, file));
        this.streams.set(file, stream);
      }
      lines.push('');
      if (!stream.write(lines.join('\n'))) await waitDrain(stream, () => false);
    }
  }

  /** simFileName, memoised per service and format (it builds a string per call). */
  private fileOf(r: SimRecord): string {
    const key = r.format === 'nginx-error' ? r.service + '\u0000e' : r.service;
    let file = this.fileNames.get(key);
    if (file === undefined) {
      file = simFileName(r);
      this.fileNames.set(key, file);
    }
    return file;
  }

  async close(): Promise<void> {
    const pending = [...this.streams.values()].map(async (s) => {
      s.end();
      await once(s, 'finish');
    });
    await Promise.all(pending);
  }
}

/** Waits for 'drain', or returns early once `gone()` (the reader left: it will never drain). */
async function waitDrain(stream: Writable, gone: () => boolean): Promise<void> {
  while (stream.writableNeedDrain && !gone()) {
    await Promise.race([once(stream, 'drain'), sleep(50)]);
  }
}

function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        seed: { type: 'string' },
        duration: { type: 'string' },
        rate: { type: 'string' },
        start: { type: 'string' },
        incidents: { type: 'string' },
        services: { type: 'string' },
        out: { type: 'string' },
        stdout: { type: 'boolean' },
        truth: { type: 'string' },
        realtime: { type: 'boolean' },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function parse(argv: readonly string[], cwd: string): SimulateArgs {
  const values = readFlags(argv);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got '${values.seed}'`);
  const durationMs = parseDuration(values.duration ?? '1h');
  const rate = values.rate === undefined ? 100 : Number(values.rate);
  if (!(rate > 0 && rate <= 10_000_000)) throw new UsageError(`--rate must be a number in (0, 10000000], got '${values.rate}'`);
  const realtime = values.realtime === true;
  let start = realtime ? Math.floor(Date.now() / 1000) * 1000 : DEFAULT_SIM_START;
  if (values.start !== undefined) {
    start = Date.parse(values.start);
    if (Number.isNaN(start) || start < 0) throw new UsageError(`--start must be an ISO 8601 time, got '${values.start}'`);
  }
  const incidents = values.incidents ?? 'default';
  if (incidents !== 'none' && incidents !== 'default') throw new UsageError(`--incidents must be none or default, got '${incidents}'`);
  const services = values.services === undefined ? SERVICE_NAMES : values.services.split(',').map((s) => s.trim());
  for (const s of services) {
    if (!(SERVICE_NAMES as readonly string[]).includes(s)) throw new UsageError(`unknown service '${s}'; expected ${SERVICE_NAMES.join(', ')}`);
  }
  if (values.out !== undefined && values.stdout === true) throw new UsageError('use either --out or --stdout, not both');
  const resolve = (p: string): string => (isAbsolute(p) ? p : join(cwd, p));
  return {
    seed,
    durationMs,
    rate,
    start,
    incidents,
    services: services as ServiceName[],
    outDir: values.out === undefined ? null : resolve(values.out),
    truthFile: values.truth === undefined ? null : resolve(values.truth),
    realtime,
  };
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `30m`, `1.5h`, `1d`, `1w` → ms. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text.trim());
  const ms = m === null ? Number.NaN : Math.round(Number(m[1]) * UNIT_MS[m[2]]);
  if (!(ms > 0)) throw new UsageError(`--duration must look like 90s, 30m, 1h, 1d or 1w, got '${text}'`);
  return ms;
}

function summary(args: SimulateArgs, sim: Simulator, counts: ReadonlyMap<string, number>, truthPath: string | null): string {
  const iso = (ts: number): string => new Date(ts).toISOString();
  const lines = [
    `logsift simulate: seed ${args.seed}, ${iso(sim.start)} → ${iso(sim.end)}, ${args.rate} records/s${args.realtime ? ', realtime' : ''}`,
  ];
  let total = 0;
  for (const service of args.services) {
    const n = counts.get(service) ?? 0;
    total += n;
    lines.push(`  ${service.padEnd(9)} ${String(n).padStart(10)}`);
  }
  lines.push(`  ${'total'.padEnd(9)} ${String(total).padStart(10)}`);
  lines.push(`incidents: ${sim.incidents.length}${truthPath === null ? '' : ` (ground truth in ${truthPath})`}`);
  for (const inc of sim.incidents) lines.push(`  ${incidentLine(inc)}`);
  return `${lines.join('\n')}\n`;
}

function incidentLine(inc: IncidentTruth): string {
  const hhmmss = (ts: number): string => new Date(ts).toISOString().slice(11, 19);
  return `${inc.id.padEnd(30)} ${hhmmss(inc.start)}–${hhmmss(inc.end)}  ${inc.description}`;
}
