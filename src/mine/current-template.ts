import type { TemplateId } from '../model/index.js';
import type { MinedTemplate } from './template-miner.js';

/** Hops followed at most: a corrupt lineage with a cycle must not hang a caller. */
const MAX_HOPS = 64;

/**
 * The template an id resolved to after every generalisation since: `replacedBy` followed while
 * the successor is still known. The template itself when it never generalised; undefined when
 * the id is unknown.
 */
export function currentTemplate(templates: { get(id: TemplateId): MinedTemplate | undefined }, id: TemplateId): MinedTemplate | undefined {
  let t = templates.get(id);
  for (let hop = 0; hop < MAX_HOPS && t !== undefined && t.replacedBy !== null; hop++) {
    const next = templates.get(t.replacedBy);
    if (next === undefined) break;
    t = next;
  }
  return t;
}
