import { FormatDetector } from './detect-format.js';
import { BuiltinFormats } from './formats/builtin-formats.js';
import type { BuiltinFormatName } from './formats/builtin-formats.js';
import { HeaderRecordFormat } from './formats/header-record-format.js';
import type { JsonRecordMapper } from './formats/json-format.js';
import type { TextFormat } from './formats/text-format.js';
import { BoundedLruMap } from './internal/bounded-lru-map.js';
import { StreamFormatState } from './stream-format-state.js';

/** Compiled header patterns kept (a deployment normally has a handful). */
const MAX_HEADER_PATTERNS = 64;

/**
 * Where a parser gets its text formats: the built-ins, compiled header patterns (cached), and
 * the per-stream detected format (a bounded LRU of `StreamFormatState`).
 */
export class FormatRegistry {
  readonly builtins: BuiltinFormats;
  private readonly detector = new FormatDetector();
  private readonly streams: BoundedLruMap<string, StreamFormatState>;
  private readonly headers = new BoundedLruMap<string, HeaderRecordFormat>(MAX_HEADER_PATTERNS);

  constructor(mapper: JsonRecordMapper, maxStreams: number) {
    this.builtins = new BuiltinFormats(mapper);
    this.streams = new BoundedLruMap(maxStreams);
  }

  builtin(name: BuiltinFormatName): TextFormat {
    return this.builtins.get(name);
  }

  /** The compiled header format. Throws `LogsiftError('invalid_config')` for a bad pattern (validate with `parseFormatSpec`). */
  header(pattern: string): HeaderRecordFormat {
    let f = this.headers.get(pattern);
    if (f === undefined) {
      f = HeaderRecordFormat.compile(pattern);
      this.headers.set(pattern, f);
    }
    return f;
  }

  /**
   * The stream's remembered format state, detecting the format from `lines[from…]` when the
   * stream is new. Null when there is nothing to detect from yet (no usable line).
   */
  stream(key: string, lines: readonly unknown[], from: number, receivedAt: number): StreamFormatState | null {
    const known = this.streams.get(key);
    if (known !== undefined) return known;
    const name = this.detector.detect(lines, from, receivedAt);
    if (name === null) return null;
    const state = new StreamFormatState(name);
    this.streams.set(key, state);
    return state;
  }

  /** Detects again from `lines[from…]` and records the result in `stream` (no change if there is nothing to look at). */
  redetect(stream: StreamFormatState, lines: readonly unknown[], from: number, receivedAt: number): void {
    const name = this.detector.detect(lines, from, receivedAt);
    if (name !== null) stream.redetected(name);
  }

  /** Streams remembered now. */
  get streamCount(): number {
    return this.streams.size;
  }

  /** Streams forgotten to make room for newer ones, since construction. */
  get streamEvictions(): number {
    return this.streams.evictions;
  }
}
