import type { MinedEvent } from '../../model/index.js';
import { StructuralTerms } from './structural-terms.js';
import type { TemplateConstantsCache } from './template-constants-cache.js';
import { addRowTerms, attributeText } from './terms.js';

/** Most rows per index block. Larger blocks index faster; smaller ones scan less per hit. */
export const BLOCK_ROWS = 128;
/** Most event time one block spans, ms; bounds how far a block's rows reach below its key. */
export const BLOCK_SPAN_MS = 60_000;

/**
 * How a batch's rows are written: in time order (so rowkeys ascend and each index block
 * covers a contiguous range), cut into index blocks, each with its search document (the union
 * of its rows' terms, see terms.ts). Worked out before the batch reaches the writer thread,
 * which then only inserts: the writer is the one part of ingest that cannot run in parallel.
 */
export interface BlockPlan {
  /** Row indexes in time order (stable). */
  readonly order: Uint32Array;
  /** Exclusive end, in `order`, of each block. */
  readonly blockEnds: Uint32Array;
  /** Space-separated index terms of each block. */
  readonly blockTerms: readonly string[];
}

/** Plans blocks for batches; holds per-value caches, so one planner serves a store. */
export class BlockPlanner {
  private readonly structural = new StructuralTerms();
  private readonly terms = new Set<string>();
  // Scratch reused across rows so the hot loop allocates little.
  private readonly scratchTokens: string[] = [];
  private readonly scratchSeen = new Set<string>();

  constructor(private readonly constants: TemplateConstantsCache) {}

  /** `ts` and `level` are the batch's columns as the writer gets them (level as its rank). */
  plan(events: readonly MinedEvent[], ts: Float64Array, level: Uint8Array, templates: ReadonlyMap<number, string>): BlockPlan {
    const n = events.length;
    const order = sortedByTs(ts, n);
    const ends: number[] = [];
    const docs: string[] = [];
    const terms = this.terms;
    const closeBlock = (end: number): void => {
      ends.push(end);
      docs.push([...terms].join(' '));
      terms.clear();
    };
    terms.clear();
    let blockStart = 0;
    for (let o = 0; o < n; o++) {
      const i = order[o];
      if (o > blockStart && (o - blockStart >= BLOCK_ROWS || ts[i] - ts[order[blockStart]] > BLOCK_SPAN_MS)) {
        closeBlock(o);
        blockStart = o;
      }
      const e = events[i];
      this.structural.addTo(terms, e.service, e.host, level[i], e.templateId, e.traceId);
      const constants = this.constants.get(e.templateId, templates.get(e.templateId));
      addRowTerms(e.message, attributeText(e.attrs), constants, terms, this.scratchTokens, this.scratchSeen);
    }
    if (n > 0) closeBlock(n);
    return { order, blockEnds: Uint32Array.from(ends), blockTerms: docs };
  }
}

/** Indexes 0…n-1 ordered by ts (stable), without sorting when already in order. */
function sortedByTs(ts: Float64Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && ts[i] < ts[i - 1]) sorted = false;
  }
  if (!sorted) order.sort((a, b) => ts[a] - ts[b] || a - b);
  return order;
}
