/** What the model must answer: JSON with exactly these fields. */
export interface ModelAnswer {
  readonly summary: string;
  readonly rootCause: string | null;
  readonly remediation: readonly string[];
}

/** The JSON schema sent with the request (servers that support `json_schema` enforce it). */
export const MODEL_ANSWER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'rootCause', 'remediation'],
  properties: {
    summary: { type: 'string', description: 'What happened, since when, where, how bad; 1-4 sentences.' },
    rootCause: { type: ['string', 'null'], description: 'The most likely cause given the evidence, or null when the evidence does not point to one.' },
    remediation: { type: 'array', maxItems: 8, items: { type: 'string' }, description: 'Concrete next steps, first one first.' },
  },
} as const;

const MAX_SUMMARY = 4000;
const MAX_STEP = 600;
const MAX_STEPS = 8;

/**
 * Parses and validates a model's answer: the JSON object (optionally inside a ```json fence or
 * surrounded by prose), with `summary` a non-empty string, `rootCause` a string or null, and
 * `remediation` an array of strings. Returns null for anything else.
 */
export function parseModelAnswer(text: string): ModelAnswer | null {
  const json = extractJson(text);
  if (json === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const root = o.rootCause ?? o.root_cause ?? null;
  const steps = o.remediation ?? o.remediationSteps ?? o.steps;
  if (typeof o.summary !== 'string' || o.summary.trim() === '') return null;
  if (root !== null && typeof root !== 'string') return null;
  if (!Array.isArray(steps) || !steps.every((s) => typeof s === 'string')) return null;
  return {
    summary: o.summary.trim().slice(0, MAX_SUMMARY),
    rootCause: root === null || root.trim() === '' ? null : root.trim().slice(0, MAX_SUMMARY),
    remediation: (steps as string[]).map((s) => s.trim()).filter((s) => s !== '').slice(0, MAX_STEPS).map((s) => s.slice(0, MAX_STEP)),
  };
}

function extractJson(text: string): string | null {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const body = fenced !== null ? fenced[1] : text;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  return start >= 0 && end > start ? body.slice(start, end + 1) : null;
}
