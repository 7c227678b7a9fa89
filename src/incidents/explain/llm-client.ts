import { LogsiftError } from '../../model/index.js';
import type { LlmConfig } from './llm-config.js';
import { parseModelAnswer } from './summary-schema.js';
import type { ModelAnswer } from './summary-schema.js';

export interface ChatMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

/** Why one attempt failed, and whether another may help. */
export class LlmCallError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'LlmCallError';
  }
}

export interface LlmCallStats {
  requests: number;
  failures: number;
  retries: number;
  malformed: number;
  timeouts: number;
}

/**
 * A small client for OpenAI-compatible chat completions (`POST {url}/chat/completions`), asking
 * for a JSON object and validating it. Each attempt has its own timeout; timeouts, network errors,
 * 429, 5xx and malformed answers are retried with doubling delays; other 4xx are not.
 */
export class LlmClient {
  readonly stats: LlmCallStats = { requests: 0, failures: 0, retries: 0, malformed: 0, timeouts: 0 };
  private readonly endpoint: string;

  constructor(private readonly config: LlmConfig) {
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw new LogsiftError('invalid_config', `llmUrl ${JSON.stringify(config.url)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LogsiftError('invalid_config', 'llmUrl must be http or https');
    this.endpoint = `${config.url.replace(/\/+$/, '')}/chat/completions`;
  }

  get model(): string {
    return this.config.model;
  }

  /** The validated answer; throws LlmCallError after the last failed attempt (or when `signal` aborts). */
  async complete(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<ModelAnswer> {
    let last: LlmCallError | null = null;
    for (let attempt = 0; attempt <= this.config.retries; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await sleep(this.config.retryDelayMs * 2 ** (attempt - 1), signal);
      }
      if (signal?.aborted === true) throw new LlmCallError('aborted', false);
      try {
        return await this.attempt(messages, signal);
      } catch (err) {
        last = err instanceof LlmCallError ? err : new LlmCallError((err as Error).message, true);
        if (!last.retryable) break;
      }
    }
    this.stats.failures++;
    throw last ?? new LlmCallError('no attempt made', false);
  }

  private async attempt(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<ModelAnswer> {
    this.stats.requests++;
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.config.apiKey !== null ? { authorization: `Bearer ${this.config.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.config.model,
          messages,
          temperature: 0.2,
          max_tokens: this.config.maxTokens,
          // json_object is what OpenAI, Ollama, vLLM and llama.cpp all accept; the schema is in the prompt.
          response_format: { type: 'json_object' },
        }),
        signal: combined,
      });
    } catch (err) {
      if (timeout.aborted) {
        this.stats.timeouts++;
        throw new LlmCallError(`no answer within ${this.config.timeoutMs} ms`, true);
      }
      if (signal?.aborted === true) throw new LlmCallError('aborted', false);
      throw new LlmCallError(`request failed: ${(err as Error).message}`, true);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      if (timeout.aborted) this.stats.timeouts++;
      throw new LlmCallError(`reading the answer failed: ${(err as Error).message}`, true);
    }
    if (!res.ok) {
      throw new LlmCallError(`HTTP ${res.status}: ${text.slice(0, 200)}`, res.status === 429 || res.status >= 500);
    }
    let content: unknown;
    try {
      const body = JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] };
      content = body.choices?.[0]?.message?.content;
    } catch {
      content = undefined;
    }
    const answer = typeof content === 'string' ? parseModelAnswer(content) : null;
    if (answer === null) {
      this.stats.malformed++;
      throw new LlmCallError('the answer was not the JSON object asked for', true);
    }
    return answer;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
