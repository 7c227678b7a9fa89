/**
 * Template-miner throughput on one core.
 *
 *   npm run bench:mine
 *
 * 1. Mining only: the Loghub-2k message contents (after header parsing), concatenated and
 *    repeated to >= 5,000,000 lines, through one fresh miner (learning included).
 * 2. The whole `logsift parse` command (read, header parse, mine, write CSV) on a generated
 *    >= 5,000,000-line file with a header (`<Date> <Time> <Level> <Component>: <Content>`).
 *
 * Each phase runs in its own process so its peak RSS is its own. Set LOGSIFT_BENCH_LINES to
 * change the line count. Data: Loghub (Zhu et al., ISSRE'23, https://github.com/logpai/loghub).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../src/cli/command.js';
import { parseCommand } from '../src/cli/commands/parse.js';
import { createTemplateMiner } from '../src/mine/index.js';
import { loghubContents } from './internal/loghub-contents.js';

const LINES = Number(process.env.LOGSIFT_BENCH_LINES ?? 5_000_000);
const TARGET_MINE = 1_000_000;
const TARGET_PARSE = 300_000;
const FORMAT = '<Date> <Time> <Level> <Component>: <Content>';

interface PhaseResult {
  readonly lines: number;
  /** Wall-clock seconds, and CPU seconds of this process (all threads, GC included). */
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly note: string;
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Phase 1: content-only mining. */
function mineOnly(): PhaseResult {
  const contents = loghubContents();
  // JIT warm-up on a throwaway miner, so the measured run is steady-state code.
  const warm = createTemplateMiner();
  for (let i = 0; i < 200_000; i++) warm.mine(contents[i % contents.length]);
  const miner = createTemplateMiner();
  const n = contents.length;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let sink = 0;
  for (let i = 0; i < LINES; i++) sink += miner.mine(contents[i % n]).params.length;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const stats = miner.stats();
  return {
    lines: LINES,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: peakRssMb(),
    note: `${n} distinct lines repeated; ${stats.currentTemplates} templates; ${sink} params`,
  };
}

/** Phase 2: the parse command on the generated file `input`. */
async function parseCommandPath(input: string, window: string): Promise<PhaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-out-'));
  const output = join(dir, 'output.csv');
  try {
    const bytes = statSync(input).size;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const errors: string[] = [];
    const stderr = new Writable({
      write(chunk: Buffer, _encoding, done): void {
        errors.push(chunk.toString());
        done();
      },
    });
    const io: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr, env: process.env, cwd: dir };
    const windowArgs = window === 'default' ? [] : ['--window', window];
    const code = await parseCommand.run(['--format', FORMAT, '--input', input, '--output', output, ...windowArgs], io);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    if (code !== 0) throw new Error(`parse exited ${code}: ${errors.join('')}`);
    return {
      lines: LINES,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMb: peakRssMb(),
      note: `${window === 'default' ? 'default --window' : `--window ${window}`}; input ${(bytes / 1e6).toFixed(0)} MB, output ${(statSync(output).size / 1e6).toFixed(0)} MB`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writeInput(file: string, contents: readonly string[]): Promise<void> {
  const out = createWriteStream(file);
  const levels = ['INFO', 'WARN', 'ERROR', 'DEBUG'];
  let buf = '';
  for (let i = 0; i < LINES; i++) {
    const s = i % 86_400;
    const time = `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')}`;
    buf += `2024-05-0${1 + (i % 9)} ${time} ${levels[i % 4]} svc.Component${i % 17}: ${contents[i % contents.length]}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((r) => out.end(r));
}

function runPhase(phase: string, ...args: string[]): PhaseResult {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [self, '--phase', phase, ...args], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`phase ${phase} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as PhaseResult;
}

function report(name: string, r: PhaseResult, target: number): void {
  const rate = r.lines / r.seconds;
  const cpuRate = r.lines / r.cpuSeconds;
  process.stdout.write(
    `| ${name} | ${r.lines.toLocaleString('en-US')} | ${r.seconds.toFixed(2)} | ${Math.round(rate).toLocaleString('en-US')} | ${Math.round(cpuRate).toLocaleString('en-US')} | ${r.peakRssMb.toFixed(0)} | ${target.toLocaleString('en-US')} | ${rate >= target ? 'met' : 'NOT met'} | ${r.note} |\n`,
  );
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--phase');
  if (i >= 0) {
    const phase = process.argv[i + 1];
    const result = phase === 'mine' ? mineOnly() : await parseCommandPath(process.argv[i + 2], process.argv[i + 3]);
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const cpus = (await import('node:os')).cpus();
  const load = (await import('node:os')).loadavg();
  process.stdout.write(
    `# Miner throughput (one core)\n\nNode ${process.version}, ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}, load average before the run ${load.map((x) => x.toFixed(2)).join(' ')}\n\n` +
      '| phase | lines | wall s | lines/s (wall) | lines per CPU-second | peak RSS MB | target lines/s | wall vs target | notes |\n|---|---|---|---|---|---|---|---|---|\n',
  );
  report('mine (content only)', runPhase('mine'), TARGET_MINE);
  const dir = mkdtempSync(join(tmpdir(), 'logsift-bench-in-'));
  try {
    const input = join(dir, 'input.log');
    await writeInput(input, loghubContents());
    report('parse command (defaults)', runPhase('parse', input, 'default'), TARGET_PARSE);
    report('parse command, --window 0', runPhase('parse', input, '0'), TARGET_PARSE);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\nLoad average after the run: ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
