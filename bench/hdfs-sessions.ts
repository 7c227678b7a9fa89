/**
 * Accuracy and throughput of the session (sequence) anomaly model on labelled HDFS block
 * sessions, with DEFAULT settings only: nothing here is tuned per data set, and no threshold
 * ever sees a test label.
 *
 * Data (see datasets/hdfs/README.md): Loghub HDFS_v1 (Xu et al., SOSP'09; Zhu et al., ISSRE'23,
 * https://github.com/logpai/loghub), as session files from deep-loglizer (HDFS_100k split),
 * DeepLog (wuyifan18/DeepLog) and logdeep (d0ng1ee/logdeep). The data is read from
 * $LOGSIFT_DATASETS (default ../shared/datasets) and never copied into the repository.
 *
 * Key spaces: HDFS_100k uses Loghub ids (`E5`); the DeepLog and logdeep files use integers that
 * very likely follow the same numbering. This bench maps integer n to `E<n>` explicitly so
 * that a model trained on one file can score another.
 *
 * Run: npm run build && npm run bench:sessions
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSessionModel, describeFinding, restoreSessionModel } from '../src/detect/sequence/index.js';
import type { SessionAnomalyModel } from '../src/detect/sequence/index.js';
import { datasetsDir, formatRate, machine, verdict } from './bench-util.js';

interface Session {
  readonly keys: readonly string[];
  readonly anomaly: boolean;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

interface Run {
  readonly model: SessionAnomalyModel;
  readonly counts: Counts;
  /** Training sessions per second. */
  readonly trainRate: number;
  readonly example: string | null;
}

const F1_TARGET = 0.99;

function hdfsDir(): string {
  return join(datasetsDir(), 'hdfs');
}

function lines(file: string): string[] {
  return readFileSync(join(hdfsDir(), file), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

/** DeepLog / logdeep integer keys → Loghub `E<n>` (the mapping the dataset README documents as very likely). */
function loghubKeys(seq: string): string[] {
  return seq.split(/\s+/).filter((t) => t.length > 0).map((t) => `E${t}`);
}

function loadHdfs100k(): { train: Session[]; test: Session[] } {
  const train: Session[] = [];
  const test: Session[] = [];
  for (const line of lines('HDFS_100k_sessions.csv').slice(1)) {
    const [, label, split, seq] = line.split(',');
    const s = { keys: seq.split(' '), anomaly: label === 'Anomaly' };
    (split === 'train' ? train : test).push(s);
  }
  return { train, test };
}

function loadDeepLog(file: string, anomaly: boolean): Session[] {
  return lines(file).map((l) => ({ keys: loghubKeys(l), anomaly }));
}

function loadRobust(): Session[] {
  return lines('robust_log_train.csv')
    .slice(1)
    .map((l) => {
      const comma = l.lastIndexOf(',');
      return { keys: loghubKeys(l.slice(0, comma)), anomaly: l.slice(comma + 1) === '1' };
    });
}

function run(train: readonly Session[], test: readonly Session[]): Run {
  const model = createSessionModel();
  const t0 = performance.now();
  for (const s of train) model.observe(s.keys);
  const trainRate = train.length / ((performance.now() - t0) / 1000);
  const counts: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  let example: string | null = null;
  for (const s of test) {
    const r = model.score(s.keys);
    if (r.anomalous && s.anomaly) counts.tp++;
    else if (r.anomalous) counts.fp++;
    else if (s.anomaly) counts.fn++;
    else counts.tn++;
    if (example === null && r.anomalous && s.anomaly && r.findings.length > 1) {
      example = `session: ${s.keys.join(' ')}\nscore ${r.score.toFixed(2)}\n${r.findings.map((f) => `  - ${describeFinding(f)}`).join('\n')}`;
    }
  }
  return { model, counts, trainRate, example };
}

function metrics(c: Counts): { p: number; r: number; f1: number; fpr: number } {
  const p = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  const fpr = c.fp + c.tn === 0 ? 0 : c.fp / (c.fp + c.tn);
  return { p, r, f1, fpr };
}

/**
 * The best F1 ANY function of the event sequence could reach on `test`: identical sequences
 * must get the same verdict, so flag a sequence iff it is anomalous more often than not.
 * Computed with the test labels as an oracle, only to show what is reachable; never used to
 * set anything.
 */
function sequenceCeiling(test: readonly Session[]): number {
  const by = new Map<string, [number, number]>();
  for (const s of test) {
    const k = s.keys.join(' ');
    const v = by.get(k) ?? [0, 0];
    v[s.anomaly ? 1 : 0]++;
    by.set(k, v);
  }
  const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const [normal, anomalous] of by.values()) {
    if (anomalous > normal) {
      c.tp += anomalous;
      c.fp += normal;
    } else {
      c.fn += anomalous;
      c.tn += normal;
    }
  }
  return metrics(c).f1;
}

const f4 = (x: number): string => x.toFixed(4);

function rateOf(n: number, work: () => void): number {
  const t0 = performance.now();
  work();
  return n / ((performance.now() - t0) / 1000);
}

/** The median of `n` runs of `measure`. */
function repeat(n: number, measure: () => number): number {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(measure());
  xs.sort((a, b) => a - b);
  return xs[Math.floor(n / 2)];
}

/** Test sessions with an event that no training session has, and those events. */
function normalsWithNovelEvents(train: readonly Session[], test: readonly Session[]): { count: number; events: string[] } {
  const known = new Set(train.flatMap((s) => s.keys));
  const events = new Set<string>();
  let count = 0;
  for (const s of test) {
    const novel = s.keys.filter((k) => !known.has(k));
    if (novel.length > 0) count++;
    for (const k of novel) events.add(k);
  }
  return { count, events: [...events].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))) };
}

function main(): void {
  const h = loadHdfs100k();
  const hTrainNormal = h.train.filter((s) => !s.anomaly);
  const hTestNormal = h.test.filter((s) => !s.anomaly);
  const deepTrain = loadDeepLog('hdfs_train', false);
  const deepAbnormal = loadDeepLog('hdfs_test_abnormal', true);
  const robust = loadRobust();
  const robustNormal = robust.filter((s) => !s.anomaly);

  const h100k = run(hTrainNormal, h.test);
  const deep = run(deepTrain, [...deepAbnormal, ...hTestNormal]);
  const robustSelf = run(robustNormal, robust);
  const robustFromH = run(hTrainNormal, robust);
  const robustFromDeep = run(deepTrain, robust);

  const ceiling = sequenceCeiling(h.test);
  const identical = h.test.filter((s) => s.anomaly && hTrainNormal.some((n) => n.keys.join(' ') === s.keys.join(' '))).length;
  const hTestAnomalies = h.test.filter((s) => s.anomaly).length;

  const out: string[] = [];
  out.push('## Session anomaly model on HDFS (default settings)', '');
  out.push(`Machine: ${machine()}`, '');
  out.push('| setting | train (normal sessions) | test sessions | TP | FP | FN | TN | precision | recall | F1 | FP rate | target |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  const row = (name: string, train: number, r: Run, target: string): void => {
    const c = r.counts;
    const m = metrics(c);
    const n = c.tp + c.fp + c.fn + c.tn;
    out.push(`| ${name} | ${train.toLocaleString('en-US')} | ${n.toLocaleString('en-US')} | ${c.tp} | ${c.fp} | ${c.fn} | ${c.tn} | ${f4(m.p)} | ${f4(m.r)} | ${f4(m.f1)} | ${f4(m.fpr)} | ${target} |`);
  };
  const hm = metrics(h100k.counts);
  row('HDFS_100k: train-split normals → test split', hTrainNormal.length, h100k, `F1 ≥ ${F1_TARGET}: ${verdict(hm.f1 >= F1_TARGET)}`);
  row('DeepLog hdfs_train → hdfs_test_abnormal + HDFS_100k test normals', deepTrain.length, deep, 'report recall and FP rate');
  row('robust_log_train: its normal half → all of it', robustNormal.length, robustSelf, 'report');
  row('robust_log_train: HDFS_100k train normals → all of it', hTrainNormal.length, robustFromH, 'report');
  row('robust_log_train: DeepLog hdfs_train → all of it (no overlap with training)', deepTrain.length, robustFromDeep, 'report');
  out.push('');
  const novel = normalsWithNovelEvents(hTrainNormal, robustNormal);
  out.push(
    `Training on HDFS_100k and scoring robust_log_train crosses a data shift, not a model limit: HDFS_100k holds only the first ` +
      `100k lines of HDFS_v1, where no block has been deleted yet, so ${novel.count} of the ${robustNormal.length} robust normals ` +
      `(${f4(novel.count / robustNormal.length)}) contain an event no HDFS_100k training session has (${novel.events.join(', ')}), ` +
      'and a model that learns only from normal data cannot know those are normal.',
    '',
  );
  out.push(
    `Reachable on the HDFS_100k test split: ${identical} of its ${hTestAnomalies} anomalous sessions have exactly the event sequence of ` +
      `a normal training session, so the best F1 any model of the event sequence can reach there is ${f4(ceiling)} ` +
      `(oracle computed with the test labels, for reference only). The F1 ≥ ${F1_TARGET} target is therefore out of reach for any ` +
      'sequence model on this split: the labels of those blocks come from events outside the first 100k lines.',
  );
  out.push(
    'DeepLog and logdeep keys are integers; this bench maps n to Loghub `E<n>` (documented as very likely in the dataset README) ' +
      'so that DeepLog-trained models score HDFS_100k sessions and vice versa.',
  );
  out.push('');

  const dm = metrics(deep.counts);
  out.push(
    `DeepLog split: recall on hdfs_test_abnormal ${f4(deep.counts.tp / deepAbnormal.length)} (${deep.counts.tp} of ${deepAbnormal.length}); ` +
      `false-positive rate on the ${hTestNormal.length} HDFS_100k test normals ${f4(dm.fpr)} (${deep.counts.fp}).`,
    '',
  );

  // Throughput: the median of 5 timed repeats after the runs above warmed the JIT up.
  const deepTest = [...deepAbnormal, ...hTestNormal];
  const trainRates = repeat(5, () => run(deepTrain, []).trainRate);
  const scoreRates = repeat(5, () => rateOf(deepTest.length, () => deepTest.forEach((s) => deep.model.score(s.keys))));
  const mean = deepTrain.reduce((n, s) => n + s.keys.length, 0) / deepTrain.length;
  out.push('| throughput (one core, median of 5) | sessions/s |', '|---|---:|');
  out.push(`| training: observe() incl. calibration, DeepLog hdfs_train (${deepTrain.length.toLocaleString('en-US')} sessions, ${mean.toFixed(1)} events each) | ${formatRate(trainRates)} |`);
  out.push(`| scoring: score() with findings, DeepLog abnormal + HDFS_100k test normals (${deepTest.length.toLocaleString('en-US')}) | ${formatRate(scoreRates)} |`);
  out.push('');

  // Snapshot round trip: the restored model gives the same verdicts.
  const bytes = h100k.model.snapshot();
  const restored = restoreSessionModel(bytes);
  const same = h.test.every((s) => restored.score(s.keys).score === h100k.model.score(s.keys).score);
  out.push(`Snapshot of the HDFS_100k model: ${bytes.length.toLocaleString('en-US')} bytes; restored model scores identically: ${same ? 'yes' : 'NO'}.`, '');

  out.push('Thresholds learned (decades; probability = 10^-threshold):', '');
  for (const [name, r] of [['HDFS_100k', h100k], ['DeepLog', deep], ['robust normals', robustSelf]] as const) {
    out.push(`- ${name}: ${r.model.thresholds().map((t) => `${t.family} ${t.threshold.toFixed(2)}`).join(', ')}; ${JSON.stringify(r.model.stats())}`);
  }
  out.push('');
  for (const [name, r] of [['HDFS_100k', h100k], ['DeepLog abnormal', deep], ['robust_log_train', robustSelf]] as const) {
    if (r.example !== null) out.push(`Example flagged session (${name}):`, '```', r.example, '```', '');
  }
  process.stdout.write(out.join('\n') + '\n');
}

main();
