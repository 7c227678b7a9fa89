import { compileTemplatePattern } from '../extract-params.js';
import type { TemplateRecord } from './template-record.js';

/** A user-pinned template and its compiled pattern. */
export interface Pin {
  readonly record: TemplateRecord;
  readonly pattern: RegExp;
}

/**
 * User pins, in pin order (the first matching pin wins). Pins are tested only on lines whose
 * signature a pin matched when the signature was first seen, so unpinned traffic pays nothing.
 */
export class PinSet {
  private pins: Pin[] = [];

  get size(): number {
    return this.pins.length;
  }

  list(): readonly Pin[] {
    return this.pins;
  }

  add(record: TemplateRecord): void {
    if (this.pins.some((p) => p.record === record)) return;
    this.pins.push({ record, pattern: compileTemplatePattern(record.text) });
  }

  remove(id: number): TemplateRecord | null {
    const i = this.pins.findIndex((p) => p.record.id === id);
    if (i < 0) return null;
    const [p] = this.pins.splice(i, 1);
    return p.record;
  }

  /** Pins that match `message`, in pin order, or null when none does. */
  matching(message: string): Pin[] | null {
    let out: Pin[] | null = null;
    for (const p of this.pins) {
      if (p.pattern.test(message)) (out ??= []).push(p);
    }
    return out;
  }

  clear(): void {
    this.pins = [];
  }
}
