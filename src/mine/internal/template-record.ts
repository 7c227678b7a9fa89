import type { TemplateId } from '../../model/index.js';
import type { MinedTemplate, ParamSlot } from '../template-miner.js';
import { T_WORD, paramTypeName } from './param-type-code.js';

export const WILDCARD = '<*>';

/** Kinds of template tokens (see `TemplateRecord.tokenKinds`). */
export const K_CONST = 0;
export const K_WILD = 1;
export const K_GLOB = 2;
export const K_MULTI = 3;

/**
 * Mutable state of one template, owned by the miner. `tokens` never change after creation
 * (a template's text is fixed); generalising creates a new record and links the old one to it
 * through `replacedBy`. Every field is set in the constructor (stable object shape).
 *
 * Per-token data are small plain arrays rather than typed arrays: with tens of thousands of
 * templates of a dozen tokens, a typed array's fixed overhead (~150 bytes) dominates.
 */
export class TemplateRecord {
  readonly id: TemplateId;
  readonly text: string;
  readonly keys: readonly string[];
  /** Keys joined with U+001F: part of the template identity. */
  readonly keysKey: string;
  /** Whitespace tokens of the template; `<*>` alone is a whole-token parameter. */
  readonly tokens: readonly string[];
  /** Number of `<*>` in `text`. */
  readonly slotCount: number;
  /** Number of constant tokens: the most specific template wins a match. */
  readonly constCount: number;
  /** True when a newline separates some of its tokens (a multi-line event). */
  readonly multiline: boolean;
  /** The first constant token among the first three (the fast-path index key), or -1. */
  readonly keyPosition: number;
  readonly slotNames: (string | null)[];
  readonly ancestors: TemplateId[];
  pinned: boolean;
  count: number;
  /** Logical time (line counter) of the last line mined to this template. */
  lastSeen: number;
  replacedBy: TemplateRecord | null;
  /** Set when the cap evicted this template; signatures pointing here re-admit. */
  evicted: boolean;
  /** Eviction credit (aged line count) and the count when it was last updated. */
  credit: number;
  creditCount: number;
  /** Group key (keys + token count) this template lives in while it is current. */
  readonly groupKey: string;
  /**
   * Per token i, at `4 * i`: index of its first slot, glob prefix and suffix lengths (-1 when
   * not `P<*>Q`), and flags (kind | newline << 2 | soft << 3). `info[4 * n]` is the slot count.
   */
  private readonly info: number[];
  /**
   * Per slot, at `2 * s`: the majority type of the values seen (Boyer-Moore vote: the exact
   * majority when one type has more than half of the values) and its vote count.
   */
  private readonly slotStats: number[];
  private view: MinedTemplate | null;
  private viewCount: number;

  constructor(
    id: TemplateId,
    tokens: readonly string[],
    newlines: ArrayLike<number>,
    soft: ArrayLike<number>,
    keys: readonly string[],
    keysKey: string,
    groupKey: string,
    ancestors: TemplateId[],
    pinned: boolean,
  ) {
    this.id = id;
    this.tokens = tokens;
    const n = tokens.length;
    this.text = joinTokens(tokens, newlines);
    this.keys = keys;
    this.keysKey = keysKey;
    this.groupKey = groupKey;
    const info = new Array<number>(4 * n + 1);
    let multiline = false;
    let slots = 0;
    let consts = 0;
    let keyPosition = -1;
    for (let i = 0; i < n; i++) {
      const w = countWildcards(tokens[i]);
      let kind = K_CONST;
      let prefix = -1;
      let suffix = -1;
      if (w === 0) {
        consts++;
        if (keyPosition < 0 && i < 3) keyPosition = i;
      } else if (w === 1) {
        prefix = tokens[i].indexOf(WILDCARD);
        suffix = tokens[i].length - prefix - WILDCARD.length;
        kind = tokens[i].length === WILDCARD.length ? K_WILD : K_GLOB;
      } else {
        kind = K_MULTI;
      }
      info[4 * i] = slots;
      info[4 * i + 1] = prefix;
      info[4 * i + 2] = suffix;
      info[4 * i + 3] = kind | ((newlines[i] ?? 0) === 1 && i > 0 ? 4 : 0) | ((soft[i] ?? 0) === 1 ? 8 : 0);
      if (i > 0 && newlines[i] === 1) multiline = true;
      slots += w;
    }
    info[4 * n] = slots;
    this.info = info;
    this.constCount = consts;
    this.multiline = multiline;
    this.keyPosition = keyPosition;
    this.slotCount = slots;
    this.slotNames = new Array<string | null>(slots).fill(null);
    this.slotStats = new Array<number>(2 * slots);
    for (let s = 0; s < slots; s++) {
      this.slotStats[2 * s] = T_WORD;
      this.slotStats[2 * s + 1] = 0;
    }
    this.ancestors = ancestors;
    this.pinned = pinned;
    this.count = 0;
    this.lastSeen = 0;
    this.replacedBy = null;
    this.evicted = false;
    this.credit = 0;
    this.creditCount = 0;
    this.view = null;
    this.viewCount = -1;
  }

  /** Index of the first slot of token `i` (`i` may be the token count: then the slot count). */
  slotStart(i: number): number {
    return this.info[4 * i];
  }

  /** Length of P in a `P<*>Q` token, or -1 when token `i` has another form. */
  globPrefix(i: number): number {
    return this.info[4 * i + 1];
  }

  globSuffix(i: number): number {
    return this.info[4 * i + 2];
  }

  kind(i: number): number {
    return this.info[4 * i + 3] & 3;
  }

  /** 1 when a newline (not a space) precedes token `i`. */
  newline(i: number): number {
    return (this.info[4 * i + 3] >> 2) & 1;
  }

  /** 1 when some line had a value-looking constant at token `i` (see `TokenSink.soft`). */
  soft(i: number): number {
    return (this.info[4 * i + 3] >> 3) & 1;
  }

  newlineFlags(): number[] {
    return this.tokens.map((_, i) => this.newline(i));
  }

  softFlags(): number[] {
    return this.tokens.map((_, i) => this.soft(i));
  }

  slotType(s: number): number {
    return this.slotStats[2 * s];
  }

  slotVotes(s: number): number {
    return this.slotStats[2 * s + 1];
  }

  setSlotStats(s: number, type: number, votes: number): void {
    this.slotStats[2 * s] = type;
    this.slotStats[2 * s + 1] = votes;
  }

  /** The current template this one resolved to (itself when it was never generalised). */
  current(): TemplateRecord {
    let t = this.replacedBy;
    if (t === null) return this;
    while (t.replacedBy !== null) t = t.replacedBy;
    return t;
  }

  /** Read-only view for callers; rebuilt only when the slot statistics may have changed. */
  toView(): MinedTemplate {
    // Slot types are the dominant types seen so far; refreshing as the count doubles keeps
    // `get()` cheap on the hot path while the view converges on the real distribution.
    if (this.view !== null && (this.count < this.viewCount * 2 || this.count === this.viewCount)) return this.view;
    const slots: ParamSlot[] = [];
    for (let s = 0; s < this.slotCount; s++) slots.push({ type: paramTypeName(this.dominantType(s)), name: this.slotNames[s] });
    this.view = Object.freeze({
      id: this.id,
      text: this.text,
      keys: this.keys,
      slots: Object.freeze(slots),
      ancestors: Object.freeze(this.ancestors.slice()),
      pinned: this.pinned,
      replacedBy: this.replacedBy === null ? null : this.replacedBy.current().id,
    });
    this.viewCount = this.count;
    return this.view;
  }

  /** Drops the cached view (after pinning, generalising, or restoring). */
  invalidateView(): void {
    this.view = null;
  }

  dominantType(slot: number): number {
    return this.slotStats[2 * slot];
  }

  /** Counts one value of type `type` in `slot` (majority vote). */
  vote(slot: number, type: number): void {
    const i = 2 * slot;
    const st = this.slotStats;
    if (st[i + 1] === 0) {
      st[i] = type;
      st[i + 1] = 1;
    } else if (st[i] === type) {
      st[i + 1]++;
    } else {
      st[i + 1]--;
    }
  }
}

/** Template text: tokens joined by ' ' (or '\n' where flagged), as one flat string. */
export function joinTokens(tokens: readonly string[], newlines: ArrayLike<number>): string {
  let multiline = false;
  for (let i = 1; i < tokens.length; i++) if (newlines[i] === 1) multiline = true;
  if (!multiline) return tokens.join(' ');
  const parts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0) parts.push(newlines[i] === 1 ? '\n' : ' ');
    parts.push(tokens[i]);
  }
  return parts.join('');
}

export function countWildcards(token: string): number {
  let n = 0;
  let i = token.indexOf(WILDCARD);
  while (i >= 0) {
    n++;
    i = token.indexOf(WILDCARD, i + 3);
  }
  return n;
}

/**
 * True when raw or masked token `b` fits template token `a` = `P<*>Q` (see `globPrefix`):
 * it starts with P, ends with Q, and has something in between.
 */
export function globCovers(t: TemplateRecord, i: number, b: string): boolean {
  const p = t.globPrefix(i);
  if (p < 0) return false;
  const q = t.globSuffix(i);
  if (b.length <= p + q) return false;
  const a = t.tokens[i];
  for (let k = 0; k < p; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
  const offA = a.length - q;
  const offB = b.length - q;
  for (let k = 0; k < q; k++) if (a.charCodeAt(offA + k) !== b.charCodeAt(offB + k)) return false;
  return true;
}
