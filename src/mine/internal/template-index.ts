import type { TemplateId } from '../../model/index.js';
import { templateIdOf } from '../template-id.js';
import { CHAR_CLASS, DELIM } from './char-class.js';
import { TemplateRecord, WILDCARD, globCovers, joinTokens } from './template-record.js';

/** Clustering settings (validated by the miner's options). */
export interface ClusterSettings {
  /**
   * Share of a line's tokens that must equal a template's tokens (or fall on its wildcards)
   * for the line to join it, 0..1.
   */
  readonly similarity: number;
  /**
   * Distinct words a position must show, across templates that are otherwise the same, before
   * a plain word there becomes a parameter (`Failed`/`Accepted` stay two templates; user names
   * merge). Value-looking tokens need only two.
   */
  readonly minWordValues: number;
  /** Most plain-word positions in which two lines may differ and still share a template. */
  readonly maxWordDiffs: number;
  /** Templates compared per new signature, most recently used first. Bounds the cost of a miss. */
  readonly maxCandidates: number;
  /** Most ancestor ids kept per template (older ones are dropped, and counted). */
  readonly maxAncestors: number;
}

/** Told when a template becomes current or stops being current (the fast-path matcher). */
export interface CurrentTemplatesListener {
  add(t: TemplateRecord): void;
  remove(t: TemplateRecord): void;
  clear(): void;
}

/** A line's masked tokens, as the clusterer sees them. */
export interface SignatureView {
  readonly tokens: readonly string[];
  /** Per token: 1 when the token is a value-looking constant (see `TokenSink.soft`). */
  readonly soft: Uint8Array;
  readonly newlines: Uint8Array;
}


/** Outcome of admitting a signature. */
export interface Admission {
  readonly template: TemplateRecord;
  /** Set when the admission created a template (a new shape or a generalisation). */
  readonly created: TemplateRecord | null;
}

/**
 * The set of templates, grouped by attribute keys and token count, and the online clustering
 * that places a new signature. A line joins the template it matches (wildcards match
 * anything). Otherwise the closest template decides:
 *
 * - if they differ only in value-looking tokens (identifiers with digits, `key=word` values,
 *   partly masked tokens), the template generalises those positions into `<*>`;
 * - if they differ in plain words, the positions become `<*>` only once the group holds
 *   `minWordValues` distinct words there (across the templates that are otherwise the same),
 *   and all those templates merge into the generalised one;
 * - otherwise the line starts a new template.
 *
 * Generalising never edits a template: it creates one with a new id whose `ancestors` list the
 * replaced ids, and points the replaced ones at it (`replacedBy`).
 */
export class TemplateIndex {
  readonly byId = new Map<TemplateId, TemplateRecord>();
  private readonly groups = new Map<string, TemplateRecord[]>();
  private readonly settings: ClusterSettings;
  created = 0;
  generalised = 0;
  droppedAncestors = 0;
  /** Tokens of all held templates (the memory bound `maxTemplateTokens` applies to it). */
  heldTokens = 0;
  // Scratch for the closest candidate's differing positions (reused, no per-miss allocation).
  private diffPos = new Int32Array(64);
  private diffKind = new Uint8Array(64);

  private readonly listener: CurrentTemplatesListener | null;

  constructor(settings: ClusterSettings, listener: CurrentTemplatesListener | null = null) {
    this.settings = settings;
    this.listener = listener;
  }

  /** Number of current (not replaced) templates. */
  get currentCount(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.length;
    return n;
  }

  /** Current templates of every group, in group order (snapshot order). */
  *groupMembers(): IterableIterator<TemplateRecord> {
    for (const g of this.groups.values()) yield* g;
  }

  admit(sig: SignatureView, keys: readonly string[], keysKey: string): Admission {
    const n = sig.tokens.length;
    const groupKey = keysKey + '\u0002' + n;
    let group = this.groups.get(groupKey);
    if (group === undefined) {
      group = [];
      this.groups.set(groupKey, group);
    }
    if (this.diffPos.length < n) {
      this.diffPos = new Int32Array(n * 2);
      this.diffKind = new Uint8Array(n * 2);
    }
    const best = this.closest(group, sig);
    if (best >= 0) {
      const t = group[best];
      const { values, words } = this.describeDiff(t, sig);
      if (values + words === 0) {
        touch(group, best);
        return { template: t, created: null };
      }
      if (words === 0) return this.merge(group, [t], sig);
      const siblings = this.siblings(group, sig, words + values);
      if (siblings !== null) return this.merge(group, siblings, sig);
    }
    const t = this.createRecord(sig.tokens.slice(), sig.newlines.slice(0, n), sig.soft.slice(0, n), keys, keysKey, groupKey);
    this.hold(t);
    group.unshift(t);
    this.listener?.add(t);
    return { template: t, created: t };
  }

  /**
   * Replaces the contents with restored records: `records` in their saved order (the eviction
   * order), `current` in their saved group order (the clustering order).
   */
  restore(records: readonly TemplateRecord[], current: readonly TemplateRecord[]): void {
    this.clear();
    for (const r of records) this.hold(r);
    for (const t of current) {
      let group = this.groups.get(t.groupKey);
      if (group === undefined) {
        group = [];
        this.groups.set(t.groupKey, group);
      }
      group.push(t);
      this.listener?.add(t);
    }
  }

  /** Registers a record restored from a snapshot or pinned by a user. */
  addRecord(t: TemplateRecord, current: boolean): void {
    this.hold(t);
    if (!current) return;
    let group = this.groups.get(t.groupKey);
    if (group === undefined) {
      group = [];
      this.groups.set(t.groupKey, group);
    }
    group.push(t);
    this.listener?.add(t);
  }

  /** Removes a template (eviction). Records that point to it stay valid objects. */
  remove(t: TemplateRecord): void {
    if (this.byId.get(t.id) === t) {
      this.byId.delete(t.id);
      this.heldTokens -= t.tokens.length;
    }
    const group = this.groups.get(t.groupKey);
    if (group === undefined) return;
    const i = group.indexOf(t);
    if (i >= 0) {
      group.splice(i, 1);
      this.listener?.remove(t);
    }
    if (group.length === 0) this.groups.delete(t.groupKey);
  }

  clear(): void {
    this.byId.clear();
    this.groups.clear();
    this.heldTokens = 0;
    this.listener?.clear();
  }

  /**
   * Index of the closest template: fewest plain-word differences, then fewest value
   * differences, then most equal constants; -1 when none is within the similarity bound.
   */
  private closest(group: readonly TemplateRecord[], sig: SignatureView): number {
    const tokens = sig.tokens;
    const soft = sig.soft;
    const n = tokens.length;
    const maxDiff = n - Math.ceil(this.settings.similarity * n);
    const maxWords = this.settings.maxWordDiffs;
    let best = -1;
    let bestWords = maxWords + 1;
    let bestValues = maxDiff + 1;
    let bestEqual = -1;
    const limit = Math.min(group.length, this.settings.maxCandidates);
    for (let c = 0; c < limit; c++) {
      const t = group[c];
      const tt = t.tokens;
      let words = 0;
      let values = 0;
      let equal = 0;
      for (let i = 0; i < n; i++) {
        const a = tt[i];
        const b = tokens[i];
        if (a === b) {
          if (a !== WILDCARD) equal++;
        } else if (a !== WILDCARD && !globCovers(t, i, b)) {
          if (isValueDiff(t, i, b, soft[i])) values++;
          else if (i === 0 || ++words > maxWords) {
            // The first word names the event: a different one is a different template.
            words = maxWords + 1;
            break;
          }
          if (words + values > maxDiff) break;
        }
      }
      if (words > maxWords || words + values > maxDiff) continue;
      if (equal === 0 && n > 1) continue;
      if (words < bestWords || (words === bestWords && (values < bestValues || (values === bestValues && equal > bestEqual)))) {
        best = c;
        bestWords = words;
        bestValues = values;
        bestEqual = equal;
      }
    }
    return best;
  }

  /** Fills `diffPos`/`diffKind` (1 = plain word) for `t` vs the line; returns the counts. */
  private describeDiff(t: TemplateRecord, sig: SignatureView): { values: number; words: number } {
    let values = 0;
    let words = 0;
    let k = 0;
    for (let i = 0; i < sig.tokens.length; i++) {
      const a = t.tokens[i];
      const b = sig.tokens[i];
      if (a === b || a === WILDCARD || globCovers(t, i, b)) continue;
      const word = !isValueDiff(t, i, b, sig.soft[i]);
      this.diffPos[k] = i;
      this.diffKind[k] = word ? 1 : 0;
      k++;
      if (word) words++;
      else values++;
    }
    return { values, words };
  }

  /**
   * Templates of the group that match the line everywhere except at the closest template's
   * differing positions, when every plain-word position among them shows at least
   * `minWordValues` distinct words (the line's included). Null when the evidence is short.
   */
  private siblings(group: readonly TemplateRecord[], sig: SignatureView, diffCount: number): TemplateRecord[] | null {
    const tokens = sig.tokens;
    const found: TemplateRecord[] = [];
    const limit = Math.min(group.length, this.settings.maxCandidates);
    for (let c = 0; c < limit; c++) {
      const t = group[c];
      const tt = t.tokens;
      let ok = true;
      let d = 0;
      for (let i = 0; i < tokens.length && ok; i++) {
        const a = tt[i];
        if (d < diffCount && this.diffPos[d] === i) {
          d++;
          continue;
        }
        if (a !== tokens[i] && a !== WILDCARD && !globCovers(t, i, tokens[i])) ok = false;
      }
      if (ok) found.push(t);
    }
    const need = this.settings.minWordValues;
    for (let d = 0; d < diffCount; d++) {
      if (this.diffKind[d] !== 1) continue;
      const i = this.diffPos[d];
      const seen = new Set<string>([tokens[i]]);
      for (const t of found) seen.add(t.tokens[i]);
      if (seen.size < need) return null;
    }
    return found.length > 0 ? found : null;
  }

  /**
   * Replaces `olds` (current templates of `group`) by one template that also covers the line:
   * every position where they disagree becomes `<*>`. Reuses an existing template with the
   * same text when there is one.
   */
  private merge(group: TemplateRecord[], olds: readonly TemplateRecord[], sig: SignatureView): Admission {
    const first = olds[0];
    const n = first.tokens.length;
    const tokens = first.tokens.slice();
    const soft = first.softFlags();
    for (let i = 0; i < n; i++) {
      let merged = tokens[i];
      for (let k = 1; k < olds.length; k++) merged = mergeTokens(merged, olds[k].tokens[i]);
      tokens[i] = mergeTokens(merged, sig.tokens[i]);
      if (sig.soft[i] === 1) soft[i] = 1;
      for (let k = 1; k < olds.length; k++) soft[i] |= olds[k].soft(i);
    }
    const newlines = first.newlineFlags();
    const text = joinTokens(tokens, newlines);
    const id = templateIdOf(text, first.keys);
    let target = this.byId.get(id)?.current() ?? null;
    let created: TemplateRecord | null = null;
    if (target === null || target.evicted) {
      target = new TemplateRecord(id, tokens, newlines, soft, first.keys, first.keysKey, first.groupKey, [], false);
      this.created++;
      this.generalised++;
      inheritSlots(first, target);
      this.hold(target);
      created = target;
    }
    let at = group.length;
    for (const old of olds) {
      if (old === target) continue;
      old.replacedBy = target;
      old.invalidateView();
      this.pushAncestors(target, old);
      const i = group.indexOf(old);
      if (i >= 0) {
        group.splice(i, 1);
        this.listener?.remove(old);
        if (i < at) at = i;
      }
    }
    if (!group.includes(target)) {
      group.unshift(target);
      this.listener?.add(target);
    }
    else touch(group, group.indexOf(target));
    if (created !== null) this.absorbSubsumed(group, target);
    return { template: target, created };
  }

  /**
   * Retires the other current templates of the group that `target` now covers: a word that
   * looked constant for the first lines (`Worker alpha finished …`) must not keep its own
   * template once the position is known to vary. Their lines go to `target` from now on, and
   * their ids become its ancestors, so searches by either id still find all of them.
   */
  private absorbSubsumed(group: TemplateRecord[], target: TemplateRecord): void {
    for (let g = group.length - 1; g >= 0; g--) {
      const t = group[g];
      if (t === target || t.pinned || !covers(target, t)) continue;
      t.replacedBy = target;
      t.invalidateView();
      this.pushAncestors(target, t);
      group.splice(g, 1);
      this.listener?.remove(t);
    }
  }

  /** Re-inserts a record at the young end of the eviction order (a second chance). */
  refresh(t: TemplateRecord): void {
    if (this.byId.get(t.id) !== t) return;
    this.byId.delete(t.id);
    this.byId.set(t.id, t);
  }

  private hold(t: TemplateRecord): void {
    const prev = this.byId.get(t.id);
    if (prev !== undefined) this.heldTokens -= prev.tokens.length;
    this.byId.set(t.id, t);
    this.heldTokens += t.tokens.length;
  }

  private pushAncestors(t: TemplateRecord, old: TemplateRecord): void {
    if (!t.ancestors.includes(old.id)) t.ancestors.push(old.id);
    for (const a of old.ancestors) if (a !== t.id && !t.ancestors.includes(a)) t.ancestors.push(a);
    const max = this.settings.maxAncestors;
    if (t.ancestors.length > max) {
      this.droppedAncestors += t.ancestors.length - max;
      t.ancestors.length = max;
    }
    t.invalidateView();
  }

  private createRecord(
    tokens: string[],
    newlines: ArrayLike<number>,
    soft: ArrayLike<number>,
    keys: readonly string[],
    keysKey: string,
    groupKey: string,
  ): TemplateRecord {
    const id = templateIdOf(joinTokens(tokens, newlines), keys);
    const t = new TemplateRecord(id, tokens, newlines, soft, keys, keysKey, groupKey, [], false);
    this.created++;
    return t;
  }
}

/**
 * The least general token covering both `a` and `b`: `P<*>Q` where P and Q are their common
 * literal prefix and suffix, cut back to punctuation (`[A8]`, `[B7]` → `[<*>]`;
 * `user=root`, `user=bob` → `user=<*>`), and never containing a wildcard themselves.
 */
export function mergeTokens(a: string, b: string): string {
  if (a === b) return a;
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  const w = a.indexOf(WILDCARD);
  if (w >= 0 && w < p) p = w;
  while (p > 0 && !isDelim(a.charCodeAt(p - 1))) p--;
  let q = 0;
  while (q < max - p && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  const lw = a.lastIndexOf(WILDCARD);
  if (lw >= 0 && lw + WILDCARD.length > a.length - q) q = a.length - lw - WILDCARD.length;
  while (q > 0 && !isDelim(a.charCodeAt(a.length - q))) q--;
  return a.slice(0, p) + WILDCARD + a.slice(a.length - q);
}

function isDelim(c: number): boolean {
  return c < 128 && (CHAR_CLASS[c] & DELIM) !== 0;
}

/**
 * Whether template token `i` and line token `b` differ in a value rather than in wording:
 * one of them looks like a value (soft, or holds a parameter), and they either keep some
 * common punctuation (`[A8]`/`[B7]`, `user=a`/`user=b`) or are both single pieces
 * (`eth0`/`eth1`). `num=<*>,flags=<*>` vs `topActivity=X` share nothing: a wording change.
 */
function isValueDiff(t: TemplateRecord, i: number, b: string, softB: number): boolean {
  const a = t.tokens[i];
  const va = t.soft(i) === 1 || isValueLike(a);
  const vb = softB === 1 || isValueLike(b) || b === WILDCARD;
  if (!va || !vb) return false;
  if (b === WILDCARD || mergeTokens(a, b) !== WILDCARD) return true;
  return sameSkeleton(a, b);
}

/**
 * `eth0`/`eth1`, `IRQ0`/`IRQ9`: single pieces that differ only in their digits (one name with
 * an index). `ee0`/`alt0` are different names.
 */
function sameSkeleton(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    const c = a.charCodeAt(i);
    if (c !== b.charCodeAt(j) || isDelim(c) || c === 60) return false;
    i++;
    j++;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Whether every token of `t` equals `general`'s, or falls on a wildcard or glob of it, with
 * at least one constant in common: a template of wildcards only covers nothing.
 */
function covers(general: TemplateRecord, t: TemplateRecord): boolean {
  const n = general.tokens.length;
  if (t.tokens.length !== n) return false;
  let constants = 0;
  for (let i = 0; i < n; i++) {
    const g = general.tokens[i];
    const x = t.tokens[i];
    if (g === x) {
      if (g !== WILDCARD) constants++;
      continue;
    }
    if (g === WILDCARD) continue;
    if (x === WILDCARD || !globCovers(general, i, x)) return false;
  }
  return constants > 0;
}

/** A token that already holds a parameter (`node-<*>`): differences there are values. */
function isValueLike(token: string): boolean {
  return token.length > 3 && token.includes(WILDCARD);
}

/** Moves a matched template to the front of its group (most recently used first). */
function touch(group: TemplateRecord[], index: number): void {
  if (index <= 0) return;
  const t = group[index];
  group.copyWithin(1, 0, index);
  group[0] = t;
}

function inheritSlots(from: TemplateRecord, to: TemplateRecord): void {
  for (let i = 0; i < from.tokens.length; i++) {
    if (from.tokens[i] !== to.tokens[i]) continue;
    const a = from.slotStart(i);
    const b = to.slotStart(i);
    const k = from.slotStart(i + 1) - a;
    for (let s = 0; s < k; s++) {
      to.slotNames[b + s] = from.slotNames[a + s];
      to.setSlotStats(b + s, from.slotType(a + s), from.slotVotes(a + s));
    }
  }
}
