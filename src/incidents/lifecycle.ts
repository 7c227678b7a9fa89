import { LogsiftError } from '../model/index.js';
import type { IncidentStatus, TimelineKind } from '../model/index.js';

/** Who changes an incident's status: a user through the API, or the tracker itself. */
export type StatusAction = 'acknowledge' | 'unacknowledge' | 'resolve' | 'reopen' | 'auto_resolve' | 'regress';

interface Transition {
  readonly from: readonly IncidentStatus[];
  readonly to: IncidentStatus;
  readonly timeline: TimelineKind;
}

/**
 * The lifecycle: open → acknowledged → resolved; a user may resolve from open, reopen a
 * resolved incident, and the tracker auto-resolves quiet incidents and marks resolved ones that
 * come back as regressed (open again).
 */
const TRANSITIONS: Readonly<Record<StatusAction, Transition>> = {
  acknowledge: { from: ['open'], to: 'acknowledged', timeline: 'acknowledged' },
  unacknowledge: { from: ['acknowledged'], to: 'open', timeline: 'reopened' },
  resolve: { from: ['open', 'acknowledged'], to: 'resolved', timeline: 'resolved' },
  reopen: { from: ['resolved'], to: 'open', timeline: 'reopened' },
  auto_resolve: { from: ['open', 'acknowledged'], to: 'resolved', timeline: 'auto_resolved' },
  regress: { from: ['resolved'], to: 'open', timeline: 'regressed' },
};

/**
 * The transition for `action` from `status`: null when the incident is already where the action
 * leads (a repeated request is a no-op); throws `conflict` when the action is not allowed.
 */
export function transition(status: IncidentStatus, action: StatusAction): Transition | null {
  const t = TRANSITIONS[action];
  if (t.from.includes(status)) return t;
  if (status === t.to) return null;
  throw new LogsiftError('conflict', `cannot ${action.replace('_', ' ')} an incident that is ${status}`, { status, action });
}

/** The action a PATCH to `status` means. */
export function actionFor(target: IncidentStatus, current: IncidentStatus): StatusAction {
  if (target === 'acknowledged') return 'acknowledge';
  if (target === 'resolved') return 'resolve';
  return current === 'resolved' ? 'reopen' : 'unacknowledge';
}
