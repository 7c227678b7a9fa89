import type { MessageMasker } from './message-masker.js';
import type { TemplateRecord } from './template-record.js';
import { K_CONST, K_GLOB, K_WILD } from './template-record.js';

/** Template tokens looked at for an index key: the first constant among the first three. */
const KEY_POSITIONS = 3;
/**
 * Candidates tried per index bucket: bounds the cost of a line that fits none of many
 * templates sharing a key (it then takes the masking path, whose exact cache is O(1)).
 */
const MAX_TRIES = 32;

/**
 * The fast path of the miner: matches a line's raw whitespace tokens directly against the
 * current templates, so a line of a known shape costs one scan of its characters plus a few
 * comparisons, without masking. Templates are indexed by token count and by the hash of their
 * first constant token (among the first three). A candidate matches when its constant tokens
 * equal the line's, and each token holding a parameter inside (`node-<*>`, `<*>:<*>`) masks to
 * the same text (or fits `P<*>Q`); whole-token `<*>` takes anything. Among matches the one
 * with the most constant tokens wins, as in `TemplateIndex.admit`, so both paths agree.
 *
 * Structured records match only templates of their own key set. Lines it cannot place (new
 * shapes, truncated lines) go to the masking path, which also keeps the parameter-type
 * statistics.
 */
/** Current templates of one key set, indexed for matching. */
interface ShapeIndex {
  /** By token count, key position and hash of the key token. */
  readonly keyed: Map<number, TemplateRecord[]>;
  /** Templates without a constant among their first tokens, by token count. */
  readonly residual: Map<number, TemplateRecord[]>;
}

export class TemplateMatcher {
  /** One index per key set of structured records ('' for text lines). */
  private readonly indexes = new Map<string, ShapeIndex>();
  private readonly tokenMasker: MessageMasker;
  private readonly maxTokens: number;
  /** Raw tokens of the last line given to `match`. */
  private tokStart = new Int32Array(64);
  private tokEnd = new Int32Array(64);
  private tokNewline = new Uint8Array(64);
  private readonly tokHash = new Float64Array(KEY_POSITIONS);
  /** Whether the last tokenized line had a newline between tokens. */
  private multiline = false;
  /** Parameters of the last successful match. */
  params: string[] = [];
  /** Tokens longer than `maxTokenChars` taken whole as a parameter (see `MinerStats`). */
  blobTokens = 0;
  /** Per token position: the parameters `fits` got by masking a multi-parameter token. */
  private multiParams: string[][] = [];

  private readonly maxTokenChars: number;

  constructor(tokenMasker: MessageMasker, maxTokens: number, maxTokenChars: number) {
    this.tokenMasker = tokenMasker;
    this.maxTokens = maxTokens;
    this.maxTokenChars = maxTokenChars;
  }

  add(t: TemplateRecord): void {
    const list = this.listFor(t, true);
    if (list === null || list.includes(t)) return;
    // Most constant tokens first (the most specific template wins), then by id, so the order
    // does not depend on history (a restored miner matches like the original).
    let i = 0;
    while (i < list.length && (list[i].constCount > t.constCount || (list[i].constCount === t.constCount && list[i].id < t.id))) i++;
    list.splice(i, 0, t);
  }

  remove(t: TemplateRecord): void {
    const list = this.listFor(t, false);
    if (list === null) return;
    const i = list.indexOf(t);
    if (i >= 0) list.splice(i, 1);
    // Drop empty buckets: keys of evicted one-off templates must not accumulate.
    if (list.length === 0) {
      const index = this.indexes.get(t.keysKey);
      if (index === undefined) return;
      if (t.keyPosition >= 0) index.keyed.delete(keyOf(t.tokens.length, t.keyPosition, hashString(t.tokens[t.keyPosition])));
      else index.residual.delete(t.tokens.length);
      if (index.keyed.size === 0 && index.residual.size === 0) this.indexes.delete(t.keysKey);
    }
  }

  clear(): void {
    this.indexes.clear();
  }

  /**
   * The current template `text` fits among those of key set `keysKey` ('' for text lines),
   * with `params` filled, or null (use the masking path).
   */
  match(text: string, keysKey = ''): TemplateRecord | null {
    const index = this.indexes.get(keysKey);
    if (index === undefined) return null;
    const n = this.tokenize(text);
    if (n <= 0) return null;
    let best: TemplateRecord | null = null;
    for (let p = 0; p < KEY_POSITIONS && p < n; p++) {
      // A template keyed at p has wildcards before p: at most n - p constants.
      if (best !== null && best.constCount >= n - p) break;
      const list = index.keyed.get(keyOf(n, p, this.tokHash[p]));
      if (list === undefined) continue;
      const limit = Math.min(list.length, MAX_TRIES);
      for (let c = 0; c < limit; c++) {
        const t = list[c];
        if (best !== null && t.constCount <= best.constCount) break;
        if (t.keyPosition === p && this.fits(t, text, n)) {
          best = t;
          break;
        }
      }
    }
    if (best === null) {
      const list = index.residual.get(n);
      if (list !== undefined) {
        const limit = Math.min(list.length, MAX_TRIES);
        for (let c = 0; c < limit; c++) {
          if (this.fits(list[c], text, n)) {
            best = list[c];
            break;
          }
        }
      }
    }
    if (best === null) return null;
    this.extract(best, text, n);
    return best;
  }

  /** Splits on whitespace into the scratch arrays; -1 when over the token cap. */
  private tokenize(text: string): number {
    const len = text.length;
    let i = 0;
    let n = 0;
    let newline = 0;
    this.multiline = false;
    while (i < len) {
      let c = text.charCodeAt(i);
      // Whitespace: space, \t \n \v \f \r (as the masker's SPACE | NEWLINE classes).
      if (c === 32 || (c <= 13 && c >= 9)) {
        if (c === 10) {
          newline = 1;
          this.multiline = true;
        }
        i++;
        continue;
      }
      if (n === this.maxTokens - 1) return -1;
      if (n === this.tokStart.length) this.grow();
      this.tokStart[n] = i;
      this.tokNewline[n] = n === 0 ? 0 : newline;
      newline = 0;
      if (n < KEY_POSITIONS) {
        // The index keys hash the first tokens: hash them while they are read (FNV-1a).
        let h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
        for (;;) {
          i++;
          if (i >= len) break;
          c = text.charCodeAt(i);
          if (c === 32 || (c <= 13 && c >= 9)) break;
          h = Math.imul(h ^ c, 0x01000193);
        }
        this.tokHash[n] = h >>> 0;
      } else {
        do {
          i++;
          if (i >= len) break;
          c = text.charCodeAt(i);
        } while (!(c === 32 || (c <= 13 && c >= 9)));
      }
      this.tokEnd[n] = i;
      n++;
    }
    return n;
  }

  private fits(t: TemplateRecord, text: string, n: number): boolean {
    if (t.tokens.length !== n) return false;
    const tokens = t.tokens;
    const checkNewlines = this.multiline || t.multiline;
    for (let i = 0; i < n; i++) {
      if (checkNewlines && i > 0 && t.newline(i) !== this.tokNewline[i]) return false;
      const k = t.kind(i);
      if (k === K_WILD) continue;
      const s = this.tokStart[i];
      const e = this.tokEnd[i];
      const a = tokens[i];
      if (k === K_CONST) {
        if (a.length !== e - s) return false;
        for (let j = 0; j < a.length; j++) if (a.charCodeAt(j) !== text.charCodeAt(s + j)) return false;
        continue;
      }
      // `P<*>Q`: literal prefix and suffix around something (as `globCovers`).
      if (k === K_GLOB) {
        const p = t.globPrefix(i);
        const q = t.globSuffix(i);
        if (e - s <= p + q) return false;
        for (let j = 0; j < p; j++) if (a.charCodeAt(j) !== text.charCodeAt(s + j)) return false;
        for (let j = 1; j <= q; j++) if (a.charCodeAt(a.length - j) !== text.charCodeAt(e - j)) return false;
        continue;
      }
      // Several parameters in one token: it must mask to the same text.
      this.tokenMasker.mask(text.slice(s, e));
      if (this.tokenMasker.signature !== a) return false;
      this.multiParams[i] = this.tokenMasker.params;
    }
    return true;
  }

  /** Fills `params` for a template that `fits` the tokenized line. */
  private extract(t: TemplateRecord, text: string, n: number): void {
    const out = new Array<string>(t.slotCount);
    let slot = 0;
    for (let i = 0; i < n; i++) {
      const k = t.kind(i);
      if (k === K_CONST) continue;
      const s = this.tokStart[i];
      const e = this.tokEnd[i];
      if (k === K_WILD) {
        if (e - s > this.maxTokenChars) this.blobTokens++;
        out[slot++] = text.slice(s, e);
        continue;
      }
      if (k === K_GLOB) {
        // `P<*>Q`: the value is what lies between the literal prefix and suffix.
        out[slot++] = text.slice(s + t.globPrefix(i), e - t.globSuffix(i));
        continue;
      }
      // Several parameters in one token: `fits` kept them when it masked the token.
      const ps = this.multiParams[i];
      for (let j = 0; j < ps.length; j++) out[slot++] = ps[j];
    }
    this.params = out;
  }

  private listFor(t: TemplateRecord, create: boolean): TemplateRecord[] | null {
    let index = this.indexes.get(t.keysKey);
    if (index === undefined) {
      if (!create) return null;
      index = { keyed: new Map(), residual: new Map() };
      this.indexes.set(t.keysKey, index);
    }
    const n = t.tokens.length;
    let map: Map<number, TemplateRecord[]>;
    let key: number;
    if (t.keyPosition >= 0) {
      map = index.keyed;
      key = keyOf(n, t.keyPosition, hashString(t.tokens[t.keyPosition]));
    } else {
      map = index.residual;
      key = n;
    }
    let list = map.get(key);
    if (list === undefined) {
      if (!create) return null;
      list = [];
      map.set(key, list);
    }
    return list;
  }

  private grow(): void {
    const n = this.tokStart.length * 2;
    const s = new Int32Array(n);
    s.set(this.tokStart);
    this.tokStart = s;
    const e = new Int32Array(n);
    e.set(this.tokEnd);
    this.tokEnd = e;
    const nl = new Uint8Array(n);
    nl.set(this.tokNewline);
    this.tokNewline = nl;
  }
}

/** Key of (token count, key position, token hash): exact in a double (< 2^43). */
function keyOf(count: number, position: number, hash: number): number {
  return hash * 2048 + (count & 511) * 4 + position;
}

/** FNV-1a over UTF-16 code units of `text[s, e)`. */
function hashRange(text: string, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hashString(s: string): number {
  return hashRange(s, 0, s.length);
}
