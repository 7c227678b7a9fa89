import { DetectionRunner, parseDetectionConfig, selectDetectors } from '../../src/detect/index.js';
import type { DetectionSink } from '../../src/detect/index.js';
import { IncidentTracker, LlmIncidentExplainer, parseIncidentConfig } from '../../src/incidents/index.js';
import { createTemplateMiner } from '../../src/mine/index.js';
import type { TemplateMiner } from '../../src/mine/index.js';
import { withTemplate } from '../../src/model/index.js';
import type { Anomaly, Incident, MinedEvent } from '../../src/model/index.js';
import { createRecordParser } from '../../src/parse/index.js';
import type { FormatSpec, RecordParser } from '../../src/parse/index.js';
import { mineKeys } from '../../src/pipeline/mine-keys.js';
import { SqliteMetaStore } from '../../src/store/index.js';

/** One stream as a user would declare it: its service and host defaults, format and identity. */
export interface StreamSpec {
  readonly service: string | null;
  readonly host: string | null;
  readonly format: FormatSpec;
  readonly streamKey: string;
}

/**
 * The detection path of `logsift serve` without HTTP or the log store, for benchmarks: the real
 * parser and miner, the detection runner with default settings, and the incident tracker, on an
 * in-memory meta.db. Events get synthetic ids chosen by the caller, so truth can be attached.
 */
export class DetectionHarness {
  readonly meta = new SqliteMetaStore(':memory:', 'process');
  readonly miner: TemplateMiner = createTemplateMiner();
  readonly parser: RecordParser = createRecordParser();
  readonly runner: DetectionRunner;
  readonly tracker: IncidentTracker;
  readonly anomalies: Anomaly[] = [];
  /** Latest state of every incident, by id. */
  readonly incidents = new Map<string, Incident>();
  readonly windowMs: number;
  readonly latenessMs: number;

  constructor(readonly tenant = 'bench') {
    const config = parseDetectionConfig({ snapshotIntervalMs: 0 });
    this.windowMs = config.windowMs;
    this.latenessMs = config.allowedLatenessMs;
    this.tracker = new IncidentTracker(
      { incidents: this.meta.incidents, anomalies: this.meta.anomalies, windowMs: config.windowMs, explainer: new LlmIncidentExplainer(null), warn: () => undefined },
      parseIncidentConfig(),
    );
    this.tracker.onChange((c) => this.incidents.set(c.incident.id, c.incident));
    const sink: DetectionSink = {
      anomalies: async (tenant, list) => {
        this.anomalies.push(...list);
        await this.tracker.anomalies(tenant, list);
      },
      windowClosed: (tenant, window) => this.tracker.windowClosed(tenant, window),
    };
    this.runner = new DetectionRunner(
      { source: null, anomalies: this.meta.anomalies, state: this.meta.detectorState, noiseRules: this.meta.noiseRules, templates: () => this.miner, sink, warn: () => undefined },
      config,
      selectDetectors(),
    );
  }

  async start(): Promise<void> {
    await this.tracker.start();
    this.runner.start();
  }

  /** Parses and mines lines of one stream; `ids[i]` names the i-th resulting event. */
  mine(lines: readonly string[], stream: StreamSpec, receivedAt: number): MinedEvent[] {
    const out = this.parser.parseLines(lines, { tenant: this.tenant, receivedAt, service: stream.service, host: stream.host, streamKey: stream.streamKey, format: stream.format });
    const events: MinedEvent[] = [];
    for (let i = 0; i < out.events.length; i++) {
      const e = out.events[i];
      const m = this.miner.mine(e.message, mineKeys(e, out.structured[i]));
      events.push(withTemplate(e, m.templateId, m.params));
    }
    return events;
  }

  /** Hands a committed batch to detection (as the EventBus would) and waits until it is processed. */
  async detect(events: readonly MinedEvent[], ids: readonly string[]): Promise<void> {
    this.runner.ingest({ tenant: this.tenant, events, ids });
    await this.runner.flush();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    await this.tracker.stop();
    await this.meta.close();
  }
}

export interface Scores {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function scores(tp: number, fp: number, fn: number): Scores {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}
