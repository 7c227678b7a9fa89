import type { MinedEvent } from '../../model/index.js';
import { levelRank } from '../../model/index.js';
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

  plan(events: readonly MinedEvent[], templates: ReadonlyMap<number, string>): BlockPlan {
    const n = events.length;
    const order = sortedByTs(events);
    const ends: number[] = [];
    const docs: string[] = [];
    const terms = this.terms;
    terms.clear();
    let blockRows = 0;
    let blockStartTs = 0;
    for (let o = 0; o < n; o++) {
      const e = events[order[o]];
      if (blockRows > 0 && (blockRows >= BLOCK_ROWS || e.ts - blockStartTs > BLOCK_SPAN_MS)) {
        ends.push(o);
        docs.push([...terms].join(' '));
        terms.clear();
        blockRows = 0;
      }
      if (blockRows === 0) blockStartTs = e.ts;
      this.structural.addTo(terms, e.service, e.host, levelRank(e.level), e.templateId, e.traceId);
      const constants = this.constants.get(e.templateId, templates.get(e.templateId));
      addRowTerms(e.message, attributeText(e.attrs), constants, terms, this.scratchTokens, this.scratchSeen);
      blockRows++;
    }
    if (blockRows > 0) {
      ends.push(n);
      docs.push([...terms].join(' '));
      terms.clear();
    }
    return { order, blockEnds: Uint32Array.from(ends), blockTerms: docs };
  }
}

/** Indexes 0…n-1 ordered by ts (stable), without sorting when already in order. */
function sortedByTs(events: readonly MinedEvent[]): Uint32Array {
  const n = events.length;
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && events[i].ts < events[i - 1].ts) sorted = false;
  }
  if (!sorted) order.sort((a, b) => events[a].ts - events[b].ts || a - b);
  return order;
}
