import { LogsiftError } from '../../model/index.js';

/**
 * What a user may set on the session model. Every field is optional; see
 * `DEFAULT_SEQUENCE_OPTIONS`. The defaults are argued from how logs behave in general (see
 * README.md), not fitted to a data set.
 */
export interface SequenceModelOptions {
  /**
   * A session is flagged only when something in it is estimated to happen in fewer than this
   * share of normal sessions, 0 < x < 1. Default 0.001 (rarer than one normal session in a
   * thousand). The model needs about 1 / (2 × alarmProbability) normal sessions (500 at the
   * default) before anything can reach this level: with less evidence it flags nothing.
   */
  readonly alarmProbability?: number;
  /**
   * Calibration: each family of checks (events, counts, invariants, order at each history
   * length) has its threshold raised until at most this share of the normal training sessions,
   * each scored before it was learned, would have alarmed on that family. 0 turns calibration
   * off (every family alarms at `alarmProbability`). Default 0.001.
   */
  readonly familyFalseAlarmRate?: number;
  /**
   * Longest history, in events, of the next-event statistics: 1 = transitions a → b (with the
   * session start and end as events, so how sessions begin and stop is checked too), 2 also
   * (a, b) → c, 3 also (a, b, c) → d. 0 turns the order checks off. Default 1: longer histories
   * split the same evidence over many more histories, and where threads or hosts interleave
   * their lines every interleaving is a new history, so they mostly add noise; raise it for
   * systems whose sessions follow one thread of control.
   */
  readonly orderHistory?: number;
  /** Count invariants tracked (candidates and proven ones). 0 turns them off. Default 4,096. */
  readonly maxInvariants?: number;
  /**
   * Distinct event keys remembered (at most 4,094). Keys beyond it are counted as overflow and
   * never reported as unseen. Default 4,094.
   */
  readonly maxEvents?: number;
  /** Histories remembered per history length; new ones beyond it are not learned. Default 65,536. */
  readonly maxContexts?: number;
  /**
   * (history, next event) pairs remembered per history length. Beyond it a history's new
   * continuations are not learned; each history counts the sessions it could not learn, and
   * an unknown continuation is taken as seen in that many, so the bound never raises a false
   * alarm. Default 1,048,576 (about 100 MB at most, far more than real sessions produce).
   */
  readonly maxTransitions?: number;
  /** Distinct per-session counts remembered per event; the rest share one overflow tally. Default 64. */
  readonly maxCountValues?: number;
  /** Findings kept in a score result (strongest first). Default 5. */
  readonly maxFindings?: number;
}

export type ResolvedSequenceOptions = Required<SequenceModelOptions>;

/** Ids are packed 12 bits each into numbers; 0 and 4,095 are reserved (boundary, unknown). */
export const MAX_EVENT_IDS = 4094;
/** Longest supported history: three 12-bit ids plus the next one fill 48 bits of a double. */
export const MAX_ORDER_HISTORY = 3;

export const DEFAULT_SEQUENCE_OPTIONS: ResolvedSequenceOptions = Object.freeze({
  alarmProbability: 0.001,
  familyFalseAlarmRate: 0.001,
  orderHistory: 1,
  maxInvariants: 4096,
  maxEvents: MAX_EVENT_IDS,
  maxContexts: 65_536,
  maxTransitions: 1_048_576,
  maxCountValues: 64,
  maxFindings: 5,
});

/** Fills defaults and validates; throws `invalid_config` naming the bad field. */
export function resolveSequenceOptions(options: SequenceModelOptions = {}): ResolvedSequenceOptions {
  const o: Record<string, unknown> = { ...DEFAULT_SEQUENCE_OPTIONS };
  for (const [k, v] of Object.entries(options)) {
    if (!(k in DEFAULT_SEQUENCE_OPTIONS)) throw bad(k, v, 'a known option');
    if (v !== undefined) o[k] = v;
  }
  const r = o as unknown as ResolvedSequenceOptions;
  if (!(typeof r.alarmProbability === 'number' && r.alarmProbability > 0 && r.alarmProbability < 1)) {
    throw bad('alarmProbability', r.alarmProbability, 'a number in (0, 1)');
  }
  if (!(typeof r.familyFalseAlarmRate === 'number' && r.familyFalseAlarmRate >= 0 && r.familyFalseAlarmRate < 1)) {
    throw bad('familyFalseAlarmRate', r.familyFalseAlarmRate, 'a number in [0, 1)');
  }
  int('orderHistory', r.orderHistory, 0, MAX_ORDER_HISTORY);
  int('maxInvariants', r.maxInvariants, 0, 1 << 24);
  int('maxEvents', r.maxEvents, 1, MAX_EVENT_IDS);
  int('maxContexts', r.maxContexts, 1, 1 << 26);
  int('maxTransitions', r.maxTransitions, 1, 1 << 28);
  int('maxCountValues', r.maxCountValues, 1, 1 << 16);
  int('maxFindings', r.maxFindings, 1, 1000);
  return Object.freeze(r);
}

function int(name: string, v: unknown, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) throw bad(name, v, `an integer in [${min}, ${max}]`);
}

function bad(name: string, v: unknown, want: string): LogsiftError {
  return new LogsiftError('invalid_config', `session model option ${name} must be ${want}, got ${String(v)}`, { option: name });
}
