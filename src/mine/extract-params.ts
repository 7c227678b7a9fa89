const WILDCARD = '<*>';
const SPECIALS = /[.*+?^${}()|[\]\\]/g;

/**
 * Compiles a template text into an anchored pattern: literal text matches itself, any run of
 * whitespace matches any run of whitespace (templates keep one space where the line may have
 * several), and each `<*>` captures the shortest text that lets the rest match.
 */
export function compileTemplatePattern(templateText: string): RegExp {
  const parts = templateText.trim().split(WILDCARD);
  let source = '^\\s*';
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) source += '([\\s\\S]*?)';
    source += parts[i].replace(SPECIALS, '\\$&').replace(/\s+/g, '\\s+');
  }
  return new RegExp(source + '\\s*$');
}

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 1024;

/**
 * Re-extracts the parameter values of `message` for the template it was mined to, so a store
 * can keep only the message and the template id. Returns the values in `<*>` order, or null
 * when the message does not fit the template. Patterns are cached (bounded, 1,024 templates).
 */
export function extractParams(templateText: string, message: string): string[] | null {
  let re = cache.get(templateText);
  if (re === undefined) {
    re = compileTemplatePattern(templateText);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(templateText, re);
  }
  const m = re.exec(message);
  if (m === null) return null;
  return m.slice(1);
}
