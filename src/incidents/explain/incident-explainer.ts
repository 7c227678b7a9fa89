import type { Anomaly, Incident, IncidentSummary } from '../../model/index.js';
import type { IncidentExplainer } from '../incident-events.js';
import { builtinSummary } from './builtin-summary.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { BreakerState } from './circuit-breaker.js';
import { LlmClient } from './llm-client.js';
import type { LlmCallStats } from './llm-client.js';
import type { LlmConfig } from './llm-config.js';
import { incidentPrompt } from './prompt.js';

export interface ExplainerStats extends LlmCallStats {
  readonly breaker: BreakerState | 'disabled';
  readonly breakerOpened: number;
  /** Explanations answered with the built-in summary because the model failed or the breaker was open. */
  readonly fallbacks: number;
  readonly modelSummaries: number;
}

/**
 * Explains incidents: the built-in summary always, and — when an LLM endpoint is configured — a
 * model-written summary, root cause and remediation, validated against a schema. A failing
 * endpoint (timeouts, 5xx, malformed answers, after retries) trips a circuit breaker; while it is
 * open, and after any failure, the built-in summary is the answer. `explain` never rejects.
 */
export class LlmIncidentExplainer implements IncidentExplainer {
  private readonly client: LlmClient | null;
  private readonly breaker: CircuitBreaker | null;
  private fallbacks = 0;
  private modelSummaries = 0;

  constructor(
    config: LlmConfig | null,
    private readonly clock: () => number = Date.now,
    private readonly warn: (message: string) => void = (m) => process.emitWarning(m),
  ) {
    this.client = config === null ? null : new LlmClient(config);
    this.breaker = config === null ? null : new CircuitBreaker({ failureThreshold: config.breakerThreshold, cooldownMs: config.breakerCooldownMs }, clock);
  }

  get enhanced(): boolean {
    return this.client !== null;
  }

  builtin(incident: Incident, anomalies: readonly Anomaly[]): IncidentSummary {
    return builtinSummary(incident, anomalies, this.clock());
  }

  async explain(incident: Incident, anomalies: readonly Anomaly[], signal?: AbortSignal): Promise<IncidentSummary> {
    const builtin = this.builtin(incident, anomalies);
    if (this.client === null || this.breaker === null) return builtin;
    if (!this.breaker.allow()) {
      this.fallbacks++;
      return builtin;
    }
    try {
      const answer = await this.client.complete(incidentPrompt(incident, anomalies, builtin), signal);
      this.breaker.success();
      this.modelSummaries++;
      return {
        source: 'llm',
        model: this.client.model,
        generatedAt: this.clock(),
        summary: answer.summary,
        rootCause: answer.rootCause,
        remediation: answer.remediation.length > 0 ? answer.remediation : builtin.remediation,
        highlights: builtin.highlights,
      };
    } catch (err) {
      this.breaker.failure();
      this.fallbacks++;
      this.warn(`LLM explanation failed, using the built-in summary: ${(err as Error).message}`);
      return builtin;
    }
  }

  stats(): ExplainerStats {
    const calls = this.client?.stats ?? { requests: 0, failures: 0, retries: 0, malformed: 0, timeouts: 0 };
    return { ...calls, breaker: this.breaker?.state ?? 'disabled', breakerOpened: this.breaker?.opened ?? 0, fallbacks: this.fallbacks, modelSummaries: this.modelSummaries };
  }
}
