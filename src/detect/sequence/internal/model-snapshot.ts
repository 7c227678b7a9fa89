import { resolveSequenceOptions } from '../options.js';
import { UNKNOWN_ID } from '../event-vocabulary.js';
import type { EventKey } from '../event-vocabulary.js';
import { LogsiftError } from '../../../model/index.js';
import { ByteReader, ByteWriter } from '../../internal/snapshot-codec.js';
import { BINS } from './calibration.js';
import { FAMILY_TOTAL } from './families.js';
import { ModelState } from './model-state.js';
import { ID_RADIX } from './session-profile.js';

/**
 * Snapshot layout, version 1 (little-endian; str = u32 length + UTF-8; counts are f64):
 *
 *   magic "LSQM" · u16 version · u16 flags (0)
 *   options: f64 alarmProbability · f64 familyFalseAlarmRate · u8 orderHistory · u32 maxInvariants
 *            · u16 maxEvents · u32 maxContexts · u32 maxTransitions · u32 maxCountValues · u16 maxFindings
 *   f64 sessions learned
 *   vocabulary: u16 keys, each u8 tag (0 string + str, 1 number + f64), in id order
 *   events, for ids 1..keys then the unknown id: f64 sessions · f64 count overflow
 *            · u32 values, each f64 count · f64 sessions
 *   orders, per history length: f64 dropped · u32 histories, each f64 packed history
 *            · f64 sessions · f64 overflow · u16 nexts, each u16 id · f64 sessions
 *   invariants: u32 slots, each u8 relation (255 free) · u16 a, b, c · f64 tests · f64 violations
 *            · u32 free slots + u32 each · u32 retired keys + f64 each · f64 proposalsDropped · f64 retiredTotal
 *   calibration: f64 sessions · u32 non-zero bins, each u16 index · f64 sessions
 *
 * Plain data in insertion order, never live objects: a restored model holds the same tables
 * in the same order, so it scores, explains and keeps learning exactly like the original.
 */
const MAGIC = 0x4d51534c; // "LSQM" as a little-endian u32
export const SNAPSHOT_VERSION = 1;

export function encodeModel(s: ModelState): Uint8Array {
  const w = new ByteWriter();
  w.u32(MAGIC);
  w.u16(SNAPSHOT_VERSION);
  w.u16(0);
  const o = s.options;
  w.f64(o.alarmProbability);
  w.f64(o.familyFalseAlarmRate);
  w.u8(o.orderHistory);
  w.u32(o.maxInvariants);
  w.u16(o.maxEvents);
  w.u32(o.maxContexts);
  w.u32(o.maxTransitions);
  w.u32(o.maxCountValues);
  w.u16(o.maxFindings);
  w.f64(s.sessions);

  const keys = s.vocabulary.list();
  w.u16(keys.length);
  for (const k of keys) {
    if (typeof k === 'string') {
      w.u8(0);
      w.str(k);
    } else {
      w.u8(1);
      w.f64(k);
    }
  }
  const ids: number[] = [];
  for (let id = 1; id <= keys.length; id++) ids.push(id);
  ids.push(UNKNOWN_ID);
  for (const id of ids) {
    w.f64(s.events.sessions[id]);
    w.f64(s.events.countOverflow[id]);
    const values = s.events.countValues[id];
    w.u32(values?.size ?? 0);
    if (values !== undefined) {
      for (const [count, n] of values) {
        w.f64(count);
        w.f64(n);
      }
    }
  }

  for (const table of s.orders) {
    w.f64(table.dropped);
    w.u32(table.contexts.size);
    for (const [history, stats] of table.contexts) {
      w.f64(history);
      w.f64(stats.sessions);
      w.f64(stats.overflow);
      w.u16(stats.next.size);
      for (const [next, n] of stats.next) {
        w.u16(next);
        w.f64(n);
      }
    }
  }

  const inv = s.invariants;
  w.u32(inv.relation.length);
  for (let slot = 0; slot < inv.relation.length; slot++) {
    w.u8(inv.relation[slot]);
    w.u16(inv.a[slot]);
    w.u16(inv.b[slot]);
    w.u16(inv.c[slot]);
    w.f64(inv.tests[slot]);
    w.f64(inv.violations[slot]);
  }
  w.u32(inv.freeSlots.length);
  for (const slot of inv.freeSlots) w.u32(slot);
  w.u32(inv.retired.size);
  for (const key of inv.retired) w.f64(key);
  w.f64(inv.proposalsDropped);
  w.f64(inv.retiredTotal);

  const cal = s.calibration;
  w.f64(cal.total);
  let nonZero = 0;
  for (let i = 0; i < cal.bins.length; i++) if (cal.bins[i] !== 0) nonZero++;
  w.u32(nonZero);
  for (let i = 0; i < cal.bins.length; i++) {
    if (cal.bins[i] === 0) continue;
    w.u16(i);
    w.f64(cal.bins[i]);
  }
  return w.finish();
}

/** Rebuilds a model state; throws `invalid_config` for anything but a valid version-1 snapshot. */
export function decodeModel(bytes: Uint8Array): ModelState {
  const r = new ByteReader(bytes, 'session model');
  if (bytes.length < 8 || r.u32() !== MAGIC) throw corruptSnapshot('not a session model snapshot');
  const version = r.u16();
  if (version !== SNAPSHOT_VERSION) throw corruptSnapshot(`version ${version} is not supported (this build reads version ${SNAPSHOT_VERSION})`);
  r.u16();
  let options;
  try {
    options = resolveSequenceOptions({
      alarmProbability: r.f64(),
      familyFalseAlarmRate: r.f64(),
      orderHistory: r.u8(),
      maxInvariants: r.u32(),
      maxEvents: r.u16(),
      maxContexts: r.u32(),
      maxTransitions: r.u32(),
      maxCountValues: r.u32(),
      maxFindings: r.u16(),
    });
  } catch (err) {
    throw corruptSnapshot(`bad options (${(err as Error).message})`);
  }
  const s = new ModelState(options);
  s.sessions = r.count();

  const keyCount = r.u16();
  if (keyCount > options.maxEvents) throw corruptSnapshot(`${keyCount} keys exceed maxEvents ${options.maxEvents}`);
  for (let i = 0; i < keyCount; i++) {
    const tag = r.u8();
    let key: EventKey;
    if (tag === 0) key = r.str();
    else if (tag === 1) key = r.f64();
    else throw corruptSnapshot(`bad key tag ${tag}`);
    if (s.vocabulary.intern(key) !== i + 1) throw corruptSnapshot(`duplicate event key ${String(key)}`);
  }
  const ids: number[] = [];
  for (let id = 1; id <= keyCount; id++) ids.push(id);
  ids.push(UNKNOWN_ID);
  for (const id of ids) {
    s.events.sessions[id] = r.count();
    s.events.countOverflow[id] = r.count();
    const n = r.u32();
    if (n > options.maxCountValues) throw corruptSnapshot(`too many count values for event id ${id}`);
    if (n > 0) {
      const values = new Map<number, number>();
      for (let i = 0; i < n; i++) values.set(r.count(), r.count());
      s.events.countValues[id] = values;
    }
  }
  const validId = (id: number): boolean => id <= keyCount || id === UNKNOWN_ID;

  for (const table of s.orders) {
    table.dropped = r.count();
    const n = r.u32();
    if (n > options.maxContexts) throw corruptSnapshot('too many histories');
    const limit = ID_RADIX ** table.history;
    for (let i = 0; i < n; i++) {
      const history = r.count();
      if (history >= limit) throw corruptSnapshot(`bad history key ${history}`);
      const stats = { sessions: r.count(), next: new Map<number, number>(), overflow: r.count() };
      const m = r.u16();
      if (table.transitions + m > options.maxTransitions) throw corruptSnapshot('too many transitions');
      table.transitions += m;
      for (let j = 0; j < m; j++) {
        const next = r.u16();
        if (!validId(next)) throw corruptSnapshot(`bad event id ${next}`);
        stats.next.set(next, r.count());
      }
      table.contexts.set(history, stats);
    }
  }

  const inv = s.invariants;
  const slots = r.u32();
  if (slots > options.maxInvariants) throw corruptSnapshot('too many invariant slots');
  for (let slot = 0; slot < slots; slot++) {
    const relation = r.u8();
    const a = r.u16();
    const b = r.u16();
    const c = r.u16();
    const tests = r.count();
    const violations = r.count();
    if (relation !== 0 && relation !== 1 && relation !== 255) throw corruptSnapshot(`bad relation ${relation}`);
    if (relation !== 255 && !(validId(a) && validId(b) && validId(c))) throw corruptSnapshot('bad invariant event id');
    inv.restoreSlot(slot, relation, a, b, c, tests, violations);
  }
  const free = r.u32();
  for (let i = 0; i < free; i++) {
    const slot = r.u32();
    if (slot >= slots || !inv.isFree(slot)) throw corruptSnapshot(`bad free slot ${slot}`);
    inv.freeSlots.push(slot);
  }
  const retired = r.u32();
  for (let i = 0; i < retired; i++) inv.retired.add(r.count());
  inv.proposalsDropped = r.count();
  inv.retiredTotal = r.count();

  const cal = s.calibration;
  cal.total = r.count();
  const nonZero = r.u32();
  for (let i = 0; i < nonZero; i++) {
    const index = r.u16();
    if (index >= FAMILY_TOTAL * BINS) throw corruptSnapshot(`bad calibration bin ${index}`);
    cal.bins[index] = r.count();
  }
  r.end();
  return s;
}

function corruptSnapshot(reason: string): LogsiftError {
  return new LogsiftError('invalid_config', `session model snapshot: ${reason}`);
}
