import type { DetectionRunner } from '../detect/index.js';
import type { AnomalyFeedback, IncidentTracker, LlmIncidentExplainer, SpikeExplainer } from '../incidents/index.js';
import type { IncidentNotifier } from '../notify/index.js';

/** Detection, incidents, explanations and notifications, as the API uses them (wired by `serve`). */
export interface IntelligenceDeps {
  readonly detection: DetectionRunner;
  readonly tracker: IncidentTracker;
  readonly feedback: AnomalyFeedback;
  readonly spikes: SpikeExplainer;
  readonly explainer: LlmIncidentExplainer;
  readonly notifier: IncidentNotifier;
}
