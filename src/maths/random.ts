/**
 * Seeded pseudo-random numbers with explicit state.
 *
 * Every stochastic function of the lab takes an {@link Rng}; nothing calls `Math.random`.
 * The generator is xoshiro128** (Blackman & Vigna) on 32-bit integer arithmetic, seeded through
 * splitmix32, so the same seed gives bit-identical streams on every machine and Node version.
 * Uniforms carry 53 random bits (two 32-bit outputs), normals use the Marsaglia polar method.
 *
 * @example
 * const rng = createRng(42);
 * rng.uniform(); // a number in [0, 1), the same on every machine for seed 42
 * const child = rng.split(); // an independent stream, e.g. one per Monte-Carlo seed
 */

/** A seeded random stream. All methods advance the same internal state. */
export interface Rng {
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in {0, …, n−1}; n must be a positive integer ≤ 2³². */
  int(n: number): number;
  /** Fills `out` with i.i.d. N(0, 1) (or N(0, sd²)) draws and returns it. */
  fillNormal<T extends Float64Array | Float32Array>(out: T, sd?: number): T;
  /** Shuffles `xs` in place (Fisher–Yates) and returns it. */
  shuffle<T>(xs: T[]): T[];
  /** One element of `xs`, uniformly. Throws on an empty array. */
  choice<T>(xs: readonly T[]): T;
  /** A new independent stream derived from this one (advances this stream by one step). */
  split(): Rng;
  /** The seed this stream was created from (or derived for a split stream). */
  readonly seed: number;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_M53 = 1 / 9007199254740992;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Checks and normalises a user-supplied seed: a non-negative integer below 2³², or a
 * decimal string of one (as read from an environment variable).
 *
 * @throws RangeError naming the bad value.
 */
export function parseSeed(seed: number | string): number {
  const n = typeof seed === "string" ? (/^\s*\d+\s*$/.test(seed) ? Number(seed) : NaN) : seed;
  if (!Number.isInteger(n) || n < 0 || n >= TWO_POW_32) {
    throw new RangeError(`invalid seed ${JSON.stringify(seed)}: expected an integer in [0, 2^32)`);
  }
  return n;
}

/**
 * Creates a seeded {@link Rng}.
 *
 * @param seed integer in [0, 2³²) (or its decimal string)
 * @throws RangeError on any other seed
 * @example
 * createRng(1).int(6); // a die roll, identical on every machine
 */
export function createRng(seed: number | string): Rng {
  const s0 = parseSeed(seed);
  const sm = splitmix32(s0);
  let a = sm(), b = sm(), c = sm(), d = sm();
  if ((a | b | c | d) === 0) a = 1;
  const next32 = xoshiro128StarStar(a, b, c, d);
  let spare = NaN;

  const uniform = (): number => {
    const hi = next32() >>> 5; // 27 bits
    const lo = next32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_M53;
  };

  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = NaN;
      return v;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    return u * f;
  };

  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new RangeError(`rng.int(n): n must be a positive integer ≤ 2^32, got ${n}`);
    }
    // Rejection sampling removes modulo bias.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x: number;
    do x = next32();
    while (x >= limit);
    return x % n;
  };

  const rng: Rng = {
    seed: s0,
    uniform,
    normal,
    int,
    fillNormal(out, sd = 1) {
      for (let i = 0; i < out.length; i++) out[i] = sd * normal();
      return out;
    },
    shuffle(xs) {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = int(i + 1);
        const t = xs[i];
        xs[i] = xs[j];
        xs[j] = t;
      }
      return xs;
    },
    choice(xs) {
      if (xs.length === 0) throw new RangeError("rng.choice: empty array");
      return xs[int(xs.length)];
    },
    split() {
      return createRng(next32());
    },
  };
  return rng;
}

/**
 * The raw xoshiro128** generator from a 128-bit state (four uint32 words, not all zero): each call returns the next
 * uint32. Exposed for testing against the reference implementation.
 * @example xoshiro128StarStar(1, 2, 3, 4)() // returns 11520
 */
export function xoshiro128StarStar(a: number, b: number, c: number, d: number): () => number {
  let s0 = a >>> 0, s1 = b >>> 0, s2 = c >>> 0, s3 = d >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) throw new RangeError("xoshiro128StarStar: the state must not be all zero");
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * `count` independent streams derived from one seed, e.g. one per Monte-Carlo repetition.
 * Stream i depends only on (seed, i), so adding repetitions never changes the earlier ones.
 */
export function rngStreams(seed: number, count: number): Rng[] {
  const root = createRng(seed);
  const out: Rng[] = [];
  for (let i = 0; i < count; i++) out.push(root.split());
  return out;
}
