import { levelRank } from '../model/index.js';
import type { MinedEvent } from '../model/index.js';
import type { LogFilter } from './log-store.js';
import { attributeText, messageMatchesTerm, queryTerms } from './sqlite/terms.js';

/**
 * A filter as a predicate over events in memory, with exactly the meaning search gives it
 * (docs/search.md). Used by live tail and anything else that watches the stream.
 */
export type EventPredicate = (event: MinedEvent) => boolean;

export function compileEventMatcher(filter: Omit<LogFilter, 'tenant'>): EventPredicate {
  const terms = filter.text === null ? [] : queryTerms(filter.text);
  const services = filter.services.length > 0 ? new Set(filter.services) : null;
  const hosts = filter.hosts.length > 0 ? new Set(filter.hosts) : null;
  const levels = filter.levels.length > 0 ? new Set(filter.levels.map(levelRank)) : null;
  const templates = filter.templates.length > 0 ? new Set(filter.templates) : null;
  const { traceId, from, to } = filter;
  return (e) => {
    if (from !== null && e.ts < from) return false;
    if (to !== null && e.ts >= to) return false;
    if (services !== null && !services.has(e.service)) return false;
    if (hosts !== null && !hosts.has(e.host)) return false;
    if (levels !== null && !levels.has(levelRank(e.level))) return false;
    if (templates !== null && !templates.has(e.templateId)) return false;
    if (traceId !== null && e.traceId !== traceId) return false;
    if (terms.length > 0) {
      const message = e.message.toLowerCase();
      let attrs: string | null | undefined;
      for (const term of terms) {
        if (messageMatchesTerm(message, term)) continue;
        attrs ??= attributeText(e.attrs)?.toLowerCase() ?? null;
        if (attrs === null || !messageMatchesTerm(attrs, term)) return false;
      }
    }
    return true;
  };
}
