import type { ResolvedMinerOptions } from '../miner-options.js';
import { ByteReader, ByteWriter, corrupt } from './byte-codec.js';
import { TYPE_COUNT } from './param-type-code.js';
import { TemplateRecord } from './template-record.js';

/** Counters that survive a snapshot. */
export interface MinerCounters {
  lines: number;
  evictedTemplates: number;
  truncatedLines: number;
  blobTokens: number;
  evictedSignatures: number;
}

/** Everything `snapshot()` saves: plain data, never live objects (records are rebuilt). */
export interface MinerState {
  readonly options: ResolvedMinerOptions;
  readonly counters: MinerCounters;
  readonly created: number;
  readonly generalised: number;
  /** Every template held (current and replaced), in insertion order. */
  readonly records: readonly TemplateRecord[];
  /** Current templates, in group order (clustering visits them in this order). */
  readonly current: readonly TemplateRecord[];
  readonly pins: readonly TemplateRecord[];
}

/**
 * Snapshot layout, version 1 (all numbers little-endian; strings are u32 length + UTF-8):
 *
 *   magic "LSTM" · u16 version · u16 flags (0)
 *   counters: f64 lines, evictedTemplates, truncatedLines, blobTokens, evictedSignatures, created, generalised
 *   u32 records, then per record:
 *     f64 id · u8 flags (1 = pinned) · f64 count, lastSeen, credit, creditCount · f64 replacedBy (-1 = none)
 *     u16 keys + str each · u32 tokens + str each · bytes newlines · bytes soft
 *     u32 ancestors + f64 each · per slot: u8 hasName (+ str) · u8 majority type · f64 its votes
 *   u32 current + f64 id each (group order) · u32 pins + f64 id each
 *
 * The masked-signature cache is not saved: it refills from the templates as lines arrive.
 * Options are not saved either: the restoring miner keeps its own configuration.
 */
const MAGIC = 0x4d54534c; // "LSTM" read as little-endian u32
export const SNAPSHOT_VERSION = 1;

export function encodeSnapshot(state: MinerState): Uint8Array {
  const w = new ByteWriter();
  w.u32(MAGIC);
  w.u16(SNAPSHOT_VERSION);
  w.u16(0);
  const c = state.counters;
  for (const v of [c.lines, c.evictedTemplates, c.truncatedLines, c.blobTokens, c.evictedSignatures, state.created, state.generalised]) w.f64(v);
  w.u32(state.records.length);
  for (const r of state.records) {
    w.f64(r.id);
    w.u8(r.pinned ? 1 : 0);
    w.f64(r.count);
    w.f64(r.lastSeen);
    w.f64(r.credit);
    w.f64(r.creditCount);
    // A successor evicted by the cap is not saved: the record is then only history.
    w.f64(r.replacedBy === null || r.replacedBy.evicted ? -1 : r.replacedBy.id);
    w.u16(r.keys.length);
    for (const k of r.keys) w.str(k);
    w.u32(r.tokens.length);
    for (const t of r.tokens) w.str(t);
    w.bytes(Uint8Array.from(r.newlineFlags()));
    w.bytes(Uint8Array.from(r.softFlags()));
    w.u32(r.ancestors.length);
    for (const a of r.ancestors) w.f64(a);
    for (let s = 0; s < r.slotCount; s++) {
      const name = r.slotNames[s];
      w.u8(name === null ? 0 : 1);
      if (name !== null) w.str(name);
      w.u8(r.slotType(s));
      w.f64(r.slotVotes(s));
    }
  }
  w.u32(state.current.length);
  for (const r of state.current) w.f64(r.id);
  w.u32(state.pins.length);
  for (const r of state.pins) w.f64(r.id);
  return w.finish();
}

/** Decoded snapshot: records rebuilt and linked. Options are left to the caller. */
export type DecodedState = Omit<MinerState, 'options'>;

export function decodeSnapshot(data: Uint8Array): DecodedState {
  const r = new ByteReader(data);
  if (r.u32() !== MAGIC) throw corrupt('not a template miner snapshot');
  const version = r.u16();
  if (version !== SNAPSHOT_VERSION) throw corrupt(`unsupported template miner snapshot version ${version} (this build reads ${SNAPSHOT_VERSION})`);
  r.u16();
  const [lines, evictedTemplates, truncatedLines, blobTokens, evictedSignatures, created, generalised] = [r.f64(), r.f64(), r.f64(), r.f64(), r.f64(), r.f64(), r.f64()];
  const n = r.u32();
  const records: TemplateRecord[] = [];
  const byId = new Map<number, TemplateRecord>();
  const successors = new Map<TemplateRecord, number>();
  for (let i = 0; i < n; i++) {
    const id = r.f64();
    const flags = r.u8();
    const count = r.f64();
    const lastSeen = r.f64();
    const credit = r.f64();
    const creditCount = r.f64();
    const replacedBy = r.f64();
    const keys: string[] = [];
    for (let k = r.u16(); k > 0; k--) keys.push(r.str());
    const tokens: string[] = [];
    for (let k = r.u32(); k > 0; k--) tokens.push(r.str());
    const newlines = r.bytes();
    const soft = r.bytes();
    if (newlines.length !== tokens.length || soft.length !== tokens.length) throw corrupt('snapshot record has inconsistent token data');
    const ancestors: number[] = [];
    for (let k = r.u32(); k > 0; k--) ancestors.push(r.f64());
    const keysKey = keys.join('\u001f');
    const groupKey = keysKey + '\u0002' + tokens.length;
    const rec = new TemplateRecord(id, tokens, newlines, soft, keys, keysKey, groupKey, ancestors, (flags & 1) !== 0);
    rec.count = count;
    rec.lastSeen = lastSeen;
    rec.credit = credit;
    rec.creditCount = creditCount;
    for (let s = 0; s < rec.slotCount; s++) {
      if (r.u8() === 1) rec.slotNames[s] = r.str();
      const type = r.u8();
      if (type >= TYPE_COUNT) throw corrupt('snapshot has an unknown parameter type');
      rec.setSlotStats(s, type, r.f64());
    }
    if (replacedBy >= 0) successors.set(rec, replacedBy);
    records.push(rec);
    byId.set(id, rec);
  }
  for (const [rec, next] of successors) {
    const target = byId.get(next);
    if (target === undefined) throw corrupt(`snapshot template ${rec.id} points to a missing successor`);
    rec.replacedBy = target;
  }
  const current: TemplateRecord[] = [];
  for (let k = r.u32(); k > 0; k--) current.push(lookup(byId, r.f64()));
  const pins: TemplateRecord[] = [];
  for (let k = r.u32(); k > 0; k--) pins.push(lookup(byId, r.f64()));
  if (!r.done) throw corrupt('snapshot has trailing bytes');
  return {
    counters: { lines, evictedTemplates, truncatedLines, blobTokens, evictedSignatures },
    created,
    generalised,
    records,
    current,
    pins,
  };
}

function lookup(byId: Map<number, TemplateRecord>, id: number): TemplateRecord {
  const t = byId.get(id);
  if (t === undefined) throw corrupt(`snapshot refers to unknown template ${id}`);
  return t;
}
