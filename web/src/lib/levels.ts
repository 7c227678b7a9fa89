import { LEVELS } from '../../../src/model/index.js';
import type { Level } from '../../../src/model/index.js';

export { LEVELS };
export type { Level };

/** Mantine palette name per level: badges and text. */
export const LEVEL_COLOR: Readonly<Record<Level, string>> = {
  trace: 'gray',
  debug: 'cyan',
  info: 'blue',
  warn: 'yellow',
  error: 'red',
  fatal: 'grape',
};

/** Canvas colours per level and theme (charts cannot read CSS variables cheaply per draw). */
export const LEVEL_HEX: Readonly<Record<'light' | 'dark', Readonly<Record<Level, string>>>> = {
  light: { trace: '#adb5bd', debug: '#66d9e8', info: '#74c0fc', warn: '#fab005', error: '#fa5252', fatal: '#be4bdb' },
  dark: { trace: '#5c5f66', debug: '#1098ad', info: '#1c7ed6', warn: '#f59f00', error: '#f03e3e', fatal: '#ae3ec9' },
};

/** Stacking order in charts, bottom first: problems sit on the baseline where they are easiest to see. */
export const STACK_ORDER: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

export type LevelCounts = Readonly<Record<Level, number>>;

export function totalOf(counts: Partial<LevelCounts>): number {
  let n = 0;
  for (const l of LEVELS) n += counts[l] ?? 0;
  return n;
}

export function problemCount(counts: Partial<LevelCounts>): number {
  return (counts.warn ?? 0) + (counts.error ?? 0) + (counts.fatal ?? 0);
}
