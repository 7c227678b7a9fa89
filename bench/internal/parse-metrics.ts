/**
 * Log-parsing accuracy metrics, following the published evaluators (facts, not code):
 *
 * - logpai/loghub-2.0 `benchmark/logparser/utils/evaluator.py` (GA, FGA): ground-truth groups
 *   are lines sharing an `EventTemplate` string, predicted groups are lines sharing a predicted
 *   template. A ground-truth group is correct when all its lines got one predicted template and
 *   that template covers no other line. GA = lines in correct groups / lines; FGA is the F1 of
 *   precision = correct groups / predicted groups and recall = correct groups / true groups.
 * - `PA_calculator.py` (PA): share of lines whose predicted template string equals the oracle
 *   string exactly (no normalisation: the corrected oracles are already written in the
 *   normalised form, and the evaluator compares raw strings).
 * - `template_level_analysis.py` (FTA): a predicted template is correct when the set of oracle
 *   templates of its lines is exactly {itself}; PTA = correct / predicted templates,
 *   RTA = correct / oracle templates, FTA = their F1.
 * Lines whose oracle template is empty are left out, as the evaluators drop null templates.
 */
export interface ParseScores {
  readonly ga: number;
  readonly pa: number;
  readonly fga: number;
  readonly fta: number;
  readonly predictedTemplates: number;
  readonly oracleTemplates: number;
}

export function scoreParse(oracle: readonly string[], predicted: readonly string[]): ParseScores {
  if (oracle.length !== predicted.length) throw new Error(`length mismatch: ${oracle.length} oracle vs ${predicted.length} predicted`);
  const idx: number[] = [];
  for (let i = 0; i < oracle.length; i++) if (oracle[i] !== '') idx.push(i);
  const n = idx.length;
  const byOracle = new Map<string, number[]>();
  const byPredicted = new Map<string, number[]>();
  let exact = 0;
  for (const i of idx) {
    push(byOracle, oracle[i], i);
    push(byPredicted, predicted[i], i);
    if (oracle[i] === predicted[i]) exact++;
  }
  let correctLines = 0;
  let correctGroups = 0;
  for (const lines of byOracle.values()) {
    const p = predicted[lines[0]];
    if (lines.every((i) => predicted[i] === p) && (byPredicted.get(p)?.length ?? 0) === lines.length) {
      correctLines += lines.length;
      correctGroups++;
    }
  }
  let correctTemplates = 0;
  for (const [p, lines] of byPredicted) {
    if (lines.every((i) => oracle[i] === p)) correctTemplates++;
  }
  return {
    ga: n === 0 ? 0 : correctLines / n,
    pa: n === 0 ? 0 : exact / n,
    fga: f1(correctGroups / byPredicted.size, correctGroups / byOracle.size),
    fta: f1(correctTemplates / byPredicted.size, correctTemplates / byOracle.size),
    predictedTemplates: byPredicted.size,
    oracleTemplates: byOracle.size,
  };
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const a = map.get(key);
  if (a === undefined) map.set(key, [i]);
  else a.push(i);
}
