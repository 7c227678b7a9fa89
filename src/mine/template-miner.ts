import type { ParamType, TemplateId } from '../model/index.js';

/** What the miner knows about one position of a template. */
export interface ParamSlot {
  /** Dominant value type seen at this position. */
  readonly type: ParamType;
  /** Name the line gives the value (`user=alice` → `user`, `took 35ms` → `took`), or null. */
  readonly name: string | null;
}

/** A template as the miner holds it. A template id's text never changes. */
export interface MinedTemplate {
  readonly id: TemplateId;
  /** Template text with `<*>` for each parameter. */
  readonly text: string;
  /** Sorted attribute keys of the structured records it covers (part of its identity); empty for text. */
  readonly keys: readonly string[];
  readonly slots: readonly ParamSlot[];
  /**
   * Ids this template replaced when it generalised (a constant became `<*>`).
   * Old ids stay valid: searches for either find both families.
   */
  readonly ancestors: readonly TemplateId[];
  /** True when a user pinned this template; pinned templates win over mined ones. */
  readonly pinned: boolean;
  /**
   * The current template that replaced this one when it generalised (lines that used to go
   * here now go there), or null while this template is current.
   */
  readonly replacedBy: TemplateId | null;
}

/** What the miner counted, including everything it dropped or cut to stay bounded. */
export interface MinerStats {
  readonly lines: number;
  /** Templates held now (current and replaced), and how many of them are current. */
  readonly templates: number;
  readonly currentTemplates: number;
  /** Templates created (new shapes and generalisations). */
  readonly created: number;
  readonly generalised: number;
  /** Templates dropped by the template cap (least used first). */
  readonly evictedTemplates: number;
  /** Lines longer than the token cap (their tail became one parameter). */
  readonly truncatedLines: number;
  /** Tokens longer than the token-length cap, taken as a parameter without analysis. */
  readonly blobTokens: number;
  /** Cached signatures forgotten by the signature cache bound (they re-cluster if they return). */
  readonly evictedSignatures: number;
}

/** Result of mining one message. */
export interface MineResult {
  readonly templateId: TemplateId;
  /** Values for the template's `<*>` positions, in order. */
  readonly params: readonly string[];
  /** Set when this call created a template (new, or a generalisation of older ones). */
  readonly created: MinedTemplate | null;
}

/**
 * Online template miner. Pure computation: no I/O, deterministic for a given input
 * order (so every worker that sees the same stream gets the same ids), bounded memory.
 */
export interface TemplateMiner {
  /**
   * Mines one message. `keys` are the attribute keys of a structured record (JSON,
   * logfmt), sorted; they are part of the template's identity so that key/value
   * bodies do not explode into one template per line.
   */
  mine(message: string, keys?: readonly string[] | null): MineResult;
  get(id: TemplateId): MinedTemplate | undefined;
  templates(): IterableIterator<MinedTemplate>;
  readonly size: number;
  /** Pins a user template such as `Connected to <*> in <*> ms`; it wins over mined ones. */
  pin(text: string): MinedTemplate;
  unpin(id: TemplateId): boolean;
  /** Counters since creation; `restore` takes them from the snapshot. */
  stats(): MinerStats;
  /** Versioned binary snapshot of the whole state. */
  snapshot(): Uint8Array;
  /** Replaces the state with a snapshot from `snapshot()`; throws on an unknown version. */
  restore(data: Uint8Array): void;
}
