import type { MinedEvent } from '../model/index.js';

/** Events of one committed batch: only those stored (duplicates are left out), with their ids. */
export interface CommittedEvents {
  readonly tenant: string;
  readonly events: readonly MinedEvent[];
  /** Store ids, parallel to `events`. */
  readonly ids: readonly string[];
}

/** Receives every committed batch, in commit order. Must not throw and must return quickly. */
export type EventListener = (batch: CommittedEvents) => void;

/**
 * Fans committed events out to live tail and detectors. Synchronous and bounded by its
 * listeners: a listener that needs to do slow work queues it itself (and counts drops).
 */
export class EventBus {
  private listeners: readonly EventListener[] = [];
  private failures = 0;

  subscribe(listener: EventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.length;
  }

  /** Listener exceptions caught so far (a listener bug must not fail ingest). */
  get listenerFailures(): number {
    return this.failures;
  }

  publish(batch: CommittedEvents): void {
    if (batch.events.length === 0) return;
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch (err) {
        this.failures++;
        process.emitWarning(`event listener failed: ${(err as Error).message}`);
      }
    }
  }
}
