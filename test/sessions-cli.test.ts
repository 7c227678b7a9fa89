import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from './helpers.js';

const run = promisify(execFile);

/** Runs the built `logsift` binary (npm run build first), as a user would. */
async function logsift(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const child = run(process.execPath, [BIN, ...args], { maxBuffer: 16 * 1024 * 1024 });
    if (input !== undefined) child.child.stdin?.end(input);
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A block-like lifecycle in Loghub style: allocate, 1–3 replicas each received and acknowledged (interleaved), optional verify. */
function normal(rnd: () => number): string[] {
  const keys = ['E22'];
  const replicas = 1 + Math.floor(rnd() * 3);
  let pending = 0;
  for (let i = 0; i < replicas; i++) {
    keys.push('E5');
    if (rnd() < 0.5) keys.push('E11', 'E9');
    else pending++;
  }
  for (let i = 0; i < pending; i++) keys.push('E11', 'E9');
  for (let i = 0; i < replicas; i++) keys.push('E26');
  if (rnd() < 0.3) keys.push('E2');
  return keys;
}

/** Three kinds of anomaly: an unknown event, a lost acknowledgement, a block that stops early. */
function anomalous(rnd: () => number, i: number): string[] {
  const keys = normal(rnd);
  if (i % 3 === 0) return [...keys.slice(0, 2), 'E7', ...keys.slice(2)];
  if (i % 3 === 1) return keys.filter((k, j) => !(k === 'E9' && j === keys.indexOf('E9')));
  return keys.slice(0, 2);
}

describe('logsift sessions (end to end)', () => {
  const dir = tempDir('logsift-sessions-');
  afterAll(() => dir.remove());
  const path = (name: string): string => join(dir.path, name);

  const rnd = prng(42);
  const train: string[] = [];
  for (let i = 0; i < 1500; i++) train.push(normal(rnd).join(' '));
  const normalLabels = ['0', 'Normal', 'false', 'NORMAL', 'False'];
  const anomalyLabels = ['1', 'Anomaly', 'true', 'anomaly', 'TRUE'];
  const test: string[] = [];
  const truth: number[] = [];
  for (let i = 0; i < 330; i++) {
    const bad = i % 11 === 5;
    test.push(`${(bad ? anomalous(rnd, i) : normal(rnd)).join(' ')},${(bad ? anomalyLabels : normalLabels)[i % 5]}`);
    truth.push(bad ? 1 : 0);
  }
  writeFileSync(path('train.txt'), train.join('\n') + '\n');
  writeFileSync(path('test.csv'), test.join('\r\n'));

  it('trains on normal sessions and writes a model', async () => {
    const r = await logsift(['sessions', 'train', '--input', path('train.txt'), '--model', path('model.bin')]);
    expect(r.stderr).toMatch(/trained in .* sessions\/s/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^trained on 1500 normal sessions of 1500 lines$/m);
    expect(r.stdout).toMatch(/thresholds \(decades\): event 3\.00, count [\d.]+, invariant [\d.]+, order1 [\d.]+/);
    expect(readFileSync(path('model.bin')).subarray(0, 4).toString('latin1')).toBe('LSQM');
  });

  it('scores labelled sessions: one score,flag row per session in input order, and the metrics', async () => {
    const r = await logsift(['sessions', 'score', '--model', path('model.bin'), '--input', path('test.csv'), '--output', path('out.csv'), '--explain', '2']);
    expect(r.code).toBe(0);
    const rows = readFileSync(path('out.csv'), 'utf8').trimEnd().split('\n');
    expect(rows).toHaveLength(330);
    for (const row of rows) expect(row).toMatch(/^-?\d+\.\d{4},[01]$/);
    const flags = rows.map((row) => Number(row.split(',')[1]));
    expect(flags).toEqual(truth);
    for (const row of rows) expect(Number(row.split(',')[0]) > 0).toBe(row.endsWith(',1'));
    expect(r.stdout).toContain('scored 330 sessions: 30 flagged');
    expect(r.stdout).toContain('labels: 30 anomalous, 300 normal');
    expect(r.stdout).toContain('TP 30  FP 0  FN 0  TN 300');
    expect(r.stdout).toContain('precision 1.0000  recall 1.0000  F1 1.0000');
    // Line 6 stops after its first replica; line 17 lost an acknowledgement.
    expect(r.stdout).toMatch(/first 2 flagged:\nline 6 \(score [\d.]+\):\n {2}- count invariant #E5 == #E11 violated \(1 vs 0\)/);
    expect(r.stdout).toContain('session ended after E5: seen in 0 of 1,500 normal sessions with E5');
    expect(r.stdout).toMatch(/line 17 \(score [\d.]+\):\n {2}- count invariant #E5 == #E9 violated \(3 vs 2\)/);
    expect(r.stdout).not.toContain('line 28');
  });

  it('reads stdin, skips anomalous lines when training, and prints no metrics without labels', async () => {
    const labelled = [...train.slice(0, 1200).map((l) => `${l},0`), 'E22 E5 E7,1'].join('\n');
    const t = await logsift(['sessions', 'train', '--input', '-', '--model', path('stdin.bin')], labelled);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('trained on 1200 normal sessions (1 labelled anomalous skipped) of 1201 lines');
    const s = await logsift(['sessions', 'score', '--model', path('stdin.bin'), '--input', '-', '--output', '-'], 'E22 E5 E11 E9 E26\nE22 E5 E7\n');
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^-?\d+\.\d{4},0\n\d+\.\d{4},1\n$/);
    expect(s.stderr).toContain('scored 2 sessions: 1 flagged');
    expect(s.stderr).not.toContain('precision');
    expect(s.stderr).toMatch(/line 2 \(score [\d.]+\):\n {2}- event E7 never seen in 1,200 normal sessions/);
  });

  it('skips a header line such as logdeep CSVs have', async () => {
    writeFileSync(path('header.csv'), ['Sequence,label', ...test.slice(0, 20)].join('\n'));
    const r = await logsift(['sessions', 'score', '--model', path('model.bin'), '--input', path('header.csv'), '--output', path('header.out')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("header.csv:1: skipped a header line ('Sequence,label')");
    expect(r.stdout).toContain('scored 20 sessions');
    expect(readFileSync(path('header.out'), 'utf8').trimEnd().split('\n')).toHaveLength(20);
  });

  it('names the line and the reason for bad input, exit code 1', async () => {
    const cases: [string, RegExp][] = [
      ['E22 E5,0\nE22 E5,maybe\n', /bad\.txt:2: unknown label 'maybe' \(expected 1\/0, Anomaly\/Normal or true\/false/],
      ['E22 E5,0\nE22 E5\n', /bad\.txt:2: no label, unlike the first session/],
      ['Sequence,label\nE22 E5\nE22 E5,1\n', /bad\.txt:3: a label, unlike the first session/],
      ['E22 E5\n\nE22\n', /bad\.txt:2: empty session/],
      ['E22,E5,1\n', /bad\.txt:1: more than one ','/],
      ['E22 E5,0\nSequence,label\n', /bad\.txt:2: unknown label 'label'/],
    ];
    for (const [text, message] of cases) {
      writeFileSync(path('bad.txt'), text);
      const r = await logsift(['sessions', 'score', '--model', path('model.bin'), '--input', path('bad.txt')]);
      expect(r.code, text).toBe(1);
      expect(r.stderr, text).toMatch(message);
    }
    writeFileSync(path('junk.bin'), 'not a model');
    const junk = await logsift(['sessions', 'score', '--model', path('junk.bin'), '--input', path('test.csv')]);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(/cannot read model .*junk\.bin: session model snapshot: not a session model snapshot/);
    const missing = await logsift(['sessions', 'score', '--model', path('model.bin'), '--input', path('nope.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.txt/);
  });

  it('rejects bad usage with exit code 2', async () => {
    for (const argv of [['sessions'], ['sessions', 'fit', '--input', 'x', '--model', 'y'], ['sessions', 'train', '--input', 'x'], ['sessions', 'score', '--model', 'y'], ['sessions', 'train', '--input', 'x', '--model', 'y', '--output', 'z'], ['sessions', 'score', '--model', 'y', '--input', 'x', '--explain', '-1']]) {
      const r = await logsift(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage: logsift sessions train');
    }
  });
});
