/**
 * Matrix version of the two-group ridge deterministic equivalent (BA-1)–(BA-3) for covariances Σ₁, Σ₂ that need
 * not commute: R̄ = (p₁Σ₁/(1+δ₁) + p₂Σ₂/(1+δ₂) + λI)⁻¹, δ_k = tr(Σ_kR̄)/n, and the same shrinkage, cross,
 * contamination and variance terms as the diagonal version ({@link twoGroupRidgeRisk}), with sums over
 * eigenvalues replaced by traces and quadratic forms. O(dim³) per fixed-point evaluation.
 *
 * Solved, like the diagonal version, in u_k = λ(1+δ_k): u_k = λ + tr(Σ_k M⁻¹)/n with M = I + p₁Σ₁/u₁ + p₂Σ₂/u₂.
 */
import { eigh, inverseSPD, matmul, type Matrix } from "../../maths/linalg/index";
import type { TwoGroupRisk } from "./two-group-risk";
import { solveTwoGroupMap } from "./two-group-newton";

/** A two-group problem with full covariance matrices (dimension dim). */
export interface MatrixTwoGroupProblem {
  sigma1: Matrix;
  sigma2: Matrix;
  w1: ArrayLike<number>;
  w2: ArrayLike<number>;
  n: number;
  p1: number;
  lambda: number;
  sigma1Sq: number;
  sigma2Sq: number;
  /** teacher energy outside the model per group (random projections); default 0 */
  residual?: [number, number];
}

function checkFinite(fn: string, name: string, x: number, min: number): void {
  if (typeof x !== "number" || !Number.isFinite(x) || x < min) throw new RangeError(`${fn}: ${name} must be a finite number ≥ ${min}, got ${x}`);
}

/**
 * Throws unless `S` is a square symmetric positive semi-definite dim×dim matrix (eigenvalues ≥ −1e-10·‖S‖).
 * @returns its eigenvalues (ascending)
 */
export function checkCovariance(fn: string, name: string, S: Matrix, dim?: number): Float64Array {
  if (!S || !Number.isInteger(S.rows) || S.rows !== S.cols || !(S.data instanceof Float64Array) || S.data.length !== S.rows * S.cols) {
    throw new RangeError(`${fn}: ${name} must be a square Matrix, got ${S ? `${S.rows}×${S.cols}` : S}`);
  }
  if (dim !== undefined && S.rows !== dim) throw new RangeError(`${fn}: ${name} must be ${dim}×${dim} (the dimension of the other inputs), got ${S.rows}×${S.cols}`);
  const { values } = eigh(S);
  const top = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
  if (values[0] < -1e-10 * Math.max(top, 1e-300)) {
    throw new RangeError(`${fn}: ${name} must be positive semi-definite (a covariance), its smallest eigenvalue is ${values[0]}`);
  }
  return values;
}

function checkMatrixProblem(fn: string, pr: MatrixTwoGroupProblem): number {
  const dim = pr.sigma1?.rows;
  checkCovariance(fn, "sigma1", pr.sigma1);
  checkCovariance(fn, "sigma2", pr.sigma2, dim);
  for (const [name, w] of [["w1", pr.w1], ["w2", pr.w2]] as const) {
    if (!w || w.length !== dim) throw new RangeError(`${fn}: ${name} must have length ${dim} (the covariance dimension), got ${w ? w.length : w}`);
    for (let i = 0; i < dim; i++) if (!Number.isFinite(w[i])) throw new RangeError(`${fn}: ${name}[${i}] must be finite, got ${w[i]}`);
  }
  checkFinite(fn, "n (sample size)", pr.n, 0);
  if (!(pr.n > 0)) throw new RangeError(`${fn}: n (sample size) must be > 0, got ${pr.n}`);
  if (!(pr.p1 > 0 && pr.p1 < 1)) throw new RangeError(`${fn}: p1 (fraction of group-1 samples) must be in (0, 1), got ${pr.p1}`);
  if (!(Number.isFinite(pr.lambda) && pr.lambda > 0)) throw new RangeError(`${fn}: lambda must be a finite number > 0, got ${pr.lambda}`);
  checkFinite(fn, "sigma1Sq", pr.sigma1Sq, 0);
  checkFinite(fn, "sigma2Sq", pr.sigma2Sq, 0);
  if (pr.residual) {
    checkFinite(fn, "residual[0]", pr.residual[0], 0);
    checkFinite(fn, "residual[1]", pr.residual[1], 0);
  }
  return dim;
}

interface MatEval { f1: number; f2: number; J: [number, number, number, number]; Minv: Matrix; P1: Matrix; P2: Matrix }

function traceProduct(A: Matrix, B: Matrix): number {
  // tr(AB) = Σ_ij A_ij B_ji
  const n = A.rows, a = A.data, b = B.data;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += a[i * n + j] * b[j * n + i];
  return s;
}

function evaluateMatrix(S1: Matrix, S2: Matrix, n: number, p1: number, p2: number, lambda: number, u1: number, u2: number): MatEval {
  const dim = S1.rows;
  const M = new Float64Array(dim * dim);
  const a1 = p1 / u1, a2 = p2 / u2;
  for (let i = 0; i < dim * dim; i++) M[i] = a1 * S1.data[i] + a2 * S2.data[i];
  for (let i = 0; i < dim; i++) M[i * dim + i] += 1;
  // Exact symmetry for the Cholesky-based inverse.
  for (let i = 0; i < dim; i++) for (let j = i + 1; j < dim; j++) { const v = 0.5 * (M[i * dim + j] + M[j * dim + i]); M[i * dim + j] = v; M[j * dim + i] = v; }
  const Minv = inverseSPD({ rows: dim, cols: dim, data: M });
  const P1 = matmul(S1, Minv), P2 = matmul(S2, Minv);
  let t1 = 0, t2 = 0;
  for (let i = 0; i < dim; i++) { t1 += P1.data[i * dim + i]; t2 += P2.data[i * dim + i]; }
  const b11 = traceProduct(P1, P1), b12 = traceProduct(P1, P2), b22 = traceProduct(P2, P2);
  const c1 = p1 / (u1 * u1 * n), c2 = p2 / (u2 * u2 * n);
  return { f1: lambda + t1 / n, f2: lambda + t2 / n, J: [b11 * c1, b12 * c2, b12 * c1, b22 * c2], Minv, P1, P2 };
}

function solveMatrixFixedPoint(S1: Matrix, S2: Matrix, n: number, p1: number, p2: number, lambda: number): { u1: number; u2: number; e: MatEval } {
  let tr1 = 0, tr2 = 0;
  const dim = S1.rows;
  for (let i = 0; i < dim; i++) { tr1 += S1.data[i * dim + i]; tr2 += S2.data[i * dim + i]; }
  const { u1, u2, value } = solveTwoGroupMap((a, b) => evaluateMatrix(S1, S2, n, p1, p2, lambda, a, b), [lambda + tr1 / n, lambda + tr2 / n], lambda, `matrixTwoGroupRidgeRisk (n = ${n})`);
  return { u1, u2, e: value };
}

function symMatVec(A: Matrix, x: ArrayLike<number>): Float64Array {
  const n = A.rows, out = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += A.data[i * n + j] * x[j]; out[i] = s; }
  return out;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Risk on group 1 with fractions (p1, p2), p2 = 0 allowed (one-group model); inputs already validated. */
function matrixGroupOne(S1: Matrix, S2: Matrix, w1: ArrayLike<number>, w2: ArrayLike<number>, n: number, p1: number, p2: number, lambda: number,
  sig1: number, sig2: number, res1: number, res2: number): Omit<TwoGroupRisk, "group"> {
  const { u1, u2, e } = solveMatrixFixedPoint(S1, S2, n, p1, p2, lambda);
  const d1 = u1 / lambda - 1, d2 = u2 / lambda - 1;
  const dim = S1.rows;
  // b_k = −tr(Σ_k R̄ Σ₁ R̄)/n with R̄ = M⁻¹/λ: tr(P_k P_1)/(nλ²).
  const b1 = -traceProduct(e.P1, e.P1) / (n * lambda * lambda);
  const b2 = -traceProduct(e.P2, e.P1) / (n * lambda * lambda);
  const [j11, j12, j21, j22] = e.J;
  const A11 = 1 - j11, A12 = -j12, A21 = -j21, A22 = 1 - j22;
  const det = A11 * A22 - A12 * A21;
  const dd1 = (A22 * b1 - A12 * b2) / det, dd2 = (-A21 * b1 + A11 * b2) / det;
  const e1 = 1 + d1, e2 = 1 + d2;
  const g1 = (p1 * dd1) / (e1 * e1), g2 = (p2 * dd2) / (e2 * e2);
  // Perturbation direction Mp = (1 − g₁)Σ₁ − g₂Σ₂ (the derivative of the inverse resolvent).
  const Rbar = (x: ArrayLike<number>) => { const y = symMatVec(e.Minv, x); for (let i = 0; i < dim; i++) y[i] /= lambda; return y; };
  const Mp = (x: ArrayLike<number>) => { const a = symMatVec(S1, x), b = symMatVec(S2, x); for (let i = 0; i < dim; i++) a[i] = (1 - g1) * a[i] - g2 * b[i]; return a; };
  const delta = new Float64Array(dim);
  for (let i = 0; i < dim; i++) delta[i] = w2[i] - w1[i];
  const S2d = symMatVec(S2, delta);
  const u = Rbar(w1), v = Rbar(S2d);
  const Mu = Mp(u), Mv = Mp(v);
  const dFa = -dot(u, Mu);
  const dFc = (-dot(u, Mv)) / e2 - dot(w1, v) * dd2 / (e2 * e2);
  const Q = dot(delta, S2d);
  const dFb = p2 * Q * dd2 / (e2 * e2) + p2 * p2 * (-dot(v, Mv) / (e2 * e2) - 2 * dot(S2d, v) * dd2 / (e2 * e2 * e2));
  const shrinkage = -lambda * lambda * dFa, cross = 2 * lambda * p2 * dFc, contamination = -dFb;
  const variance = -((sig1 + res1) * p1 * dd1 / (e1 * e1) + (p2 > 0 ? (sig2 + res2) * p2 * dd2 / (e2 * e2) : 0));
  return { delta1: d1, delta2: d2, shrinkage, contamination, cross, variance, residual: res1, risk: shrinkage + contamination + cross + variance + res1 };
}

/**
 * Group test risk of the joint ridge model, matrix covariances (BA-3, matrix version).
 * @throws RangeError on mismatched dimensions, a non-PSD covariance, p1 ∉ (0, 1) or λ ≤ 0
 */
export function matrixTwoGroupRidgeRisk(pr: MatrixTwoGroupProblem, group: 1 | 2 = 1): TwoGroupRisk {
  checkMatrixProblem("matrixTwoGroupRidgeRisk", pr);
  const res = pr.residual ?? [0, 0];
  if (group === 1) return { group, ...matrixGroupOne(pr.sigma1, pr.sigma2, pr.w1, pr.w2, pr.n, pr.p1, 1 - pr.p1, pr.lambda, pr.sigma1Sq, pr.sigma2Sq, res[0], res[1]) };
  if (group !== 2) throw new RangeError(`matrixTwoGroupRidgeRisk: group must be 1 or 2, got ${group}`);
  const t = matrixGroupOne(pr.sigma2, pr.sigma1, pr.w2, pr.w1, pr.n, 1 - pr.p1, pr.p1, pr.lambda, pr.sigma2Sq, pr.sigma1Sq, res[1], res[0]);
  return { group, ...t, delta1: t.delta2, delta2: t.delta1 };
}

/** Risk of the model trained on group `group` alone (p_k·n rows, same λ), matrix covariances. */
export function matrixSeparateGroupRisk(pr: MatrixTwoGroupProblem, group: 1 | 2): number {
  checkMatrixProblem("matrixSeparateGroupRisk", pr);
  if (group !== 1 && group !== 2) throw new RangeError(`matrixSeparateGroupRisk: group must be 1 or 2, got ${group}`);
  const res = pr.residual ?? [0, 0];
  const S = group === 1 ? pr.sigma1 : pr.sigma2, w = group === 1 ? pr.w1 : pr.w2;
  const nk = (group === 1 ? pr.p1 : 1 - pr.p1) * pr.n;
  return matrixGroupOne(S, S, w, w, nk, 1, 0, pr.lambda, group === 1 ? pr.sigma1Sq : pr.sigma2Sq, 0, res[group - 1], 0).risk;
}
