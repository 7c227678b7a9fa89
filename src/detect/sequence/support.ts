/**
 * The one estimator every check uses. A feature (an event, a count, a transition, an
 * invariant violation) was seen in `k` of the `d` normal sessions where it could have been
 * seen. Its share of normal sessions is estimated with the Krichevsky–Trofimov rule,
 * (k + ½) / (d + 1): never zero, so a feature never seen in d sessions is judged rarer the
 * larger d is, and a feature with little evidence (small d) can never look rare. This is why
 * the model needs no minimum-support knob.
 */
export function shareOf(k: number, d: number): number {
  return (k + 0.5) / (d + 1);
}

/** Surprisal in decades: −log10 of `shareOf(k, d)`. 3 means "one normal session in a thousand". */
export function surprisalOf(k: number, d: number): number {
  return Math.log10((d + 1) / (k + 0.5));
}

/** The decades a share stands for: −log10(p). */
export function decades(p: number): number {
  return -Math.log10(p);
}
