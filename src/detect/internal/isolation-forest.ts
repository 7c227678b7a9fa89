import type { Prng } from './prng.js';

/**
 * Isolation Forest (Liu, Ting & Zhou, ICDM'08): random trees split on a random feature at a
 * random value; outliers are isolated in few splits. Score s = 2^(−E[h] / c(ψ)) in (0, 1):
 * ~0.5 for ordinary points, towards 1 for points isolated early. Trees are flat arrays. One
 * change: points beyond the range of the training data are charged the chance of being cut off
 * at each node (see `pathLength`), so a window ten times busier than ever scores higher than one
 * just past the busiest.
 */
export class IsolationForest {
  private readonly feature: Int32Array;
  private readonly split: Float64Array;
  /** Range of the split feature among the node's training points. */
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  /** Leaf: the number of training points that ended there (for the c(n) correction); -1 for inner nodes. */
  private readonly size: Int32Array;
  private readonly roots: number[] = [];
  private nodes = 0;
  private readonly norm: number;

  private constructor(
    private readonly dims: number,
    capacity: number,
    sampleSize: number,
  ) {
    this.feature = new Int32Array(capacity);
    this.split = new Float64Array(capacity);
    this.lo = new Float64Array(capacity);
    this.hi = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.size = new Int32Array(capacity);
    this.norm = averagePathLength(sampleSize);
  }

  /** Builds `trees` trees on random subsamples of at most `sampleSize` of `points` (each of length `dims`). */
  static fit(points: readonly Float64Array[], dims: number, trees: number, sampleSize: number, rng: Prng): IsolationForest {
    const psi = Math.min(sampleSize, points.length);
    const forest = new IsolationForest(dims, trees * (2 * psi + 1), psi);
    const maxDepth = Math.ceil(Math.log2(Math.max(psi, 2)));
    const idx = new Int32Array(points.length);
    for (let t = 0; t < trees; t++) {
      for (let i = 0; i < points.length; i++) idx[i] = i;
      // Partial Fisher–Yates: the first psi entries are the subsample.
      for (let i = 0; i < psi; i++) {
        const j = i + rng.int(points.length - i);
        const tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
      }
      forest.roots.push(forest.grow(points, idx.slice(0, psi), 0, maxDepth, rng));
    }
    return forest;
  }

  score(x: ArrayLike<number>): number {
    let total = 0;
    for (const root of this.roots) total += this.pathLength(root, x);
    const mean = total / Math.max(this.roots.length, 1);
    return Math.pow(2, -mean / this.norm);
  }

  private grow(points: readonly Float64Array[], idx: Int32Array, depth: number, maxDepth: number, rng: Prng): number {
    const node = this.nodes++;
    if (depth >= maxDepth || idx.length <= 1) return this.leaf(node, idx.length);
    // Pick a feature that still varies among these points.
    for (let attempt = 0; attempt < this.dims; attempt++) {
      const f = rng.int(this.dims);
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < idx.length; i++) {
        const v = points[idx[i]][f];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (!(hi > lo)) continue;
      const s = lo + rng.next() * (hi - lo);
      let nl = 0;
      for (let i = 0; i < idx.length; i++) if (points[idx[i]][f] < s) nl++;
      const l = new Int32Array(nl);
      const r = new Int32Array(idx.length - nl);
      let a = 0;
      let b = 0;
      for (let i = 0; i < idx.length; i++) {
        if (points[idx[i]][f] < s) l[a++] = idx[i];
        else r[b++] = idx[i];
      }
      this.feature[node] = f;
      this.split[node] = s;
      this.lo[node] = lo;
      this.hi[node] = hi;
      this.size[node] = -1;
      this.left[node] = this.grow(points, l, depth + 1, maxDepth, rng);
      this.right[node] = this.grow(points, r, depth + 1, maxDepth, rng);
      return node;
    }
    return this.leaf(node, idx.length);
  }

  private leaf(node: number, n: number): number {
    this.size[node] = n;
    return node;
  }

  /**
   * Expected path length of x. A point outside the range a node's points span on its split
   * feature would have been cut off right there by a random split with probability
   * gap / (range + gap); plain Isolation Forest ignores this and scores far-away points like the
   * edge of the data, so out-of-range points are charged that chance at every node they pass.
   */
  private pathLength(root: number, x: ArrayLike<number>): number {
    let node = root;
    let depth = 0;
    let stay = 1;
    let expected = 0;
    while (this.size[node] < 0) {
      const v = x[this.feature[node]];
      const lo = this.lo[node];
      const hi = this.hi[node];
      const gap = v < lo ? lo - v : v > hi ? v - hi : 0;
      if (gap > 0) {
        const p = gap / (hi - lo + gap);
        expected += stay * p * (depth + 1);
        stay *= 1 - p;
      }
      node = v < this.split[node] ? this.left[node] : this.right[node];
      depth++;
    }
    return expected + stay * (depth + averagePathLength(this.size[node]));
  }
}

/** c(n): the average path length of an unsuccessful search in a binary search tree of n points. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}
