import type { TemplateId } from '../model/index.js';

/**
 * The id of a template: a 52-bit hash of its text and its attribute keys. Derived only from
 * what the template is, so the same text gets the same id after a restart and on every worker,
 * and a text never changes under an id. Two independent 32-bit string hashes (FNV-1a and a
 * multiply-rotate hash, each finished with an avalanche mix) supply 20 + 32 bits.
 * Collisions are negligible at the template cap (50,000 templates: about 3e-7).
 */
export function templateIdOf(text: string, keys: readonly string[] | null): TemplateId {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  const feed = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 = (h2 << 13) | (h2 >>> 19);
    }
  };
  if (keys !== null && keys.length > 0) {
    for (const k of keys) {
      feed(k);
      h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
      h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
    }
    h1 = Math.imul(h1 ^ 0x1e, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1e, 0x5bd1e995);
  }
  feed(text);
  h1 = fmix(h1 ^ text.length);
  h2 = fmix(h2 ^ Math.imul(text.length, 0x27d4eb2d));
  // 20 high bits from h1, 32 low bits from h2.
  return (h1 >>> 12) * 0x1_0000_0000 + (h2 >>> 0);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
