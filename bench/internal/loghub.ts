import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from './csv-reader.js';

/**
 * Loghub-2k (Zhu et al., ICSE-SEIP'19) from Loghub (Zhu et al., ISSRE'23, https://github.com/logpai/loghub)
 * with the Khan et al. (ICSE'22) and Loghub-2.0 (Jiang et al., ISSTA'24) corrected ground truths.
 * The data stay in the shared datasets folder; nothing is copied into the repository.
 */

/** Header formats as a user would declare them (facts from the dataset's FORMATS.md). */
export const LOGHUB_FORMATS: Readonly<Record<string, string>> = Object.freeze({
  HDFS: '<Date> <Time> <Pid> <Level> <Component>: <Content>',
  Hadoop: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>',
  Spark: '<Date> <Time> <Level> <Component>: <Content>',
  Zookeeper: '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>',
  BGL: '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>',
  HPC: '<LogId> <Node> <Component> <State> <Time> <Flag> <Content>',
  Thunderbird: '<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>',
  Windows: '<Date> <Time>, <Level>                  <Component>    <Content>',
  Linux: '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>',
  Android: '<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>',
  HealthApp: '<Time>\\|<Component>\\|<Pid>\\|<Content>',
  Apache: '\\[<Time>\\] \\[<Level>\\] <Content>',
  Proxifier: '\\[<Time>\\] <Program> - <Content>',
  OpenSSH: '<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>',
  OpenStack: '<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>',
  Mac: '<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content>',
});

/** The three ground-truth variants and the file suffix of each. */
export const VARIANTS = [
  { name: 'Khan-corrected (ICSE\'22)', key: 'corrected', suffix: '_corrected' },
  { name: 'original (ICSE-SEIP\'19)', key: 'original', suffix: '' },
  { name: 'Loghub-2.0 corrected (ISSTA\'24)', key: 'loghub2', suffix: '_loghub2' },
] as const;
export type Variant = (typeof VARIANTS)[number];

export interface GroundTruthRow {
  readonly content: string;
  readonly template: string;
}

/** `LOGSIFT_DATASETS` or `<repo>/../shared/datasets`, then `loghub-2k`. */
export function loghubDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Compiled to dist/bench/internal; sources live in bench/internal. Find the repo root.
  let root = resolve(here, '..', '..');
  if (!existsSync(join(root, 'package.json'))) root = resolve(root, '..');
  const base = process.env.LOGSIFT_DATASETS ?? resolve(root, '..', 'shared', 'datasets');
  return join(base, 'loghub-2k');
}

/** Systems present on disk, in the Loghub order. */
export function presentSystems(dir: string): string[] {
  return Object.keys(LOGHUB_FORMATS).filter((s) => existsSync(join(dir, s)) && statSync(join(dir, s)).isDirectory());
}

/** The raw log a variant's ground truth describes (Khan et al. changed two Mac lines). */
export function logFile(dir: string, system: string, variant: Variant): string {
  const corrected = join(dir, system, `${system}_2k.log_corrected`);
  if (variant.key === 'corrected' && existsSync(corrected)) return corrected;
  return join(dir, system, `${system}_2k.log`);
}

export function groundTruth(dir: string, system: string, variant: Variant): GroundTruthRow[] | null {
  const file = join(dir, system, `${system}_2k.log_structured${variant.suffix}.csv`);
  if (!existsSync(file)) return null;
  return parseCsvRecords(readFileSync(file, 'utf8')).map((r) => ({ content: r.Content ?? '', template: r.EventTemplate ?? '' }));
}
