import type { Level } from './level.js';

/**
 * Template ids are unsigned integers below 2^52 so they stay exact in a JS number
 * and in SQLite INTEGER. They are shown to users as 13 hex digits.
 * A template id's text never changes: when the miner generalises a template it
 * issues a new id and records the old one as its ancestor.
 */
export type TemplateId = number;

export const TEMPLATE_ID_HEX_DIGITS = 13;

export function formatTemplateId(id: TemplateId): string {
  return id.toString(16).padStart(TEMPLATE_ID_HEX_DIGITS, '0');
}

export function parseTemplateId(text: string): TemplateId | null {
  if (!/^[0-9a-f]{1,13}$/i.test(text)) return null;
  return Number.parseInt(text, 16);
}

/** The wildcard a template uses for a parameter position. */
export const WILDCARD = '<*>';

/** Kind of value a template parameter holds. */
export const PARAM_TYPES = [
  'number',
  'hex',
  'ip',
  'uuid',
  'path',
  'url',
  'email',
  'duration',
  'size',
  'timestamp',
  'word',
] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export type LevelCounts = Record<Level, number>;

/** A mined pattern with its statistics, as the API shows it. */
export interface Template {
  readonly tenant: string;
  readonly id: TemplateId;
  readonly text: string;
  readonly count: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly levels: Readonly<LevelCounts>;
  readonly services: readonly string[];
  readonly sample: string;
}

export function emptyLevelCounts(): LevelCounts {
  return { trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0 };
}
