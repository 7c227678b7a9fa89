/** Normalised severity. Every parser maps its native levels onto these six. */
export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type Level = (typeof LEVELS)[number];

/** Numeric rank used for storage and ordering: trace=0 … fatal=5. */
export function levelRank(level: Level): number {
  return LEVEL_RANKS[level];
}

export function levelFromRank(rank: number): Level {
  return LEVELS[rank] ?? 'info';
}

/** Lines that count towards the error rate. */
export function isProblemLevel(level: Level): boolean {
  return LEVEL_RANKS[level] >= LEVEL_RANKS.warn;
}

export function isLevel(value: string): value is Level {
  return Object.prototype.hasOwnProperty.call(LEVEL_RANKS, value);
}

const LEVEL_RANKS: Readonly<Record<Level, number>> = Object.freeze({
  trace: 0,
  debug: 1,
  info: 2,
  warn: 3,
  error: 4,
  fatal: 5,
});
