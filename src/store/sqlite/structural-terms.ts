import { hostTerm, levelTerm, serviceTerm, templateTerm, traceTerm } from './terms.js';

/** Most cached values per kind before the cache is reset. */
const CAPACITY = 50_000;

/**
 * The structural part of a row's index document, with the per-value strings cached:
 * services, hosts and templates repeat across millions of rows.
 */
export class StructuralTerms {
  private readonly services = new Map<string, string>();
  private readonly hosts = new Map<string, string>();
  private readonly templates = new Map<number, string>();
  private readonly levels = [0, 1, 2, 3, 4, 5].map(levelTerm);

  document(service: string, host: string, level: number, template: number, trace: string | null): string {
    let doc =
      cached(this.services, service, serviceTerm) +
      ' ' +
      cached(this.hosts, host, hostTerm) +
      ' ' +
      (this.levels[level] ?? levelTerm(level)) +
      ' ' +
      cached(this.templates, template, templateTerm);
    if (trace !== null) doc += ' ' + traceTerm(trace);
    return doc;
  }
}

function cached<K>(map: Map<K, string>, key: K, make: (key: K) => string): string {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= CAPACITY) map.clear();
    v = make(key);
    map.set(key, v);
  }
  return v;
}
