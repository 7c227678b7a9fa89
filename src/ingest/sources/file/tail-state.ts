import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LogsiftError } from '../../../model/index.js';

/** What is remembered per file between runs. */
export interface TailFileState {
  /** `dev:ino` of the file. */
  readonly key: string;
  readonly path: string;
  /** Bytes acknowledged by the server: everything before this offset is stored. */
  readonly offset: number;
  /** Truncations seen so far; part of the batch ids so a rewritten file never looks like a resend. */
  readonly generation: number;
  /** SHA-1 (hex) of the file's first `fingerprintBytes` bytes: tells a reused inode from the same file. */
  readonly fingerprint: string;
  readonly fingerprintBytes: number;
  /** Last time the file was seen, ms since epoch. */
  readonly seenAt: number;
}

const VERSION = 1;
/** Files remembered at most; the least recently seen are forgotten first. */
const MAX_FILES = 10_000;
/** A file not seen for this long is forgotten, ms. */
const FORGET_AFTER_MS = 14 * 86_400_000;

/**
 * The offsets file of a tailer: a small versioned JSON document, replaced atomically (write to
 * a temporary file, then rename) so a crash leaves either the old or the new state, never a
 * torn one. Bounded to `MAX_FILES` entries.
 */
export class TailStateFile {
  constructor(readonly path: string) {}

  async load(): Promise<Map<string, TailFileState>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw new LogsiftError('invalid_config', `cannot read tail state ${this.path}: ${(err as Error).message}`);
    }
    let doc: { version?: unknown; files?: unknown };
    try {
      doc = JSON.parse(text) as { version?: unknown; files?: unknown };
    } catch (err) {
      throw new LogsiftError('invalid_config', `tail state ${this.path} is not valid JSON (${(err as Error).message}); fix or remove it`);
    }
    if (doc.version !== VERSION || !Array.isArray(doc.files)) {
      throw new LogsiftError('invalid_config', `tail state ${this.path} has an unknown format (version ${JSON.stringify(doc.version)})`);
    }
    const out = new Map<string, TailFileState>();
    for (const f of doc.files as TailFileState[]) {
      if (typeof f?.key === 'string' && Number.isSafeInteger(f.offset)) out.set(f.key, f);
    }
    return out;
  }

  private saving: Promise<void> = Promise.resolve();

  /** Replaces the file with `files`. Saves run one after another, never interleaved. */
  save(files: ReadonlyMap<string, TailFileState>, now: number): Promise<void> {
    const next = this.saving.then(() => this.write(files, now));
    this.saving = next.catch(() => undefined); // the caller gets the error; the chain goes on
    return next;
  }

  private async write(files: ReadonlyMap<string, TailFileState>, now: number): Promise<void> {
    const kept = [...files.values()].filter((f) => now - f.seenAt < FORGET_AFTER_MS).sort((a, b) => b.seenAt - a.seenAt).slice(0, MAX_FILES);
    const tmp = `${this.path}.tmp`;
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(tmp, JSON.stringify({ version: VERSION, files: kept }) + '\n');
    await rename(tmp, this.path);
  }
}
