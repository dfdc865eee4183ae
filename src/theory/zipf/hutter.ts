/**
 * Exact expected test error of the Hutter memoriser ("deterministic infinite memory", Hutter 2021;
 * *A Tale of Tails* §2, eq. 9): trained on T i.i.d. draws from a training law q, it answers correctly
 * exactly the items it has seen, so
 *
 *   E(T) = Σ_i p_i (1 − q_i)^T  (+ the test mass beyond the support, always unseen).
 *
 * (1 − q)^T is evaluated as exp(T·log1p(−q)). All sums run over typed arrays without allocation
 * inside the loops: a curve of 30 values of T over N = 10⁷ ranks takes a few seconds.
 */
import { ExpSum } from "./exp-sum";
import { gamma, logBinomial, riemannZeta } from "./special";

function checkLaw(fn: string, name: string, a: Float64Array, n?: number): void {
  if (!(a instanceof Float64Array)) throw new TypeError(`${fn}: ${name} must be a Float64Array`);
  if (n !== undefined && a.length !== n) throw new RangeError(`${fn}: ${name} has length ${a.length}, expected ${n}`);
}

function checkTs(fn: string, Ts: ArrayLike<number>): void {
  for (let j = 0; j < Ts.length; j++) {
    if (!(Ts[j] >= 0) || !Number.isFinite(Ts[j])) throw new RangeError(`${fn}: sample sizes must be finite and ≥ 0, got ${Ts[j]}`);
  }
}

/** log1p(−q_i) for each i (−∞ where q_i = 1). */
export function logOneMinus(q: Float64Array): Float64Array {
  const l = new Float64Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const v = q[i];
    if (!(v >= 0 && v <= 1)) throw new RangeError(`logOneMinus: probabilities must be in [0, 1], got q[${i}]=${v}`);
    l[i] = Math.log1p(-v);
  }
  return l;
}

/**
 * E(T) = Σ_i p_i (1 − q_i)^T + pTail for every T in `Ts`.
 * @param p test law over ranks 1..N
 * @param q training law over the same ranks
 * @param pTail test mass beyond rank N (counted as unseen)
 * @example hutterErrorCurve(p, p, [1e4])[0] // clean error at T = 10⁴
 */
export function hutterErrorCurve(p: Float64Array, q: Float64Array, Ts: ArrayLike<number>, pTail = 0): Float64Array {
  checkLaw("hutterErrorCurve", "p", p);
  checkLaw("hutterErrorCurve", "q", q, p.length);
  checkTs("hutterErrorCurve", Ts);
  const sum = new ExpSum(p, logOneMinus(q));
  const out = new Float64Array(Ts.length);
  for (let j = 0; j < Ts.length; j++) out[j] = sum.expSum(Ts[j]) + pTail;
  return out;
}

/** Single-T version of {@link hutterErrorCurve}. */
export function expectedHutterError(p: Float64Array, q: Float64Array, T: number, pTail = 0): number {
  return hutterErrorCurve(p, q, [T], pTail)[0];
}

/**
 * The Hutter constant C_β = ζ(β)^{-1/β}·Γ(1−1/β)/β of the clean law E(T) ≈ C_β·T^{-(1−1/β)}.
 * @example hutterConstant(2) // returns ~0.690988
 */
export function hutterConstant(beta: number): number {
  if (!(beta > 1)) throw new RangeError(`hutterConstant: beta must be > 1, got ${beta}`);
  return (Math.pow(riemannZeta(beta), -1 / beta) * gamma(1 - 1 / beta)) / beta;
}

/** The clean-law exponent c = 1 − 1/β. */
export function hutterExponent(beta: number): number {
  if (!(beta > 1)) throw new RangeError(`hutterExponent: beta must be > 1, got ${beta}`);
  return 1 - 1 / beta;
}

/**
 * Exact error of the model at the end of a chain of `generations` memorisers (*A Tale of Tails* §2.3(b),(d), [D]):
 * generation 1 is trained on T₀ clean draws from q, generation m on T₀ draws labelled by generation m−1
 * (an unseen item gets a wrong label), and the final model on T draws labelled by the last generation.
 * Item i is answered correctly only if every model saw it:
 *
 *   E⁽ⁿ⁾(T) = pTail + Σ_i p_i [1 − (1 − (1−q_i)^{T₀})ⁿ (1 − (1−q_i)^T)].
 *
 * `generations = 0` is the clean law; `generations = 1` is the finite-sample cut (Cor. 2.2).
 */
export function generationChainError(
  p: Float64Array,
  q: Float64Array,
  T0: number,
  generations: number,
  Ts: ArrayLike<number>,
  pTail = 0,
): Float64Array {
  checkLaw("generationChainError", "p", p);
  checkLaw("generationChainError", "q", q, p.length);
  checkTs("generationChainError", Ts);
  if (!(T0 >= 0)) throw new RangeError(`generationChainError: T0 must be ≥ 0, got ${T0}`);
  if (!Number.isInteger(generations) || generations < 0) {
    throw new RangeError(`generationChainError: generations must be a non-negative integer, got ${generations}`);
  }
  const l = logOneMinus(q);
  // keep_i = (1 − (1−q_i)^{T0})^n; E = pTail + Σ p_i(1 − keep_i) + Σ p_i keep_i (1−q_i)^T.
  const wk = new Float64Array(p.length);
  let lost = 0;
  for (let i = 0; i < p.length; i++) {
    if (generations === 0) {
      wk[i] = p[i];
      continue;
    }
    const logSeen = Math.log(-Math.expm1(T0 * l[i]));
    wk[i] = p[i] * Math.exp(generations * logSeen);
    lost += p[i] * -Math.expm1(generations * logSeen);
  }
  const sum = new ExpSum(wk, l);
  const out = new Float64Array(Ts.length);
  for (let j = 0; j < Ts.length; j++) out[j] = pTail + lost + sum.expSum(Ts[j]);
  return out;
}

/**
 * Mass lost after n generations, L_n = Σ_i p_i [1 − (1 − (1−q_i)^{T₀})ⁿ] (the T → ∞ floor minus pTail).
 */
export function lostMass(p: Float64Array, q: Float64Array, T0: number, n: number): number {
  checkLaw("lostMass", "p", p);
  checkLaw("lostMass", "q", q, p.length);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`lostMass: n must be a non-negative integer, got ${n}`);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const seen = -Math.expm1(T0 * Math.log1p(-q[i]));
    s += p[i] * -Math.expm1(n * Math.log(seen));
  }
  return s;
}

/**
 * R_n(c) = Σ_{j=1}^n (−1)^{j+1} C(n, j) j^{-c}: the asymptotic ratio L_n/L_1 of lost mass after n generations
 * (derived here, checked against simulation [D]). Uses the alternating sum for n ≤ 30, and for larger n (or `method: "integral"`)
 * R_n = ∫₀^∞ x^{c−1}(1 − (1 − e^{−x})ⁿ) dx / Γ(c), integrated by the trapezoid rule in u = log x.
 * @example generationRatio(2, 0.5) // returns ~1.292893 (= 2 − 2^{-1/2})
 */
export function generationRatio(n: number, c: number, method: "auto" | "sum" | "integral" = "auto"): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`generationRatio: n must be a non-negative integer, got ${n}`);
  if (!(c > 0 && c < 1)) throw new RangeError(`generationRatio: c must be in (0, 1), got ${c}`);
  if (n === 0) return 0;
  if (method === "sum" || (method === "auto" && n <= 30)) {
    let s = 0;
    for (let j = 1; j <= n; j++) s += (j % 2 === 1 ? 1 : -1) * Math.exp(logBinomial(n, j) - c * Math.log(j));
    return s;
  }
  const uMin = -60 / c, uMax = Math.log(Math.log(n) + 60);
  const steps = 20000;
  const h = (uMax - uMin) / steps;
  let s = 0;
  for (let k = 0; k <= steps; k++) {
    const u = uMin + k * h;
    const x = Math.exp(u);
    const f = Math.exp(c * u) * -Math.expm1(n * Math.log1p(-Math.exp(-x)));
    s += (k === 0 || k === steps ? 0.5 : 1) * f;
  }
  return (s * h) / gamma(c);
}

/**
 * The multi-generation law in the form quoted by a secondary source ([S]):
 * E⁽ⁿ⁾(T) ≈ C_β (T^{-c} + n·T₀^{-c}). Linear in n; an upper bound on the exact chain's lost mass.
 */
export function linearGenerationLaw(beta: number, T0: number, n: number, Ts: ArrayLike<number>): number[] {
  const C = hutterConstant(beta), c = hutterExponent(beta);
  const out: number[] = [];
  for (let j = 0; j < Ts.length; j++) out.push(C * (Math.pow(Ts[j], -c) + n * Math.pow(T0, -c)));
  return out;
}

/**
 * Error of a memoriser trained on T draws from q and T' draws from r (two independent sources):
 * E = pTail + Σ_i p_i (1−q_i)^T (1−r_i)^{T'}. Used for "acquiring the missing tail" (§3.1).
 */
export function twoSourceError(
  p: Float64Array,
  q: Float64Array,
  T: number,
  r: Float64Array,
  Tprime: ArrayLike<number>,
  pTail = 0,
): Float64Array {
  checkLaw("twoSourceError", "p", p);
  checkLaw("twoSourceError", "q", q, p.length);
  checkLaw("twoSourceError", "r", r, p.length);
  checkTs("twoSourceError", Tprime);
  const lq = logOneMinus(q), lr = logOneMinus(r);
  const w = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) w[i] = p[i] * Math.exp(T * lq[i]);
  const sum = new ExpSum(w, lr);
  const out = new Float64Array(Tprime.length);
  for (let j = 0; j < Tprime.length; j++) out[j] = sum.expSum(Tprime[j]) + pTail;
  return out;
}
