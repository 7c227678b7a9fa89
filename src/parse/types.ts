import type { DeadLetterReason, LogEvent } from '../model/index.js';

/** Names of the built-in formats. `header` is a user format like `<Date> <Time> <Level> <Component>: <Content>`. */
export const FORMAT_NAMES = [
  'json',
  'logfmt',
  'syslog5424',
  'syslog3164',
  'access-combined',
  'access-common',
  'header',
  'plain',
] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** A declared format: a built-in name, or a header format string. `auto` detects per stream. */
export type FormatSpec =
  | { readonly kind: 'auto' }
  | { readonly kind: 'builtin'; readonly name: Exclude<FormatName, 'header'> }
  | { readonly kind: 'header'; readonly pattern: string };

/** Where records come from and the defaults to apply when they say nothing. */
export interface ParseContext {
  readonly tenant: string;
  /** Receive time, ms since epoch; used when a record carries no timestamp. */
  readonly receivedAt: number;
  /** Default service / host for records that name none (e.g. from a query parameter or stream label). */
  readonly service: string | null;
  readonly host: string | null;
  /** Identifies a stream for per-stream format detection (e.g. tenant + service + source). */
  readonly streamKey: string;
  readonly format: FormatSpec;
}

/** A record the parser could not turn into an event (it goes to the dead-letter store). */
export interface ParseReject {
  /** Index of the raw record in the input. */
  readonly index: number;
  readonly reason: DeadLetterReason;
  readonly detail: string;
  readonly raw: string;
}

/** Output of parsing a batch. Events keep input order; multi-line records become one event. */
export interface ParseOutput {
  readonly events: LogEvent[];
  /**
   * Parallel to `events`: true where the event came from a structured record (any JSON object,
   * or logfmt with a message key), whose attribute keys belong to its shape when mining.
   */
  readonly structured: boolean[];
  /** Parallel to `events`: index of the input record the event starts at (a joined multi-line event starts at its first line). */
  readonly starts: number[];
  readonly rejects: ParseReject[];
}
