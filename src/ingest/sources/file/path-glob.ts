import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';

/** `**` descends at most this many directories (bounds a scan of a deep tree). */
const MAX_GLOBSTAR_DEPTH = 16;

type Segment = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'pattern'; readonly re: RegExp } | { readonly kind: 'globstar' };

function hasMagic(segment: string): boolean {
  return /[*?[]/.test(segment);
}

function segmentRegex(segment: string): RegExp {
  let re = '^';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = segment.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

/**
 * A compiled path pattern: `*`, `?`, `[abc]`/`[!abc]` within one path segment, `**` for any
 * number of directories. Hidden files match like any other. Compiled once; `expand` lists the
 * regular files that match now.
 */
export class PathGlob {
  private readonly root: string;
  private readonly segments: readonly Segment[];

  constructor(
    readonly pattern: string,
    cwd: string,
  ) {
    const absolute = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
    const parts = absolute.split(sep).filter((p) => p.length > 0);
    let i = 0;
    while (i < parts.length && !hasMagic(parts[i])) i++;
    this.root = sep + parts.slice(0, i).join(sep);
    this.segments = parts.slice(i).map((p): Segment => (p === '**' ? { kind: 'globstar' } : hasMagic(p) ? { kind: 'pattern', re: segmentRegex(p) } : { kind: 'literal', text: p }));
  }

  async expand(): Promise<string[]> {
    const out: string[] = [];
    if (this.segments.length === 0) {
      if (await isFile(this.root)) out.push(this.root);
      return out;
    }
    await this.walk(this.root, 0, 0, out);
    return out;
  }

  private async walk(dir: string, index: number, depth: number, out: string[]): Promise<void> {
    const seg = this.segments[index];
    const last = index === this.segments.length - 1;
    if (seg.kind === 'literal') {
      const path = join(dir, seg.text);
      if (last) {
        if (await isFile(path)) out.push(path);
      } else await this.walk(path, index + 1, depth, out);
      return;
    }
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // the directory does not exist (yet) or cannot be read: nothing matches there
    }
    if (seg.kind === 'globstar') {
      if (last) return;
      await this.walk(dir, index + 1, depth, out);
      if (depth >= MAX_GLOBSTAR_DEPTH) return;
      for (const e of entries) if (e.isDirectory()) await this.walk(join(dir, e.name), index, depth + 1, out);
      return;
    }
    for (const e of entries) {
      if (!seg.re.test(e.name)) continue;
      const path = join(dir, e.name);
      if (last) {
        if (e.isFile() || (e.isSymbolicLink() && (await isFile(path)))) out.push(path);
      } else if (e.isDirectory()) await this.walk(path, index + 1, depth, out);
    }
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false; // absent right now (rotation in progress): not a match this round
  }
}
