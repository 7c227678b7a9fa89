import type { LogEvent } from '../../api/types';

/** A separator the tail inserts: a pause, a filter change, a gap. */
export interface TailMarker {
  readonly marker: true;
  readonly id: string;
  readonly ts: number;
  readonly text: string;
  /** Start of a gap the user may want to search (ms since epoch), when there is one. */
  readonly gapFrom: number | null;
  readonly gapTo: number | null;
}

export type TailItem = LogEvent | TailMarker;

export function isMarker(item: TailItem): item is TailMarker {
  return 'marker' in item;
}

/**
 * The lines a live tail shows, bounded: past `capacity` the oldest go (counted in `trimmed`).
 * Trimming happens in steps of a tenth of the capacity so it costs little per appended line.
 */
export class TailBuffer {
  private items: TailItem[] = [];
  /** Items dropped from the front since the start. */
  trimmed = 0;
  /** Lines (not markers) appended since the start. */
  received = 0;
  private markers = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  at(i: number): TailItem | undefined {
    return this.items[i];
  }

  last(): TailItem | undefined {
    return this.items[this.items.length - 1];
  }

  appendLines(lines: readonly LogEvent[]): void {
    for (let i = 0; i < lines.length; i++) this.items.push(lines[i]);
    this.received += lines.length;
    this.trim();
  }

  mark(text: string, gapFrom: number | null = null, gapTo: number | null = null): void {
    this.items.push({ marker: true, id: `marker-${++this.markers}`, ts: Date.now(), text, gapFrom, gapTo });
    this.trim();
  }

  clear(): void {
    this.trimmed += this.items.length;
    this.items = [];
  }

  private trim(): void {
    const excess = this.items.length - this.capacity;
    if (excess <= this.capacity / 10) return;
    this.items = this.items.slice(excess);
    this.trimmed += excess;
  }
}
