import { LogsiftError } from '../../model/index.js';

/**
 * A compiled user header format such as `<Date> <Time> <Level> <Component>: <Content>`
 * (the Loghub convention, see shared/datasets/loghub-2k/FORMATS.md):
 *
 * - `<Name>` is a field; `<Content>` is the message, every other field is metadata.
 * - A run of spaces matches one or more whitespace characters.
 * - Fields match lazily and the whole line is anchored at both ends.
 * - `\[`, `\]`, `\|`, `\(`, `\)` are literals; `( … )?` is an optional group.
 *   For convenience an unescaped `[`, `]`, `|`, `.`, `{`, `}`, `+`, `*`, `^`, `$` is also a literal.
 */
export interface HeaderFormat {
  readonly pattern: string;
  /** Field names in the order they appear, including `Content` if present. */
  readonly fields: readonly string[];
  /** Field values in `fields` order, or null when the line does not match. Missing optional fields are ''. */
  match(line: string): string[] | null;
}

const FIELD = /<([A-Za-z_][A-Za-z0-9_]*)>/g;
const LITERAL_SPECIALS = new Set(['[', ']', '|', '.', '{', '}', '+', '*', '^', '$']);

export function compileHeaderFormat(pattern: string): HeaderFormat {
  const fields: string[] = [];
  let source = '';
  let last = 0;
  for (const m of pattern.matchAll(FIELD)) {
    const name = m[1];
    if (fields.includes(name)) {
      throw new LogsiftError('invalid_config', `header format repeats field <${name}>: ${pattern}`);
    }
    source += literalToRegex(pattern.slice(last, m.index));
    fields.push(name);
    // Lazy, and allowed to span lines so a joined multi-line record keeps its tail in Content.
    source += `(?<${name}>[\\s\\S]*?)`;
    last = m.index + m[0].length;
  }
  source += literalToRegex(pattern.slice(last));
  if (fields.length === 0) {
    throw new LogsiftError('invalid_config', `header format has no <Field>: ${pattern}`);
  }
  let re: RegExp;
  try {
    re = new RegExp(`^${source}$`);
  } catch (err) {
    throw new LogsiftError('invalid_config', `header format is not valid: ${pattern} (${(err as Error).message})`);
  }
  return new CompiledHeaderFormat(pattern, fields, re);
}

class CompiledHeaderFormat implements HeaderFormat {
  constructor(
    readonly pattern: string,
    readonly fields: readonly string[],
    private readonly re: RegExp,
  ) {}

  match(line: string): string[] | null {
    const m = this.re.exec(line);
    if (m === null || m.groups === undefined) return null;
    const out = new Array<string>(this.fields.length);
    for (let i = 0; i < this.fields.length; i++) out[i] = m.groups[this.fields[i]] ?? '';
    return out;
  }
}

/** Turns the literal text between fields into a regex fragment (see the rules above). */
function literalToRegex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      out += c + text[i + 1];
      i++;
    } else if (c === ' ') {
      while (text[i + 1] === ' ') i++;
      out += '\\s+';
    } else if (LITERAL_SPECIALS.has(c)) {
      out += '\\' + c;
    } else {
      out += c;
    }
  }
  return out;
}
