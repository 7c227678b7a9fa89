/** Public types of the simulator. See README.md for the services, formats and incidents. */

/** The simulated shop's services, in a fixed order (index = internal service id). */
export const SERVICE_NAMES = ['web', 'auth', 'payment', 'database', 'queue', 'worker'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * How a line is written. `nginx-error` is the nginx error log (web's second stream);
 * `java` is log4j text with stack traces, `python` is Celery/logging text with tracebacks.
 */
export const SIM_FORMATS = ['access-combined', 'nginx-error', 'json', 'java', 'logfmt', 'syslog5424', 'python'] as const;
export type SimFormat = (typeof SIM_FORMATS)[number];

/** Kinds of injected incident; each matches one logsift detector. */
export const INCIDENT_KINDS = [
  'error_spike',
  'new_pattern',
  'rate_spike',
  'rate_drop',
  'silence',
  'latency',
  'new_value',
  'sequence',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** One generated log record. */
export interface SimRecord {
  /** Event time, ms since the Unix epoch (UTC), integer. Records come out in ts order. */
  readonly ts: number;
  readonly service: ServiceName;
  /** e.g. `web-2`; several hosts per service. */
  readonly host: string;
  readonly format: SimFormat;
  /** Exactly as the service writes it, without a trailing newline; stack traces contain '\n'. */
  readonly line: string;
}

/** An incident to inject. */
export interface IncidentSpec {
  readonly kind: IncidentKind;
  readonly service: ServiceName;
  /** Start, in ms after the simulated start (≥ 0). */
  readonly atMs: number;
  /** Length in ms (> 0). */
  readonly durationMs: number;
  /**
   * Kind-specific strength; defaults per kind (see README):
   * error_spike: share of the service's lines followed by an error line (0–1, default 0.3);
   * new_pattern: lines per second of the new template (default 0.5);
   * rate_spike: factor on the service's volume (> 1, default 5);
   * rate_drop: share of the service's lines dropped (0–1, default 0.8);
   * silence: ignored (1);
   * latency: factor on the service's durations (default 10);
   * new_value: share of eligible lines carrying the new value (0–1, default 0.15);
   * sequence: share of sequences that break (0–1, default 0.5).
   */
  readonly magnitude?: number;
}

/** Ground truth for one injected incident. */
export interface IncidentTruth {
  /** Stable within a run: `inc-003-latency-database`. */
  readonly id: string;
  readonly kind: IncidentKind;
  readonly services: readonly ServiceName[];
  /** First affected ms (inclusive), ms since epoch. */
  readonly start: number;
  /** End of the window (exclusive), ms since epoch; clipped to the simulation's end. */
  readonly end: number;
  readonly magnitude: number;
  /**
   * The affected template's message with `<*>` for parameters (the part after the format's
   * header), or null for silence and rate_drop, which affect every template of the service.
   */
  readonly template: string | null;
  /**
   * The parameter that carries the signal: the numeric one for latency (`dur`, `in … ms`),
   * the categorical one for new_value (`status`), the session key for sequence (`trace_id`).
   */
  readonly param: string | null;
  /** new_value only: the never-seen value (`429`, `XXX`, `legacy_token`), else null. */
  readonly value: string | null;
  /** One full line as it is written during the incident, or null where there is none. */
  readonly sample: string | null;
  readonly description: string;
}

export interface SimOptions {
  /** Safe integer; same seed and options → byte-identical output. Default 1. */
  readonly seed?: number;
  /** Simulated start, ms since epoch. Default 2026-11-23T08:00:00Z (a Monday morning). */
  readonly start?: number;
  /**
   * Mean total records per second of simulated time, across the enabled services and
   * averaged over a week of the traffic curve (injected incident lines come on top).
   * Default 100.
   */
  readonly ratePerSecond?: number;
  /** Services to emit, default all of SERVICE_NAMES. Requests still flow through the others. */
  readonly services?: readonly ServiceName[];
  /** 'none', 'default' (a schedule scaled to durationMs, see defaultIncidentSchedule) or a list. Default 'none'. */
  readonly incidents?: 'none' | 'default' | readonly IncidentSpec[];
  /** Simulated length in ms; undefined or Infinity never ends. */
  readonly durationMs?: number;
}

/** A deterministic stream of records in timestamp order. Not safe to share between consumers. */
export interface Simulator {
  /** Simulated start and end (exclusive; Infinity when endless), ms since epoch. */
  readonly start: number;
  readonly end: number;
  /** Ground truth, in start order; complete as soon as the simulator is created. */
  readonly incidents: readonly IncidentTruth[];
  /** The next record, or null once the simulated duration is exhausted. */
  next(): SimRecord | null;
  /** Up to `n` next records; fewer only at the end. */
  batch(n: number): SimRecord[];
  /**
   * Every next record with ts < `ts`, at most `max` of them: what a live feed sends when the
   * wall clock reaches `ts` (`--realtime`, `serve --demo`).
   */
  until(ts: number, max?: number): SimRecord[];
}
