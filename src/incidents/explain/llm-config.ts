/** An OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp server). */
export interface LlmConfig {
  /** Base URL up to the API version, e.g. `http://localhost:11434/v1`; `/chat/completions` is appended. */
  readonly url: string;
  readonly model: string;
  /** Bearer token, or null for servers without auth (Ollama, llama.cpp). */
  readonly apiKey: string | null;
  /** Per attempt, ms. */
  readonly timeoutMs: number;
  /** Extra attempts after a retryable failure (timeout, 5xx, 429, malformed answer). */
  readonly retries: number;
  /** First retry delay, ms; doubled per attempt. */
  readonly retryDelayMs: number;
  /** Consecutive failed explanations that open the circuit breaker. */
  readonly breakerThreshold: number;
  /** How long the breaker stays open before one trial, ms. */
  readonly breakerCooldownMs: number;
  /** Longest answer asked for, tokens. */
  readonly maxTokens: number;
}

export const DEFAULT_LLM_TUNING = Object.freeze({
  timeoutMs: 20_000,
  retries: 2,
  retryDelayMs: 500,
  breakerThreshold: 3,
  breakerCooldownMs: 60_000,
  maxTokens: 800,
});
