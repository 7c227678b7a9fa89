import { LogsiftError } from '../../model/index.js';

/**
 * Validation of plug-in configs: each check names the source and key, and says what was
 * expected, so a bad config fails at start-up with a message the operator can act on.
 */
export class ConfigCheck {
  constructor(private readonly source: string) {}

  fail(key: string, want: string, got: unknown): never {
    throw new LogsiftError('invalid_config', `${this.source} source: ${key} must be ${want}, got ${JSON.stringify(got)}`);
  }

  int(key: string, v: unknown, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) this.fail(key, `an integer from ${min} to ${max}`, v);
    return v;
  }

  text(key: string, v: unknown): string {
    if (typeof v !== 'string' || v === '') this.fail(key, 'a non-empty string', v);
    return v;
  }

  optionalText(key: string, v: unknown): string | null {
    if (v === null || v === undefined) return null;
    return this.text(key, v);
  }

  bool(key: string, v: unknown): boolean {
    if (typeof v !== 'boolean') this.fail(key, 'true or false', v);
    return v;
  }

  list(key: string, v: unknown, min = 1): readonly string[] {
    if (!Array.isArray(v) || v.length < min || !v.every((x) => typeof x === 'string' && x !== '')) this.fail(key, `a list of at least ${min} non-empty strings`, v);
    return Object.freeze([...(v as string[])]);
  }

  oneOf<T extends string>(key: string, v: unknown, values: readonly T[]): T {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) this.fail(key, `one of ${values.join(', ')}`, v);
    return v as T;
  }
}
