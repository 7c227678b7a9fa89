import { setTimeout as sleep } from 'node:timers/promises';
import { LogsiftError } from '../../model/index.js';
import type { IngestRequest, IngestResult } from '../../pipeline/index.js';
import type { SourceLogger } from './source-logger.js';
import type { IngestSink } from './source-plugin.js';

/** Attempts per batch before a source without a sender to push back on gives up (≈ 30 s of backoff). */
export const SINK_ATTEMPTS = 10;
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 5000;

/**
 * Hands a batch to the sink, retrying what can succeed later (a retryable `LogsiftError` or an
 * unexpected failure such as a store error) with exponential backoff, up to `SINK_ATTEMPTS`.
 * A permanent error, exhausted attempts, or `abort` firing ends it: null, logged. Never rejects.
 * For sources whose sender gets no acknowledgement (syslog); Kafka and files retry forever
 * instead, because their input is still there to be read again.
 */
export async function submitWithRetry(sink: IngestSink, request: IngestRequest, log: SourceLogger, abort: AbortSignal | null): Promise<IngestResult | null> {
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await sink(request);
    } catch (err) {
      const permanent = err instanceof LogsiftError && !err.retryable;
      if (permanent || attempt >= SINK_ATTEMPTS || abort?.aborted === true) {
        log.error({ source: request.source, records: request.records.length, err: (err as Error).message, attempts: attempt }, 'batch dropped: the pipeline did not accept it');
        return null;
      }
      log.warn({ source: request.source, err: (err as Error).message, attempt }, 'batch not accepted yet, retrying');
      try {
        await sleep(delay, undefined, abort === null ? undefined : { signal: abort });
      } catch {
        // aborted while waiting: the next attempt is the last
      }
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
