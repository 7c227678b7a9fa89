/**
 * The parameter values of a message under its template, found client-side by matching the
 * template's constant text in order (the same rule the miner's extractor follows). Null when
 * the message does not fit the template (e.g. a generalised template's older line).
 */
export function extractParams(template: string, message: string): string[] | null {
  const parts = template.split('<*>');
  if (parts.length === 1) return template === message ? [] : null;
  const escaped = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Lazy groups, anchored both ends: each parameter takes the shortest run before the next constant.
  const re = new RegExp(`^${escaped.join('([\\s\\S]*?)')}$`);
  const m = re.exec(message);
  return m === null ? null : m.slice(1);
}
