import type { MinedTemplate } from '../mine/index.js';
import type { Anomaly, MinedEvent, TemplateId } from '../model/index.js';
import type { ClosedWindow } from './detection-window.js';

/** An anomaly as a detector reports it; the runner adds id, tenant, detection time and links. */
export type AnomalyDraft = Omit<Anomaly, 'id' | 'tenant' | 'detectedAt' | 'incidentId' | 'noise'>;

/** Template facts (slot types and names, ancestors) from the tenant's miner. */
export interface TemplateLookup {
  get(id: TemplateId): MinedTemplate | undefined;
}

/** What the runner injects into every detector it creates (Settings, as opposed to user Config). */
export interface DetectorSettings {
  readonly tenant: string;
  /** Width of the detection windows, ms. */
  readonly windowMs: number;
  readonly templates: TemplateLookup;
  /** Where a detector reports something odd about itself (never about the data). */
  readonly warn: (message: string) => void;
}

/**
 * A streaming detector for one tenant. It keeps state per service (and template) inside, bounded
 * by its config, and sees events twice: `observe` for each event as it arrives (only the
 * detectors that need single events do work there), then `closeWindow` once per closed window,
 * in window order, with the window's counts. All methods are synchronous and must not throw on
 * odd data.
 *
 * Lifecycle: `start()` returns at once; `stop()` is idempotent, safe before `start()`, and
 * honours an AbortSignal (detectors hold no I/O, so it only marks the detector stopped).
 */
export interface Detector {
  readonly type: string;
  start(): void;
  /** One accepted event; `window` is the index of the (open) window it falls in. */
  observe(event: MinedEvent, id: string, window: number): void;
  /** Judges a closed window, appends what it finds to `out`, then learns from the window. */
  closeWindow(window: ClosedWindow, out: AnomalyDraft[]): void;
  /** Versioned binary snapshot of what it learned (plain values, never live objects). */
  snapshot(): Uint8Array;
  /** Replaces the learned state; throws `invalid_config` on an unknown version or corrupt bytes. */
  restore(bytes: Uint8Array): void;
  /** Counters about itself, including everything its bounds dropped. */
  stats(): Readonly<Record<string, number>>;
  stop(signal?: AbortSignal): Promise<void>;
}

/** The only way to make a detector: a type name, the defaults, a validating config parser and `create`. */
export interface DetectorFactory<C extends object> {
  readonly type: string;
  readonly defaultConfig: C;
  /** Validates and freezes a user config (undefined = defaults); throws `invalid_config`. */
  configure(raw: unknown): C;
  create(settings: DetectorSettings, config: C): Detector;
}
