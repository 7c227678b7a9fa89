import type { BuiltinFormatName } from './formats/builtin-formats.js';

/** Record-start lines checked before the first verdict on a detected format. */
const BASE_WINDOW = 64;
/** Longest interval between re-checks of a stream whose format keeps being confirmed. */
const MAX_WINDOW = 8192;

/**
 * What the parser remembers about one auto-detected stream: its format and how well recent
 * lines matched it. After each window of record-start lines, a stream where most lines
 * missed is due a re-detection; `plain` never "matches", so plain streams are re-checked on
 * the same schedule. A re-detection that confirms the format doubles the window (up to
 * `MAX_WINDOW`), so steady streams pay for detection rarely.
 */
export class StreamFormatState {
  private checked = 0;
  private missed = 0;
  private window = BASE_WINDOW;

  constructor(public format: BuiltinFormatName) {}

  /** Counts one record-start line. Returns true when the stream is due a re-detection. */
  record(matched: boolean): boolean {
    this.checked++;
    if (!matched) this.missed++;
    if (this.checked < this.window) return false;
    const due = this.missed * 2 > this.checked;
    this.checked = 0;
    this.missed = 0;
    return due;
  }

  /** Applies a re-detection's result. */
  redetected(format: BuiltinFormatName): void {
    if (format === this.format) {
      this.window = Math.min(this.window * 2, MAX_WINDOW);
    } else {
      this.format = format;
      this.window = BASE_WINDOW;
    }
  }
}
