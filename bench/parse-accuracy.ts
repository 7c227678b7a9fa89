/**
 * Parsing accuracy of the template miner on Loghub-2k, against three ground truths.
 *
 *   npm run bench:parse                 # all systems present, all variants
 *   LOGSIFT_BENCH_DEBUG=HDFS npm run bench:parse   # also list mis-parsed templates of HDFS
 *
 * One miner configuration (the defaults) for every system; only the header format differs, as
 * a user would declare it. Data: Loghub (Zhu et al., ISSRE'23, https://github.com/logpai/loghub),
 * Khan et al. (ICSE'22) and Loghub-2.0 (Jiang et al., ISSTA'24) corrected ground truths.
 */
import { readFileSync } from 'node:fs';
import { createTemplateMiner } from '../src/mine/index.js';
import type { TemplateMiner } from '../src/mine/index.js';
import { compileHeaderFormat } from '../src/parse/formats/header-format.js';
import { LOGHUB_FORMATS, VARIANTS, groundTruth, logFile, loghubDir, presentSystems } from './internal/loghub.js';
import type { Variant } from './internal/loghub.js';
import { scoreParse } from './internal/parse-metrics.js';
import type { ParseScores } from './internal/parse-metrics.js';

const TARGETS = { ga: 0.97, pa: 0.92, fga: 0.93, fta: 0.8 } as const;
const METRICS = ['ga', 'pa', 'fga', 'fta'] as const;

interface Mined {
  readonly contents: string[];
  readonly templates: string[];
  readonly seconds: number;
}

/** Mines one log file with a fresh miner; each line's template is its final (current) template. */
function mineLogFile(file: string, format: string, miner: TemplateMiner = createTemplateMiner()): Mined {
  const header = compileHeaderFormat(format);
  const contentIndex = header.fields.indexOf('Content');
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const contents: string[] = [];
  const ids: number[] = [];
  const t0 = performance.now();
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const fields = header.match(line.trim());
    const content = fields === null || contentIndex < 0 ? line : fields[contentIndex];
    contents.push(content);
    ids.push(miner.mine(content).templateId);
  }
  const seconds = (performance.now() - t0) / 1000;
  const finalText = new Map<number, string>();
  const templates = ids.map((id) => {
    let text = finalText.get(id);
    if (text === undefined) {
      let t = miner.get(id);
      while (t !== undefined && t.replacedBy !== null) t = miner.get(t.replacedBy);
      text = t === undefined ? '' : t.text.replace(/\n/g, ' ');
      finalText.set(id, text);
    }
    return text;
  });
  return { contents, templates, seconds };
}

function fmt(x: number): string {
  return x.toFixed(3);
}

function debugReport(system: string, oracle: readonly string[], predicted: readonly string[]): void {
  const pairs = new Map<string, number>();
  for (let i = 0; i < oracle.length; i++) {
    if (oracle[i] === predicted[i]) continue;
    const k = `  oracle: ${oracle[i]}\n  mined:  ${predicted[i]}`;
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  }
  const sorted = [...pairs].sort((a, b) => b[1] - a[1]);
  process.stdout.write(`\n### ${system}: ${sorted.length} mismatching (oracle, mined) pairs\n`);
  for (const [k, n] of sorted.slice(0, Number(process.env.LOGSIFT_BENCH_DEBUG_LIMIT ?? 40))) process.stdout.write(`${n} lines\n${k}\n`);
}

function main(): void {
  const dir = loghubDir();
  const systems = presentSystems(dir).filter((s) => process.env.LOGSIFT_SYSTEMS === undefined || process.env.LOGSIFT_SYSTEMS.split(',').includes(s));
  if (systems.length === 0) {
    process.stderr.write(`no Loghub-2k systems found under ${dir} (set LOGSIFT_DATASETS)\n`);
    process.exitCode = 1;
    return;
  }
  const debug = new Set((process.env.LOGSIFT_BENCH_DEBUG ?? '').split(',').filter((s) => s !== ''));
  const minedCache = new Map<string, Mined>();
  process.stdout.write(`# Template miner accuracy on Loghub-2k\n\nDatasets: ${dir}\nOne configuration (defaults) for all systems; only the header format differs.\n`);
  let totalSeconds = 0;
  let totalLines = 0;
  for (const variant of VARIANTS) {
    const rows: [string, ParseScores][] = [];
    for (const system of systems) {
      const gt = groundTruth(dir, system, variant);
      if (gt === null) continue;
      const file = logFile(dir, system, variant);
      let mined = minedCache.get(file);
      if (mined === undefined) {
        mined = mineLogFile(file, LOGHUB_FORMATS[system]);
        minedCache.set(file, mined);
        totalSeconds += mined.seconds;
        totalLines += mined.contents.length;
      }
      checkContents(system, variant, gt.map((r) => r.content), mined.contents);
      const oracle = gt.map((r) => r.template);
      rows.push([system, scoreParse(oracle, mined.templates)]);
      if (variant.key === 'corrected' && debug.has(system)) debugReport(system, oracle, mined.templates);
    }
    printTable(variant, rows);
  }
  process.stdout.write(`\nMining time: ${totalLines} lines in ${totalSeconds.toFixed(3)} s (includes warm-up; see bench:mine for throughput).\n`);
}

function checkContents(system: string, variant: Variant, expected: readonly string[], got: readonly string[]): void {
  let bad = 0;
  for (let i = 0; i < expected.length; i++) if (expected[i].trim() !== (got[i] ?? '').trim()) bad++;
  if (bad > 0 || expected.length !== got.length) {
    process.stdout.write(`note: ${system} (${variant.key}): ${bad} Content values differ from the ground truth's (${got.length} lines vs ${expected.length}); the corrected ground truths edited a few contents\n`);
  }
}

function printTable(variant: Variant, rows: readonly [string, ParseScores][]): void {
  if (rows.length === 0) return;
  process.stdout.write(`\n## ${variant.name}: ${rows.length} systems\n\n| System | GA | PA | FGA | FTA | templates (mined / oracle) |\n|---|---|---|---|---|---|\n`);
  const sum = { ga: 0, pa: 0, fga: 0, fta: 0 };
  for (const [system, s] of rows) {
    for (const m of METRICS) sum[m] += s[m];
    process.stdout.write(`| ${system} | ${fmt(s.ga)} | ${fmt(s.pa)} | ${fmt(s.fga)} | ${fmt(s.fta)} | ${s.predictedTemplates} / ${s.oracleTemplates} |\n`);
  }
  const avg = { ga: sum.ga / rows.length, pa: sum.pa / rows.length, fga: sum.fga / rows.length, fta: sum.fta / rows.length };
  process.stdout.write(`| **Average** | **${fmt(avg.ga)}** | **${fmt(avg.pa)}** | **${fmt(avg.fga)}** | **${fmt(avg.fta)}** | |\n`);
  if (variant.key === 'corrected') {
    process.stdout.write('\nTargets (Khan-corrected average):\n');
    for (const m of METRICS) {
      process.stdout.write(`- ${m.toUpperCase()} ${fmt(avg[m])} >= ${TARGETS[m]}: ${avg[m] >= TARGETS[m] ? 'met' : 'NOT met'}\n`);
    }
  }
}

main();
