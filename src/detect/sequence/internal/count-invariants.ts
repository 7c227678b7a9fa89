import { shareOf } from '../support.js';
import type { FeatureSink } from './families.js';
import { FAMILY_INVARIANT } from './families.js';
import type { SessionProfile } from './session-profile.js';
import { ID_RADIX } from './session-profile.js';
import { UNKNOWN_ID } from '../event-vocabulary.js';

/** `#a == #b`: e.g. every "Receiving block" has its "PacketResponder terminating". */
export const RELATION_EQUAL = 0;
/** `#a == #b + #c`: e.g. every request ends in either a success or a failure line. */
export const RELATION_SUM = 1;
const RELATION_FREE = 255;

/**
 * A candidate stops being tested once it has been applicable in this many sessions and fails
 * in more than `RETIRE_SHARE` of them: it would need to become 50 times more reliable before
 * it could alarm at the default alarm probability, so it only costs memory and time.
 */
const RETIRE_MIN_TESTS = 20;
const RETIRE_SHARE = 0.05;
/**
 * Distinct events of one session considered when proposing (lowest ids, i.e. the events known
 * longest, first). Bounds the work of a proposal at 16 × C(15, 2) = 1,680 triple checks.
 */
const PROPOSAL_EVENTS = 16;

/**
 * Online count-invariant mining in the spirit of Lou et al. (USENIX ATC'10), who found that the
 * invariants of program work flows in logs are sparse linear relations between event counts
 * (every open has its close, every request ends in a success or a failure). Restricted here to
 * unit coefficients over two or three events: `#a == #b` and `#a == #b + #c`.
 *
 * Hypothesise and test: a normal session proposes every such relation that holds in it among
 * events it contains; every later normal session in which one of the relation's events occurs
 * tests it. A relation is evidence in proportion to how reliably it held
 * (`shareOf(violations, tests)`), so spurious candidates are harmless: they fail, their share
 * of violations stays high, and they retire. Bounded by `capacity` live candidates; proposals
 * beyond it are counted in `proposalsDropped`. Retired keys are remembered (up to 4 ×
 * capacity, oldest forgotten first) so they are not proposed again.
 */
export class CountInvariants {
  readonly capacity: number;
  /** Per slot; `RELATION_FREE` for a free slot. */
  readonly relation: number[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  /** 0 for `RELATION_EQUAL`. */
  readonly c: number[] = [];
  /** Sessions in which one of the relation's events occurred, since it was proposed. */
  readonly tests: number[] = [];
  /** Of those, sessions in which it did not hold. */
  readonly violations: number[] = [];
  /** Free slots, reused last-freed first. */
  readonly freeSlots: number[] = [];
  /** Keys of retired relations, oldest first. */
  readonly retired = new Set<number>();
  proposalsDropped = 0;
  retiredTotal = 0;
  private readonly slotOfKey = new Map<number, number>();
  /** Per event id: live slots that involve it, ascending (a canonical order, so a restored model visits them identically). */
  private readonly byEvent: (number[] | undefined)[] = new Array<number[] | undefined>(ID_RADIX);
  private readonly visited: number[] = [];
  private stamp = 0;
  private readonly pending: number[] = [];
  private readonly proposalIds: number[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Live relations. */
  get size(): number {
    return this.slotOfKey.size;
  }

  /** Training: tests every live relation that involves the session's events, then retires the failures. */
  test(profile: SessionProfile): void {
    const counts = profile.counts;
    const stamp = this.nextStamp();
    const pending = this.pending;
    pending.length = 0;
    for (let i = 0; i < profile.distinct.length; i++) {
      const slots = this.byEvent[profile.distinct[i]];
      if (slots === undefined) continue;
      for (let j = 0; j < slots.length; j++) {
        const s = slots[j];
        if (this.visited[s] === stamp) continue;
        this.visited[s] = stamp;
        const t = ++this.tests[s];
        const v = this.holds(s, counts) ? this.violations[s] : ++this.violations[s];
        if (t >= RETIRE_MIN_TESTS && shareOf(v, t) > RETIRE_SHARE) pending.push(s);
      }
    }
    if (pending.length === 0) return;
    pending.sort((x, y) => x - y);
    for (let i = 0; i < pending.length; i++) this.retire(pending[i]);
  }

  /** Training, after `test`: proposes the relations that hold in this session and are not yet known. */
  propose(profile: SessionProfile): void {
    const ids = this.proposalIds;
    ids.length = 0;
    for (let i = 0; i < profile.distinct.length; i++) if (profile.distinct[i] !== UNKNOWN_ID) ids.push(profile.distinct[i]);
    ids.sort((x, y) => x - y);
    if (ids.length > PROPOSAL_EVENTS) ids.length = PROPOSAL_EVENTS;
    const counts = profile.counts;
    const n = ids.length;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (counts[ids[i]] === counts[ids[j]]) this.add(RELATION_EQUAL, ids[i], ids[j], 0);
      }
    }
    for (let i = 0; i < n; i++) {
      const ca = counts[ids[i]];
      for (let j = 0; j < n; j++) {
        if (j === i || counts[ids[j]] >= ca) continue;
        for (let k = j + 1; k < n; k++) {
          if (k !== i && counts[ids[j]] + counts[ids[k]] === ca) this.add(RELATION_SUM, ids[i], ids[j], ids[k]);
        }
      }
    }
  }

  /** Scoring: offers every live relation the session violates (held ones are no evidence). */
  scan(profile: SessionProfile, sink: FeatureSink): void {
    const counts = profile.counts;
    const stamp = this.nextStamp();
    for (let i = 0; i < profile.distinct.length; i++) {
      const slots = this.byEvent[profile.distinct[i]];
      if (slots === undefined) continue;
      for (let j = 0; j < slots.length; j++) {
        const s = slots[j];
        if (this.visited[s] === stamp) continue;
        this.visited[s] = stamp;
        if (!this.holds(s, counts)) sink.offer(FAMILY_INVARIANT, this.violations[s], this.tests[s], s, 0);
      }
    }
  }

  holds(slot: number, counts: Int32Array): boolean {
    const left = counts[this.a[slot]];
    const right = this.relation[slot] === RELATION_EQUAL ? counts[this.b[slot]] : counts[this.b[slot]] + counts[this.c[slot]];
    return left === right;
  }

  /** Restore: puts a relation back into `slot` exactly as saved. */
  restoreSlot(slot: number, relation: number, a: number, b: number, c: number, tests: number, violations: number): void {
    this.relation[slot] = relation;
    this.a[slot] = a;
    this.b[slot] = b;
    this.c[slot] = c;
    this.tests[slot] = tests;
    this.violations[slot] = violations;
    this.visited[slot] = 0;
    if (relation === RELATION_FREE) return;
    this.slotOfKey.set(keyOf(relation, a, b, c), slot);
    this.index(slot);
  }

  isFree(slot: number): boolean {
    return this.relation[slot] === RELATION_FREE;
  }

  private add(relation: number, a: number, b: number, c: number): void {
    const key = keyOf(relation, a, b, c);
    if (this.slotOfKey.has(key) || this.retired.has(key)) return;
    if (this.slotOfKey.size >= this.capacity) {
      this.proposalsDropped++;
      return;
    }
    const slot = this.freeSlots.length > 0 ? (this.freeSlots.pop() as number) : this.relation.length;
    // The proposing session is its first test, and it held there.
    this.restoreSlot(slot, relation, a, b, c, 1, 0);
  }

  private retire(slot: number): void {
    const key = keyOf(this.relation[slot], this.a[slot], this.b[slot], this.c[slot]);
    this.unindex(slot);
    this.slotOfKey.delete(key);
    this.relation[slot] = RELATION_FREE;
    this.freeSlots.push(slot);
    this.retiredTotal++;
    this.retired.add(key);
    if (this.retired.size > 4 * this.capacity) this.retired.delete(this.retired.values().next().value as number);
  }

  private index(slot: number): void {
    this.link(this.a[slot], slot);
    this.link(this.b[slot], slot);
    if (this.relation[slot] === RELATION_SUM) this.link(this.c[slot], slot);
  }

  private unindex(slot: number): void {
    for (const id of this.relation[slot] === RELATION_SUM ? [this.a[slot], this.b[slot], this.c[slot]] : [this.a[slot], this.b[slot]]) {
      const list = this.byEvent[id];
      if (list === undefined) continue;
      const at = list.indexOf(slot);
      if (at >= 0) list.splice(at, 1);
    }
  }

  private link(id: number, slot: number): void {
    let list = this.byEvent[id];
    if (list === undefined) this.byEvent[id] = list = [];
    let at = list.length;
    while (at > 0 && list[at - 1] > slot) at--;
    list.splice(at, 0, slot);
  }

  private nextStamp(): number {
    this.stamp = this.stamp >= 0x3fffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) this.visited.fill(0);
    return this.stamp;
  }
}

function keyOf(relation: number, a: number, b: number, c: number): number {
  return ((relation * ID_RADIX + a) * ID_RADIX + b) * ID_RADIX + c;
}
