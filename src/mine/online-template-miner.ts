import type { TemplateId } from '../model/index.js';
import { LogsiftError } from '../model/index.js';
import type { TemplateMinerOptions, ResolvedMinerOptions } from './miner-options.js';
import { resolveMinerOptions } from './miner-options.js';
import type { MineResult, MinedTemplate, MinerStats, TemplateMiner } from './template-miner.js';
import { templateIdOf } from './template-id.js';
import { MessageMasker } from './internal/message-masker.js';
import { T_WORD } from './internal/param-type-code.js';
import type { Pin } from './internal/pin-set.js';
import { PinSet } from './internal/pin-set.js';
import { SignatureCache } from './internal/signature-cache.js';
import { nameFromContext } from './internal/slot-names.js';
import type { SignatureView } from './internal/template-index.js';
import { TemplateIndex } from './internal/template-index.js';
import { TemplateMatcher } from './internal/template-matcher.js';
import { TemplateRecord, WILDCARD } from './internal/template-record.js';
import { decodeSnapshot, encodeSnapshot } from './internal/miner-snapshot.js';
import type { MinerCounters } from './internal/miner-snapshot.js';

/**
 * Where a signature's lines go: the template, and how to build its parameters from a masked
 * line (`plan[slot]` >= 0: that masked parameter; < 0: raw token `-plan - 1`; null: identity).
 */
class SignatureEntry {
  /**
   * Id of the template, or -1 before placement. An id, not the record: a cached signature
   * must not keep an evicted template alive (the template bound would not bound memory).
   */
  templateId: TemplateId;
  plan: Int32Array | null;
  /** Pins that matched the first line of this signature; tested on every line of it. */
  readonly pins: Pin[] | null;

  constructor(pins: Pin[] | null) {
    this.templateId = -1;
    this.plan = null;
    this.pins = pins;
  }
}

const NO_KEYS: readonly string[] = Object.freeze([]);
/** One line in 256 of a fast-path template is masked fully, to sample its parameter types. */
const TYPE_SAMPLE_MASK = 255;

/**
 * The default `TemplateMiner`: mask values by their look (`MessageMasker`), look the masked
 * signature up in a bounded cache (the fast path: one map lookup per line), and cluster only
 * new signatures against the templates of the same key set and token count (`TemplateIndex`).
 * See docs/miner.md for the algorithm and its bounds.
 */
export class OnlineTemplateMiner implements TemplateMiner {
  private readonly options: ResolvedMinerOptions;
  private readonly masker: MessageMasker;
  private readonly cache: SignatureCache<SignatureEntry>;
  private readonly index: TemplateIndex;
  private readonly matcher: TemplateMatcher;
  private readonly pins = new PinSet();
  private readonly counters: MinerCounters = { lines: 0, evictedTemplates: 0, truncatedLines: 0, blobTokens: 0, evictedSignatures: 0 };
  private readonly sigTokens: string[] = [];
  /** Template created by the last `place` call, if any. */
  private lastCreated: TemplateRecord | null = null;

  constructor(options: TemplateMinerOptions = {}) {
    this.options = resolveMinerOptions(options);
    this.masker = new MessageMasker({ maxTokens: this.options.maxTokens, maxTokenChars: this.options.maxTokenChars });
    this.cache = new SignatureCache<SignatureEntry>(this.options.maxSignatures, this.options.maxSignatureChars);
    const limits = { maxTokens: this.options.maxTokens, maxTokenChars: this.options.maxTokenChars };
    this.matcher = new TemplateMatcher(new MessageMasker(limits), this.options.maxTokens, this.options.maxTokenChars);
    this.index = new TemplateIndex({
      similarity: this.options.similarity,
      minWordValues: this.options.minWordValues,
      maxWordDiffs: this.options.maxWordDiffs,
      maxCandidates: this.options.maxCandidates,
      maxAncestors: this.options.maxAncestors,
    }, this.matcher);
  }

  mine(message: string, keys?: readonly string[] | null): MineResult {
    const lineNo = ++this.counters.lines;
    const keysKey = keys === undefined || keys === null || keys.length === 0 ? '' : keys.join('\u001f');
    if (this.pins.size === 0) {
      // Fast path: a line of a known shape (and key set) matches its template directly. One
      // line in 256 takes the masking path instead, which keeps the slot-type statistics.
      const t = this.matcher.match(message, keysKey);
      if (t !== null && (t.count & TYPE_SAMPLE_MASK) !== 0) {
        t.count++;
        t.lastSeen = lineNo;
        return { templateId: t.id, params: this.matcher.params, created: null };
      }
    }
    const m = this.masker;
    m.mask(message);
    if (m.truncated) this.counters.truncatedLines++;
    const key = keysKey === '' ? m.signature : keysKey + '\u0001' + m.signature;
    let entry = this.cache.get(key);
    let created: TemplateRecord | null = null;
    if (entry === undefined) {
      entry = new SignatureEntry(this.pins.size === 0 ? null : this.pins.matching(message));
      this.cache.set(key, entry);
    }
    if (entry.pins !== null) {
      for (const p of entry.pins) {
        const match = p.pattern.exec(message);
        if (match !== null) {
          p.record.count++;
          p.record.lastSeen = lineNo;
          return { templateId: p.record.id, params: match.slice(1), created: null };
        }
      }
    }
    let t = entry.templateId < 0 ? undefined : this.index.byId.get(entry.templateId);
    if (t === undefined || t.replacedBy !== null) {
      t = this.place(entry, t, keys ?? NO_KEYS, keysKey);
      created = this.lastCreated;
    }
    t.count++;
    t.lastSeen = lineNo;
    const plan = entry.plan;
    const params = plan === null ? m.params : this.project(plan);
    this.countTypes(t, plan);
    return { templateId: t.id, params, created: created === null ? null : created.toView() };
  }

  get(id: TemplateId): MinedTemplate | undefined {
    return this.index.byId.get(id)?.toView();
  }

  *templates(): IterableIterator<MinedTemplate> {
    for (const t of this.index.byId.values()) yield t.toView();
  }

  get size(): number {
    return this.index.byId.size;
  }

  pin(text: string): MinedTemplate {
    const tokens = text.trim().split(/\s+/);
    if (tokens.length === 0 || tokens[0] === '') throw new LogsiftError('bad_request', 'pinned template is empty');
    const newlines = new Uint8Array(tokens.length);
    const id = templateIdOf(tokens.join(' '), NO_KEYS);
    let record = this.index.byId.get(id);
    if (record === undefined) {
      record = new TemplateRecord(id, tokens, newlines, new Uint8Array(tokens.length), NO_KEYS, '', '\u0002pin', [], true);
      this.index.addRecord(record, false);
    }
    record.pinned = true;
    record.invalidateView();
    this.pins.add(record);
    this.cache.clear();
    return record.toView();
  }

  unpin(id: TemplateId): boolean {
    const record = this.pins.remove(id);
    if (record === null) return false;
    record.pinned = false;
    record.invalidateView();
    this.cache.clear();
    return true;
  }

  stats(): MinerStats {
    return {
      lines: this.counters.lines,
      templates: this.index.byId.size,
      currentTemplates: this.index.currentCount,
      created: this.index.created,
      generalised: this.index.generalised,
      evictedTemplates: this.counters.evictedTemplates,
      truncatedLines: this.counters.truncatedLines,
      blobTokens: this.masker.blobTokens + this.matcher.blobTokens,
      evictedSignatures: this.cache.evicted,
    };
  }

  snapshot(): Uint8Array {
    return encodeSnapshot({
      options: this.options,
      counters: { ...this.counters, blobTokens: this.masker.blobTokens + this.matcher.blobTokens, evictedSignatures: this.cache.evicted },
      created: this.index.created,
      generalised: this.index.generalised,
      records: [...this.index.byId.values()],
      current: [...this.index.groupMembers()],
      pins: this.pins.list().map((p) => p.record),
    });
  }

  restore(data: Uint8Array): void {
    const state = decodeSnapshot(data);
    this.cache.clear();
    this.pins.clear();
    this.index.restore(state.records, state.current);
    for (const r of state.pins) this.pins.add(r);
    this.index.created = state.created;
    this.index.generalised = state.generalised;
    Object.assign(this.counters, state.counters);
    this.masker.blobTokens = state.counters.blobTokens;
    this.matcher.blobTokens = 0;
    this.cache.evicted = state.counters.evictedSignatures;
  }

  /** Slow path: finds (or creates) the template for the masked line and the entry's plan. */
  /**
   * Slow path: finds (or creates) the template for the masked line, given the entry's old
   * template if any, and sets the entry's id and plan. Sets `lastCreated`.
   */
  private place(entry: SignatureEntry, previous: TemplateRecord | undefined, keys: readonly string[], keysKey: string): TemplateRecord {
    const view = this.signatureView();
    let created: TemplateRecord | null = null;
    let t = previous === undefined ? null : previous.current();
    if (t === null || t.evicted) {
      const admission = this.index.admit(view, keys, keysKey);
      t = admission.template;
      created = admission.created;
    }
    entry.templateId = t.id;
    entry.plan = this.planFor(t, view.tokens);
    this.lastCreated = created;
    if (created !== null) {
      this.nameSlots(created, entry.plan);
      if (this.index.byId.size > this.options.maxTemplates || this.index.heldTokens > this.options.maxTemplateTokens) this.evict(created);
    }
    return t;
  }

  private signatureView(): SignatureView {
    const m = this.masker;
    const sig = m.signature;
    const tokens = this.sigTokens;
    tokens.length = 0;
    let start = 0;
    for (let i = 0; i < sig.length; i++) {
      const c = sig.charCodeAt(i);
      if (c === 32 || c === 10) {
        tokens.push(sig.slice(start, i));
        start = i + 1;
      }
    }
    if (sig.length > 0) tokens.push(sig.slice(start));
    return { tokens, soft: m.tokenSoft, newlines: m.tokenNewline };
  }

  /**
   * How to fill the template's slots from a line with these masked tokens, as triples per slot:
   * `[p, 0, 0]` takes masked parameter p; `[-i - 1, head, tail]` takes raw token i without its
   * first `head` and last `tail` characters (a `P<*>Q` template token). Null means identity.
   */
  private planFor(t: TemplateRecord, tokens: readonly string[]): Int32Array | null {
    const m = this.masker;
    const plan = new Int32Array(t.slotCount * 3);
    let identity = t.slotCount === m.params.length;
    for (let i = 0; i < t.tokens.length; i++) {
      const a = t.tokens[i];
      const first = t.slotStart(i);
      if (a === tokens[i]) {
        const k = t.slotStart(i + 1) - first;
        const p = m.tokenParamStart[i];
        for (let s = 0; s < k; s++) {
          plan[(first + s) * 3] = p + s;
          if (p + s !== first + s) identity = false;
        }
      } else if (t.globPrefix(i) >= 0) {
        plan[first * 3] = -(i + 1);
        plan[first * 3 + 1] = t.globPrefix(i);
        plan[first * 3 + 2] = t.globSuffix(i);
        identity = false;
      } else {
        throw new LogsiftError('internal', `template ${t.id} does not cover signature token ${i}`);
      }
    }
    return identity ? null : plan;
  }

  private project(plan: Int32Array): string[] {
    const m = this.masker;
    const params = m.params;
    const text = m.message;
    const n = plan.length / 3;
    const out = new Array<string>(n);
    for (let s = 0; s < n; s++) {
      const v = plan[s * 3];
      out[s] = v >= 0 ? params[v] : text.slice(m.tokenStart[-v - 1] + plan[s * 3 + 1], m.tokenEnd[-v - 1] - plan[s * 3 + 2]);
    }
    return out;
  }

  private countTypes(t: TemplateRecord, plan: Int32Array | null): void {
    const types = this.masker.paramTypes;
    if (plan === null) {
      for (let s = 0; s < t.slotCount; s++) t.vote(s, types[s]);
      return;
    }
    for (let s = 0; s < t.slotCount; s++) {
      const v = plan[s * 3];
      t.vote(s, v >= 0 ? types[v] : T_WORD);
    }
  }

  /** Names new slots from the line that created the template (keys first, then context). */
  private nameSlots(t: TemplateRecord, plan: Int32Array | null): void {
    const m = this.masker;
    for (let i = 0; i < t.tokens.length; i++) {
      const tok = t.tokens[i];
      let offset = tok.indexOf(WILDCARD);
      let s = t.slotStart(i);
      while (offset >= 0) {
        if (t.slotNames[s] === null) {
          const v = plan === null ? s : plan[s * 3];
          let name: string | null = null;
          if (v >= 0 && m.paramNameStart[v] >= 0) name = m.message.slice(m.paramNameStart[v], m.paramNameEnd[v]);
          t.slotNames[s] = name ?? nameFromContext(t.tokens, i, offset);
        }
        s++;
        offset = tok.indexOf(WILDCARD, offset + WILDCARD.length);
      }
    }
  }

  /**
   * Keeps templates bounded (count and tokens): evicts down to 90% of both limits, oldest
   * first, with a frequency credit that ages: each visit halves a template's credit and adds
   * the lines it got since the last visit; a template with credit >= 2 goes back to the young
   * end instead of out (CLOCK with aging, so heavy templates outlive one-off lines and idle ones
   * fade). Pinned templates and the one just created stay. If a bounded number of visits is
   * not enough, the oldest go regardless. Amortised O(1) per created template; evicted
   * templates are gone from `get()`, and their signatures re-cluster if they come back.
   */
  private evict(keep: TemplateRecord): void {
    const o = this.options;
    const index = this.index;
    const byId = index.byId;
    const countTarget = Math.floor(o.maxTemplates * 0.9);
    const tokenTarget = Math.floor(o.maxTemplateTokens * 0.9);
    const over = (): boolean => byId.size > countTarget || index.heldTokens > tokenTarget;
    let visits = Math.max(64, o.maxTemplates >> 2);
    let secondChances = true;
    while (over()) {
      const batch: TemplateRecord[] = [];
      for (const t of byId.values()) {
        batch.push(t);
        if (batch.length >= 256) break;
      }
      let progress = false;
      for (const t of batch) {
        if (!over()) return;
        if (t === keep || t.pinned) {
          index.refresh(t);
          continue;
        }
        if (secondChances) {
          t.credit = (t.credit >> 1) + Math.min(t.count - t.creditCount, 1 << 20);
          t.creditCount = t.count;
          if (t.credit >= 2 && t.replacedBy === null) {
            index.refresh(t);
            if (--visits <= 0) secondChances = false;
            continue;
          }
        }
        t.evicted = true;
        index.remove(t);
        this.counters.evictedTemplates++;
        progress = true;
      }
      if (!progress && !secondChances && batch.every((t) => t === keep || t.pinned)) return;
      if (--visits <= 0) secondChances = false;
    }
  }
}

/** Creates the default template miner; throws `invalid_config` for bad options. */
export function createTemplateMiner(options?: TemplateMinerOptions): TemplateMiner {
  return new OnlineTemplateMiner(options);
}
