import { LogsiftError } from '../model/index.js';

/** What a user may set on the miner. Every field is optional; see `DEFAULT_MINER_OPTIONS`. */
export interface TemplateMinerOptions {
  /**
   * Share of a line's tokens that must equal a template's constants (or fall on its
   * wildcards) for the line to join that template, 0 < x <= 1. Default 0.5.
   */
  readonly similarity?: number;
  /**
   * Distinct words a position must show across otherwise-equal templates before a plain word
   * there becomes a parameter (value-looking tokens need only two). Default 3.
   */
  readonly minWordValues?: number;
  /** Most plain-word positions in which a line may differ from a template it joins. Default 1. */
  readonly maxWordDiffs?: number;
  /** Templates held (current and replaced) before the least used are evicted. Default 20,000. */
  readonly maxTemplates?: number;
  /**
   * Tokens held across all templates (a memory bound for long templates: about 100 bytes
   * each). Beyond it the least used templates are evicted. Default 1,000,000.
   */
  readonly maxTemplateTokens?: number;
  /** Masked signatures remembered for exact lookups. Default 100,000. */
  readonly maxSignatures?: number;
  /** Characters of those signatures held (about one byte each). Default 16,000,000. */
  readonly maxSignatureChars?: number;
  /** Tokens analysed per line; the rest of a longer line becomes one parameter. Default 256. */
  readonly maxTokens?: number;
  /** Longer tokens are taken as one parameter without analysis (blobs). Default 512 characters. */
  readonly maxTokenChars?: number;
  /** Templates compared when a new signature arrives (most recently used first). Default 128. */
  readonly maxCandidates?: number;
  /** Ancestor ids kept per template (the oldest beyond this are dropped). Default 256. */
  readonly maxAncestors?: number;
}

export type ResolvedMinerOptions = Required<TemplateMinerOptions>;

export const DEFAULT_MINER_OPTIONS: ResolvedMinerOptions = Object.freeze({
  similarity: 0.5,
  minWordValues: 3,
  maxWordDiffs: 1,
  maxTemplates: 20_000,
  maxTemplateTokens: 1_000_000,
  maxSignatures: 100_000,
  maxSignatureChars: 16_000_000,
  maxTokens: 256,
  maxTokenChars: 512,
  maxCandidates: 128,
  maxAncestors: 256,
});

/** Fills defaults and validates; throws `invalid_config` naming the bad field. */
export function resolveMinerOptions(options: TemplateMinerOptions = {}): ResolvedMinerOptions {
  const o = { ...DEFAULT_MINER_OPTIONS, ...stripUndefined(options) };
  if (!(o.similarity > 0 && o.similarity <= 1)) bad('similarity', o.similarity, 'a number in (0, 1]');
  int('minWordValues', o.minWordValues, 2);
  int('maxWordDiffs', o.maxWordDiffs, 0);
  int('maxTemplates', o.maxTemplates, 16);
  int('maxTemplateTokens', o.maxTemplateTokens, 1024);
  int('maxSignatures', o.maxSignatures, 16);
  int('maxSignatureChars', o.maxSignatureChars, 1024);
  int('maxTokens', o.maxTokens, 2);
  int('maxTokenChars', o.maxTokenChars, 16);
  int('maxCandidates', o.maxCandidates, 1);
  int('maxAncestors', o.maxAncestors, 1);
  return Object.freeze(o);
}

function stripUndefined(o: TemplateMinerOptions): TemplateMinerOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as TemplateMinerOptions;
}

function int(name: string, v: number, min: number): void {
  if (!Number.isSafeInteger(v) || v < min) bad(name, v, `an integer >= ${min}`);
}

function bad(name: string, v: unknown, want: string): never {
  throw new LogsiftError('invalid_config', `miner option ${name} must be ${want}, got ${String(v)}`, { option: name });
}
