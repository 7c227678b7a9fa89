import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../command.js';
import { UsageError } from '../command.js';
import { parseDuration, simulateCommand } from './simulate.js';

interface Captured {
  readonly io: CliIO;
  stdout(): string;
  stderr(): string;
}

function capture(cwd: string): Captured {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  return {
    io: { stdin: new PassThrough(), stdout, stderr, env: {}, cwd },
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
  };
}

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'logsift-sim-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('logsift simulate', () => {
  it('writes NDJSON records to stdout, the same for the same seed', async () => {
    const runs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = capture(process.cwd());
      expect(await simulateCommand.run(['--seed', '7', '--duration', '2m', '--rate', '50', '--stdout'], c.io)).toBe(0);
      runs.push(c.stdout());
      expect(c.stderr()).toContain('total');
    }
    expect(runs[1]).toBe(runs[0]);
    const lines = runs[0].trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(3000);
    const first = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['ts', 'service', 'host', 'format', 'line']);
  });

  it('writes one file per service stream plus truth.json with --out', async () => {
    const dir = await tempDir();
    const c = capture(dir);
    expect(await simulateCommand.run(['--duration', '1h', '--rate', '20', '--out', 'logs'], c.io)).toBe(0);
    const files = (await readdir(join(dir, 'logs'))).sort();
    expect(files).toEqual(['auth.log', 'database.log', 'payment.log', 'queue.log', 'truth.json', 'web-error.log', 'web.log', 'worker.log']);
    const truth = JSON.parse(await readFile(join(dir, 'logs', 'truth.json'), 'utf8')) as Array<{ kind: string }>;
    expect(truth.map((t) => t.kind).sort()).toEqual(
      ['error_spike', 'latency', 'new_pattern', 'new_value', 'rate_drop', 'rate_spike', 'sequence', 'silence'],
    );
    const web = await readFile(join(dir, 'logs', 'web.log'), 'utf8');
    expect(web.split('\n')[0]).toMatch(/^\S+ - - \[23\/Nov\/2026:08:00:\d\d \+0000\] "/);
    expect(c.stderr()).toMatch(/incidents: 8 \(ground truth in .*truth\.json\)/);
  });

  it('honours --incidents none, --services, --start and --truth', async () => {
    const dir = await tempDir();
    const c = capture(dir);
    const argv = ['--incidents', 'none', '--services', 'auth,queue', '--start', '2026-01-01T00:00:00Z', '--duration', '90s', '--truth', 't.json'];
    expect(await simulateCommand.run(argv, c.io)).toBe(0);
    const records = c.stdout().trimEnd().split('\n').map((l) => JSON.parse(l) as { service: string; ts: number });
    expect(new Set(records.map((r) => r.service))).toEqual(new Set(['auth', 'queue']));
    expect(records[0].ts).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 1));
    expect(JSON.parse(await readFile(join(dir, 't.json'), 'utf8'))).toEqual([]);
  });

  it('paces output to the wall clock with --realtime', async () => {
    const c = capture(process.cwd());
    const t0 = Date.now();
    expect(await simulateCommand.run(['--realtime', '--duration', '1s', '--rate', '200', '--incidents', 'none'], c.io)).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const records = c.stdout().trimEnd().split('\n').map((l) => JSON.parse(l) as { ts: number });
    expect(Math.abs(records[0].ts - t0)).toBeLessThan(2000);
  });

  it('rejects bad flags with a UsageError', async () => {
    const c = capture(process.cwd());
    for (const argv of [['--rate', 'fast'], ['--duration', '5 minutes'], ['--incidents', 'some'], ['--services', 'mail'], ['--out', 'x', '--stdout'], ['--nope'], ['--seed', '1.5']]) {
      await expect(simulateCommand.run(argv, c.io), argv.join(' ')).rejects.toThrow(UsageError);
    }
  });

  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(() => parseDuration('0m')).toThrow(UsageError);
  });
});
