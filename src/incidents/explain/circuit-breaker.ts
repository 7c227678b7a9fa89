/** closed: calls go through; open: they are refused until the cool-down ends; half_open: one trial call. */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit refuses calls before one trial, ms. */
  readonly cooldownMs: number;
}

/**
 * Stops calling a failing dependency (the LLM endpoint) for a while, so every incident does not
 * wait for timeouts: `failureThreshold` consecutive failures open it for `cooldownMs`; then one
 * trial call decides (success closes it, failure opens it again).
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private _state: BreakerState = 'closed';
  /** Times the circuit opened. */
  opened = 0;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this._state === 'open' && this.clock() - this.openedAt >= this.options.cooldownMs) this._state = 'half_open';
    return this._state;
  }

  /** True when a call may go ahead now (a half-open circuit lets exactly one through). */
  allow(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'half_open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this._state = 'closed';
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this._state === 'half_open' || this.failures >= this.options.failureThreshold) {
      if (this._state !== 'open') this.opened++;
      this._state = 'open';
      this.openedAt = this.clock();
    }
  }
}
