/**
 * Group metrics for subpopulation shift: per-group accuracy, average accuracy and worst-group
 * accuracy (WGA), with groups numbered g = numAttributes·y + a as in XRM's `get_metrics`.
 */

/** Group index g = numAttributes·y + a. @example groupIndex(1, 0, 2) // returns 2 */
export function groupIndex(y: number, a: number, numAttributes = 2): number {
  return numAttributes * y + a;
}

/** Group indices for arrays of labels and attributes (same length). */
export function groupsOf(y: ArrayLike<number>, a: ArrayLike<number>, numAttributes = 2): Int32Array {
  if (y.length !== a.length) throw new RangeError(`groupsOf: y and a differ in length, got ${y.length} and ${a.length}`);
  const g = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) g[i] = groupIndex(y[i], a[i], numAttributes);
  return g;
}

export interface GroupReport {
  /** Overall accuracy. */
  average: number;
  /** Minimum accuracy over the groups present. */
  worstGroup: number;
  /** Accuracy per group (NaN where the group is empty). */
  perGroup: number[];
  /** Number of examples per group. */
  counts: number[];
}

/**
 * Average and worst-group accuracy of predicted labels.
 *
 * @param pred predicted class per example
 * @param y true class per example
 * @param groups group index per example, in [0, numGroups)
 * @param numGroups number of groups
 * @throws RangeError on length mismatch, empty input or a group index out of range
 * @example
 * groupAccuracy([0, 1, 1, 0], [0, 1, 0, 0], [0, 3, 1, 0], 4).worstGroup // returns 0
 */
export function groupAccuracy(
  pred: ArrayLike<number>,
  y: ArrayLike<number>,
  groups: ArrayLike<number>,
  numGroups: number,
): GroupReport {
  const n = y.length;
  if (pred.length !== n || groups.length !== n) {
    throw new RangeError(`groupAccuracy: pred, y, groups must have equal lengths, got ${pred.length}, ${n}, ${groups.length}`);
  }
  if (n === 0) throw new RangeError("groupAccuracy: empty input");
  if (!Number.isInteger(numGroups) || numGroups < 1) throw new RangeError(`groupAccuracy: numGroups must be a positive integer, got ${numGroups}`);
  const correct = new Array<number>(numGroups).fill(0);
  const counts = new Array<number>(numGroups).fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (!Number.isInteger(g) || g < 0 || g >= numGroups) throw new RangeError(`groupAccuracy: group index out of range at ${i}, got ${g}`);
    counts[g]++;
    if (pred[i] === y[i]) {
      correct[g]++;
      total++;
    }
  }
  const perGroup = correct.map((c, g) => (counts[g] > 0 ? c / counts[g] : NaN));
  let worst = Infinity;
  for (let g = 0; g < numGroups; g++) if (counts[g] > 0 && perGroup[g] < worst) worst = perGroup[g];
  return { average: total / n, worstGroup: worst, perGroup, counts };
}

/** Row-wise argmax of an n×K row-major matrix. */
export function argmaxRows(logits: ArrayLike<number>, numClasses: number): Int32Array {
  if (!Number.isInteger(numClasses) || numClasses < 1 || logits.length % numClasses !== 0) {
    throw new RangeError(`argmaxRows: logits length ${logits.length} is not a multiple of numClasses ${numClasses}`);
  }
  const n = logits.length / numClasses;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bv = logits[i * numClasses];
    for (let k = 1; k < numClasses; k++) {
      const v = logits[i * numClasses + k];
      if (v > bv) {
        bv = v;
        best = k;
      }
    }
    out[i] = best;
  }
  return out;
}
