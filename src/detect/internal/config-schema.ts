import { LEVELS, LogsiftError } from '../../model/index.js';
import type { Level } from '../../model/index.js';

/** How one config field is checked. Numbers are inclusive ranges; `int` also requires a whole number. */
export type FieldRule =
  | { readonly type: 'int'; readonly min: number; readonly max: number }
  | { readonly type: 'number'; readonly min: number; readonly max: number }
  | { readonly type: 'bool' }
  | { readonly type: 'level' }
  | { readonly type: 'strings'; readonly maxItems: number };

type RuleFor<T> = T extends boolean ? { readonly type: 'bool' } : T extends number ? FieldRule & { readonly type: 'int' | 'number' } : T extends Level ? { readonly type: 'level' } : T extends readonly string[] ? { readonly type: 'strings'; readonly maxItems: number } : never;

/** One rule per field of `C`: the schema both validates a config and (through `C`) types it. */
export type ConfigRules<C> = { readonly [K in keyof C]: RuleFor<C[K]> };

/**
 * Fills defaults, rejects unknown fields and out-of-range values with `invalid_config` naming the
 * owner and field, and freezes the result. `raw` may be undefined (all defaults).
 */
export function parseConfig<C extends object>(owner: string, defaults: C, rules: ConfigRules<C>, raw: unknown): C {
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw new LogsiftError('invalid_config', `${owner} config must be an object`);
  }
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (!(key in rules)) throw new LogsiftError('invalid_config', `${owner}: unknown option ${key}; known: ${Object.keys(rules).join(', ')}`);
    if (value === undefined) continue;
    out[key] = check(owner, key, (rules as Record<string, FieldRule>)[key], value);
  }
  return Object.freeze(out) as C;
}

function check(owner: string, key: string, rule: FieldRule, v: unknown): unknown {
  const bad = (want: string): never => {
    throw new LogsiftError('invalid_config', `${owner}: ${key} must be ${want}, got ${JSON.stringify(v)}`, { option: key });
  };
  switch (rule.type) {
    case 'int':
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < rule.min || v > rule.max) bad(`an integer in [${rule.min}, ${rule.max}]`);
      return v;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v) || v < rule.min || v > rule.max) bad(`a number in [${rule.min}, ${rule.max}]`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') bad('true or false');
      return v;
    case 'level':
      if (typeof v !== 'string' || !(LEVELS as readonly string[]).includes(v)) bad(`one of ${LEVELS.join(', ')}`);
      return v;
    case 'strings':
      if (!Array.isArray(v) || v.length > rule.maxItems || !v.every((s) => typeof s === 'string' && s.length > 0)) {
        bad(`a list of at most ${rule.maxItems} non-empty strings`);
      }
      return Object.freeze([...(v as string[])]);
  }
}
