import { DEFAULT_TENANT } from '../model/index.js';
import type { FormatSpec } from '../parse/index.js';
import type { IngestPipeline } from '../pipeline/index.js';
import { createSimulator, SIM_HEADER_FORMATS } from '../sim/index.js';
import type { SimFormat, SimRecord, Simulator } from '../sim/index.js';

export interface DemoFeederOptions {
  /** Simulated lines per second. */
  readonly rate: number;
  /** History filled in at start so a newcomer sees data at once, ms. */
  readonly backfillMs: number;
  readonly tenant?: string;
  readonly seed?: number;
}

/** Format each simulated stream is declared with, as a user would configure it. */
export function simFormatSpec(format: SimFormat): FormatSpec {
  switch (format) {
    case 'java':
    case 'python':
    case 'nginx-error':
      return { kind: 'header', pattern: SIM_HEADER_FORMATS[format] };
    default:
      return { kind: 'builtin', name: format };
  }
}

/**
 * `serve --demo`: feeds the built-in simulator into the pipeline in-process, one batch per
 * stream (service + format) every second, after backfilling recent history.
 */
export class DemoFeeder {
  private readonly sim: Simulator;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly tenant: string;
  sent = 0;

  constructor(
    private readonly pipeline: IngestPipeline,
    private readonly options: DemoFeederOptions,
  ) {
    this.tenant = options.tenant ?? DEFAULT_TENANT;
    this.sim = createSimulator({
      seed: options.seed ?? 1,
      start: Date.now() - options.backfillMs,
      ratePerSecond: options.rate,
      // Endless: the default schedule then starts after a 3-minute warm-up and injects an
      // incident every 12 minutes, so a newcomer sees one within minutes (a finite run would
      // warm up for hours first).
      incidents: 'default',
    });
  }

  async start(): Promise<void> {
    await this.pump();
    this.timer = setInterval(() => void this.pump(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends everything simulated up to now, in chunks. */
  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (;;) {
        const records = this.sim.until(Date.now(), 20_000);
        if (records.length === 0) break;
        await this.send(records);
        if (records.length < 20_000) break;
      }
    } catch (err) {
      process.emitWarning(`demo feed failed: ${(err as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  private async send(records: readonly SimRecord[]): Promise<void> {
    const streams = new Map<string, SimRecord[]>();
    for (const r of records) {
      const key = `${r.service}\u0000${r.host}\u0000${r.format}`;
      const list = streams.get(key);
      if (list === undefined) streams.set(key, [r]);
      else list.push(r);
    }
    const now = Date.now();
    await Promise.all(
      [...streams.values()].map((list) => {
        const first = list[0];
        this.sent += list.length;
        return this.pipeline.submit({
          tenant: this.tenant,
          source: 'demo',
          receivedAt: now,
          records: list.map((r) => r.line),
          positions: null,
          rejected: [],
          dedupKey: null,
          service: first.service,
          host: first.host,
          format: simFormatSpec(first.format),
          streamKey: `${this.tenant}|demo|${first.service}|${first.host}|${first.format}`,
        });
      }),
    );
  }
}
