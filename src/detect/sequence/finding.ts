import type { EventKey } from './event-vocabulary.js';

/**
 * Why a session looks anomalous: one check and the numbers behind it. Every finding has the
 * same evidence fields; `kind` says which check and carries its own details.
 *
 * Units: `probability` is the estimated share of normal sessions that show this feature
 * (where it could occur); `surprisal` is −log10 of it in decades; `threshold` is the decades
 * its family needs (calibrated on training data); `margin` = surprisal − threshold, > 0 means
 * this finding alone makes the session anomalous.
 */
interface FindingEvidence {
  /** Calibration family, e.g. `order1` for transitions; see `FamilyThreshold`. */
  readonly family: string;
  /** Normal sessions that showed the feature. */
  readonly support: number;
  /** Normal sessions in which it could have been seen (the denominator). */
  readonly sessions: number;
  readonly probability: number;
  readonly surprisal: number;
  readonly threshold: number;
  readonly margin: number;
}

/** An event rarely or never seen in normal sessions. */
export interface EventFinding extends FindingEvidence {
  readonly kind: 'event';
  readonly event: EventKey;
}

/** An event occurred a number of times per session that normal sessions rarely show. */
export interface CountFinding extends FindingEvidence {
  readonly kind: 'count';
  readonly event: EventKey;
  readonly count: number;
  /** The most common per-session counts of this event in normal sessions (up to 3). */
  readonly usual: readonly { readonly count: number; readonly sessions: number }[];
}

/** A count invariant (`#a == #b` or `#a == #b + #c`) that normal sessions keep was broken. */
export interface InvariantFinding extends FindingEvidence {
  readonly kind: 'invariant';
  readonly left: EventKey;
  readonly right: readonly EventKey[];
  readonly leftCount: number;
  readonly rightCounts: readonly number[];
}

/**
 * An event followed a history that normal sessions rarely continue that way. `null` in
 * `history` stands for the session start; `next === null` means the session ended there.
 */
export interface OrderFinding extends FindingEvidence {
  readonly kind: 'order';
  readonly history: readonly (EventKey | null)[];
  readonly next: EventKey | null;
  /**
   * The most common continuations of this history in normal sessions (up to 3); `share` is the
   * share of the sessions with this history in which that continuation occurred (a session can
   * continue one history several ways, so shares may add up to more than 1).
   */
  readonly usual: readonly { readonly next: EventKey | null; readonly share: number }[];
}

export type Finding = EventFinding | CountFinding | InvariantFinding | OrderFinding;

/** The verdict on one session. */
export interface SessionScore {
  /**
   * Decades by which the strongest finding exceeds its family's threshold (the largest
   * `margin` over every check). > 0 = anomalous. Comparable across sessions of one model.
   */
  readonly score: number;
  readonly anomalous: boolean;
  /**
   * Anomalous: the findings with margin > 0, strongest first (at most `maxFindings`).
   * Otherwise the single strongest check, so every score can be explained; empty only when
   * the model has seen no session yet.
   */
  readonly findings: readonly Finding[];
}

/** One sentence per finding, for logs, the CLI and incident evidence. */
export function describeFinding(f: Finding): string {
  const evidence = `p ≈ ${fmtP(f.probability)}, ${f.margin >= 0 ? '+' : ''}${f.margin.toFixed(2)} over the ${f.family} threshold`;
  switch (f.kind) {
    case 'event':
      return f.support === 0
        ? `event ${String(f.event)} never seen in ${fmtN(f.sessions)} normal sessions (${evidence})`
        : `event ${String(f.event)} seen in only ${fmtN(f.support)} of ${fmtN(f.sessions)} normal sessions (${evidence})`;
    case 'count': {
      const usual = f.usual.map((u) => `${u.count}× in ${fmtN(u.sessions)}`).join(', ');
      return `${String(f.event)} occurred ${f.count}×; ${fmtN(f.support)} of ${fmtN(f.sessions)} normal sessions with ${String(f.event)} had that count (usual: ${usual}) (${evidence})`;
    }
    case 'invariant': {
      const right = f.right.map((e) => `#${String(e)}`).join(' + ');
      const rc = f.rightCounts.join(' + ');
      return `count invariant #${String(f.left)} == ${right} violated (${f.leftCount} vs ${rc}); it held in ${fmtN(f.sessions - f.support)} of ${fmtN(f.sessions)} normal sessions (${evidence})`;
    }
    case 'order': {
      const starts = f.history.length === 1 && f.history[0] === null;
      const history = f.history.map((e) => (e === null ? '<start>' : String(e))).join(' ');
      const what = f.next === null ? `session ended after ${history}` : starts ? `session started with ${String(f.next)}` : `${String(f.next)} after ${history}`;
      const where = starts ? 'normal sessions' : `normal sessions with ${history}`;
      const usual = f.usual.map((u) => `${u.next === null ? '<end>' : String(u.next)} in ${(u.share * 100).toFixed(0)}%`).join(', ');
      return `${what}: seen in ${fmtN(f.support)} of ${fmtN(f.sessions)} ${where} (${starts ? 'they started with' : 'next there'}: ${usual}) (${evidence})`;
    }
  }
}

function fmtP(p: number): string {
  return p >= 0.01 ? p.toFixed(3) : p.toExponential(1);
}

function fmtN(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
