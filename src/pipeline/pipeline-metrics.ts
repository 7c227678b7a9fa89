/** What the pipeline reports; the API wires it to Prometheus. Every method must be cheap. */
export interface PipelineMetrics {
  records(source: string, outcome: 'accepted' | 'deduplicated' | 'rejected', count: number): void;
  /** Seconds from receiving a batch to its durable commit. */
  batchDuration(source: string, seconds: number): void;
  deadLetter(source: string, reason: string, count: number): void;
}

/** Used when nobody listens: costs nothing. */
export const NOOP_PIPELINE_METRICS: PipelineMetrics = Object.freeze({
  records() {},
  batchDuration() {},
  deadLetter() {},
});
