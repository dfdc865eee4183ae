/**
 * Which rows of a growing training set are synthetic.
 *
 * Row i (0-based) is synthetic for fraction p₂ iff ⌊(i+1)p₂⌋ > ⌊i·p₂⌋. Every prefix of length n then holds
 * exactly ⌊n·p₂⌋ synthetic rows, so one stream of iid rows serves every sample size of a nested sweep
 * (the rows are exchangeable, so the positions do not matter).
 *
 * @example [0, 1, 2, 3].map((i) => isSyntheticRow(i, 0.5)) // [false, true, false, true]
 */
export function isSyntheticRow(i: number, p2: number): boolean {
  if (!Number.isInteger(i) || i < 0) throw new RangeError(`isSyntheticRow: row index must be an integer ≥ 0, got ${i}`);
  if (!(p2 >= 0 && p2 <= 1)) throw new RangeError(`isSyntheticRow: p2 must be in [0, 1], got ${p2}`);
  return Math.floor((i + 1) * p2 + 1e-9) > Math.floor(i * p2 + 1e-9);
}

/** Number of synthetic rows among the first n: ⌊n·p₂⌋ (consistent with {@link isSyntheticRow}). */
export function syntheticCount(n: number, p2: number): number {
  return Math.floor(n * p2 + 1e-9);
}
