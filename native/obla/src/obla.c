/*
 * obla: a small N-API binding over OpenBLAS (CBLAS) and LAPACKE for collapse-lab.
 *
 * Every function works in place on typed arrays (zero-copy; subarray views are honoured because
 * napi_get_typedarray_info returns the data pointer already offset by the view's byteOffset).
 * All matrices are row-major. Every argument is validated before any BLAS/LAPACK call: wrong types,
 * non-integer or out-of-range sizes, non-finite scalars and arrays shorter than the sizes require
 * throw a JavaScript TypeError/RangeError instead of reaching the library.
 */
#include <node_api.h>
#include <cblas.h>
#include <lapacke.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <stdlib.h>

#define MAX_ARGS 16

typedef struct {
  napi_env env;
  const char *fn;
  size_t argc;
  napi_value argv[MAX_ARGS];
} Call;

static int throw_type(Call *c, const char *msg) {
  char buf[256];
  snprintf(buf, sizeof buf, "obla.%s: %s", c->fn, msg);
  napi_throw_type_error(c->env, NULL, buf);
  return 0;
}

static int throw_range(Call *c, const char *msg) {
  char buf[256];
  snprintf(buf, sizeof buf, "obla.%s: %s", c->fn, msg);
  napi_throw_range_error(c->env, NULL, buf);
  return 0;
}

static int begin(napi_env env, napi_callback_info info, const char *fn, size_t want, Call *c) {
  /* want <= MAX_ARGS always (argv holds MAX_ARGS values; napi_get_cb_info fills at most that many) */
  c->env = env;
  c->fn = fn;
  c->argc = MAX_ARGS;
  if (napi_get_cb_info(env, info, &c->argc, c->argv, NULL, NULL) != napi_ok) return throw_type(c, "could not read arguments");
  if (c->argc < want) {
    char buf[96];
    snprintf(buf, sizeof buf, "expected %zu arguments, got %zu", want, c->argc);
    return throw_type(c, buf);
  }
  return 1;
}

static int get_bool(Call *c, size_t i, const char *name, int *out) {
  napi_valuetype t;
  napi_typeof(c->env, c->argv[i], &t);
  if (t != napi_boolean) {
    char buf[96];
    snprintf(buf, sizeof buf, "%s must be a boolean", name);
    return throw_type(c, buf);
  }
  bool b;
  napi_get_value_bool(c->env, c->argv[i], &b);
  *out = b ? 1 : 0;
  return 1;
}

static int get_double(Call *c, size_t i, const char *name, double *out) {
  napi_valuetype t;
  napi_typeof(c->env, c->argv[i], &t);
  char buf[96];
  if (t != napi_number) {
    snprintf(buf, sizeof buf, "%s must be a number", name);
    return throw_type(c, buf);
  }
  napi_get_value_double(c->env, c->argv[i], out);
  if (!isfinite(*out)) {
    snprintf(buf, sizeof buf, "%s must be finite", name);
    return throw_range(c, buf);
  }
  return 1;
}

/* A size: an integer in [lo, 2^31 - 1]. */
static int get_dim(Call *c, size_t i, const char *name, int lo, int *out) {
  double d;
  if (!get_double(c, i, name, &d)) return 0;
  if (d != floor(d) || d < lo || d > 2147483647.0) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s must be an integer >= %d (and < 2^31), got %g", name, lo, d);
    return throw_range(c, buf);
  }
  *out = (int)d;
  return 1;
}

static int get_array(Call *c, size_t i, const char *name, napi_typedarray_type want, uint64_t min_len, void **data) {
  bool is_ta = false;
  char buf[160];
  napi_is_typedarray(c->env, c->argv[i], &is_ta);
  const char *tname = want == napi_float64_array ? "Float64Array" : "Float32Array";
  if (!is_ta) {
    snprintf(buf, sizeof buf, "%s must be a %s", name, tname);
    return throw_type(c, buf);
  }
  napi_typedarray_type type;
  size_t length;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(c->env, c->argv[i], &type, &length, data, &ab, &offset) != napi_ok) {
    snprintf(buf, sizeof buf, "%s: could not read the typed array", name);
    return throw_type(c, buf);
  }
  if (type != want) {
    snprintf(buf, sizeof buf, "%s must be a %s", name, tname);
    return throw_type(c, buf);
  }
  if ((uint64_t)length < min_len) {
    snprintf(buf, sizeof buf, "%s has length %zu but the sizes require at least %llu", name, length, (unsigned long long)min_len);
    return throw_range(c, buf);
  }
  if (min_len > 0 && *data == NULL) {
    snprintf(buf, sizeof buf, "%s has no backing storage (detached?)", name);
    return throw_type(c, buf);
  }
  return 1;
}

static napi_value make_int(napi_env env, int v) {
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}

static napi_value undefined_value(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

/* gemm(transA, transB, M, N, K, alpha, A, B, beta, C) for double (is_single = 0) or float. */
static napi_value gemm_impl(napi_env env, napi_callback_info info, int is_single) {
  Call c;
  int tA, tB, M, N, K;
  double alpha, beta;
  void *A, *B, *C;
  const char *fn = is_single ? "sgemm" : "dgemm";
  napi_typedarray_type ty = is_single ? napi_float32_array : napi_float64_array;
  if (!begin(env, info, fn, 10, &c)) return NULL;
  if (!get_bool(&c, 0, "transA", &tA) || !get_bool(&c, 1, "transB", &tB)) return NULL;
  if (!get_dim(&c, 2, "M", 1, &M) || !get_dim(&c, 3, "N", 1, &N) || !get_dim(&c, 4, "K", 1, &K)) return NULL;
  if (!get_double(&c, 5, "alpha", &alpha) || !get_double(&c, 8, "beta", &beta)) return NULL;
  if (!get_array(&c, 6, "A", ty, (uint64_t)M * K, &A)) return NULL;
  if (!get_array(&c, 7, "B", ty, (uint64_t)K * N, &B)) return NULL;
  if (!get_array(&c, 9, "C", ty, (uint64_t)M * N, &C)) return NULL;
  int lda = tA ? M : K, ldb = tB ? K : N, ldc = N;
  if (is_single) {
    cblas_sgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, M, N, K,
                (float)alpha, (const float *)A, lda, (const float *)B, ldb, (float)beta, (float *)C, ldc);
  } else {
    cblas_dgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, M, N, K,
                alpha, (const double *)A, lda, (const double *)B, ldb, beta, (double *)C, ldc);
  }
  return undefined_value(env);
}

static napi_value Dgemm(napi_env env, napi_callback_info info) { return gemm_impl(env, info, 0); }
static napi_value Sgemm(napi_env env, napi_callback_info info) { return gemm_impl(env, info, 1); }

/* dgemv(trans, m, n, alpha, A, x, beta, y) */
static napi_value Dgemv(napi_env env, napi_callback_info info) {
  Call c;
  int tr, m, n;
  double alpha, beta;
  void *A, *x, *y;
  if (!begin(env, info, "dgemv", 8, &c)) return NULL;
  if (!get_bool(&c, 0, "trans", &tr) || !get_dim(&c, 1, "m", 1, &m) || !get_dim(&c, 2, "n", 1, &n)) return NULL;
  if (!get_double(&c, 3, "alpha", &alpha) || !get_double(&c, 6, "beta", &beta)) return NULL;
  if (!get_array(&c, 4, "A", napi_float64_array, (uint64_t)m * n, &A)) return NULL;
  if (!get_array(&c, 5, "x", napi_float64_array, tr ? m : n, &x)) return NULL;
  if (!get_array(&c, 7, "y", napi_float64_array, tr ? n : m, &y)) return NULL;
  cblas_dgemv(CblasRowMajor, tr ? CblasTrans : CblasNoTrans, m, n, alpha, (const double *)A, n, (const double *)x, 1,
              beta, (double *)y, 1);
  return undefined_value(env);
}

/* dsyrk(trans, n, k, alpha, A, beta, C): C = alpha*AᵀA (A k×n) or alpha*AAᵀ (A n×k) + beta*C, full symmetric output. */
static napi_value Dsyrk(napi_env env, napi_callback_info info) {
  Call c;
  int tr, n, k;
  double alpha, beta;
  void *A, *C;
  if (!begin(env, info, "dsyrk", 7, &c)) return NULL;
  if (!get_bool(&c, 0, "trans", &tr) || !get_dim(&c, 1, "n", 1, &n) || !get_dim(&c, 2, "k", 1, &k)) return NULL;
  if (!get_double(&c, 3, "alpha", &alpha) || !get_double(&c, 5, "beta", &beta)) return NULL;
  if (!get_array(&c, 4, "A", napi_float64_array, (uint64_t)n * k, &A)) return NULL;
  if (!get_array(&c, 6, "C", napi_float64_array, (uint64_t)n * n, &C)) return NULL;
  double *cc = (double *)C;
  cblas_dsyrk(CblasRowMajor, CblasLower, tr ? CblasTrans : CblasNoTrans, n, k, alpha, (const double *)A, tr ? n : k,
              beta, cc, n);
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) cc[(size_t)i * n + j] = cc[(size_t)j * n + i];
  return undefined_value(env);
}

/* dpotrf(n, A) -> info; lower factor, strict upper triangle zeroed. */
static napi_value Dpotrf(napi_env env, napi_callback_info info) {
  Call c;
  int n;
  void *A;
  if (!begin(env, info, "dpotrf", 2, &c)) return NULL;
  if (!get_dim(&c, 0, "n", 1, &n) || !get_array(&c, 1, "A", napi_float64_array, (uint64_t)n * n, &A)) return NULL;
  double *a = (double *)A;
  /* Row-major lower L is column-major upper U = Lᵀ: factor in place without LAPACKE's transposed copies. */
  int res = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'U', n, a, n);
  for (int i = 0; i < n; i++) memset(a + (size_t)i * n + i + 1, 0, sizeof(double) * (size_t)(n - i - 1));
  return make_int(env, res);
}

/*
 * Solves with a symmetric matrix held row-major (lower triangle meaningful): that storage IS the column-major
 * upper triangle, so LAPACK runs on it directly ('U'); only B (n×nrhs row-major) is transposed, into a
 * scratch buffer, when nrhs > 1. factored: A already holds the factor (dpotrs), else dposv.
 */
static int solve_spd_colmajor(int n, int nrhs, double *A, double *B, int factored) {
  double *bt = B;
  if (nrhs > 1) {
    bt = (double *)malloc(sizeof(double) * (size_t)n * nrhs);
    if (!bt) return -1000;
    for (int i = 0; i < n; i++)
      for (int j = 0; j < nrhs; j++) bt[(size_t)j * n + i] = B[(size_t)i * nrhs + j];
  }
  int res = factored ? LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'U', n, nrhs, A, n, bt, n)
                     : LAPACKE_dposv(LAPACK_COL_MAJOR, 'U', n, nrhs, A, n, bt, n);
  if (nrhs > 1) {
    for (int i = 0; i < n; i++)
      for (int j = 0; j < nrhs; j++) B[(size_t)i * nrhs + j] = bt[(size_t)j * n + i];
    free(bt);
  }
  return res;
}

/* dpotrs(n, nrhs, L, B) -> info */
static napi_value Dpotrs(napi_env env, napi_callback_info info) {
  Call c;
  int n, nrhs;
  void *L, *B;
  if (!begin(env, info, "dpotrs", 4, &c)) return NULL;
  if (!get_dim(&c, 0, "n", 1, &n) || !get_dim(&c, 1, "nrhs", 1, &nrhs)) return NULL;
  if (!get_array(&c, 2, "L", napi_float64_array, (uint64_t)n * n, &L)) return NULL;
  if (!get_array(&c, 3, "B", napi_float64_array, (uint64_t)n * nrhs, &B)) return NULL;
  return make_int(env, solve_spd_colmajor(n, nrhs, (double *)L, (double *)B, 1));
}

/* dposv(n, nrhs, A, B) -> info */
static napi_value Dposv(napi_env env, napi_callback_info info) {
  Call c;
  int n, nrhs;
  void *A, *B;
  if (!begin(env, info, "dposv", 4, &c)) return NULL;
  if (!get_dim(&c, 0, "n", 1, &n) || !get_dim(&c, 1, "nrhs", 1, &nrhs)) return NULL;
  if (!get_array(&c, 2, "A", napi_float64_array, (uint64_t)n * n, &A)) return NULL;
  if (!get_array(&c, 3, "B", napi_float64_array, (uint64_t)n * nrhs, &B)) return NULL;
  return make_int(env, solve_spd_colmajor(n, nrhs, (double *)A, (double *)B, 0));
}

/* dtrsm(lower, trans, n, nrhs, T, B): B := op(T)^{-1} B */
static napi_value Dtrsm(napi_env env, napi_callback_info info) {
  Call c;
  int lower, tr, n, nrhs;
  void *T, *B;
  if (!begin(env, info, "dtrsm", 6, &c)) return NULL;
  if (!get_bool(&c, 0, "lower", &lower) || !get_bool(&c, 1, "trans", &tr)) return NULL;
  if (!get_dim(&c, 2, "n", 1, &n) || !get_dim(&c, 3, "nrhs", 1, &nrhs)) return NULL;
  if (!get_array(&c, 4, "T", napi_float64_array, (uint64_t)n * n, &T)) return NULL;
  if (!get_array(&c, 5, "B", napi_float64_array, (uint64_t)n * nrhs, &B)) return NULL;
  cblas_dtrsm(CblasRowMajor, CblasLeft, lower ? CblasLower : CblasUpper, tr ? CblasTrans : CblasNoTrans, CblasNonUnit,
              n, nrhs, 1.0, (const double *)T, n, (double *)B, nrhs);
  return undefined_value(env);
}

/* dsyevd(n, A, W, vectors) -> info; lower triangle read; eigenvectors as columns of A. */
static napi_value Dsyevd(napi_env env, napi_callback_info info) {
  Call c;
  int n, vec;
  void *A, *W;
  if (!begin(env, info, "dsyevd", 4, &c)) return NULL;
  if (!get_dim(&c, 0, "n", 1, &n) || !get_bool(&c, 3, "vectors", &vec)) return NULL;
  if (!get_array(&c, 1, "A", napi_float64_array, (uint64_t)n * n, &A)) return NULL;
  if (!get_array(&c, 2, "W", napi_float64_array, (uint64_t)n, &W)) return NULL;
  /* Row-major lower triangle = column-major upper: no input transpose. Column-major eigenvectors come out as
     rows of the row-major array; one in-place transpose makes them columns. */
  double *a = (double *)A;
  int res = LAPACKE_dsyevd(LAPACK_COL_MAJOR, vec ? 'V' : 'N', 'U', n, a, n, (double *)W);
  if (res == 0 && vec) {
    for (int i = 0; i < n; i++)
      for (int j = i + 1; j < n; j++) {
        double t = a[(size_t)i * n + j];
        a[(size_t)i * n + j] = a[(size_t)j * n + i];
        a[(size_t)j * n + i] = t;
      }
  }
  return make_int(env, res);
}

/* dgelsd(m, n, nrhs, A, B, S, rcond) -> rank >= 0, or info < 0 (bad argument), or -1000 - info (no convergence). */
static napi_value Dgelsd(napi_env env, napi_callback_info info) {
  Call c;
  int m, n, nrhs;
  double rcond;
  void *A, *B, *S;
  if (!begin(env, info, "dgelsd", 7, &c)) return NULL;
  if (!get_dim(&c, 0, "m", 1, &m) || !get_dim(&c, 1, "n", 1, &n) || !get_dim(&c, 2, "nrhs", 1, &nrhs)) return NULL;
  if (!get_double(&c, 6, "rcond", &rcond)) return NULL;
  int mx = m > n ? m : n, mn = m < n ? m : n;
  if (!get_array(&c, 3, "A", napi_float64_array, (uint64_t)m * n, &A)) return NULL;
  if (!get_array(&c, 4, "B", napi_float64_array, (uint64_t)mx * nrhs, &B)) return NULL;
  if (!get_array(&c, 5, "S", napi_float64_array, (uint64_t)mn, &S)) return NULL;
  lapack_int rank = 0;
  lapack_int res = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, m, n, nrhs, (double *)A, n, (double *)B, nrhs, (double *)S, rcond, &rank);
  if (res < 0) return make_int(env, res);
  if (res > 0) return make_int(env, -1000 - res);
  return make_int(env, rank);
}

/* dgesdd(m, n, A, S, U, VT) -> info; thin SVD, k = min(m, n): U m×k, VT k×n. */
static napi_value Dgesdd(napi_env env, napi_callback_info info) {
  Call c;
  int m, n;
  void *A, *S, *U, *VT;
  if (!begin(env, info, "dgesdd", 6, &c)) return NULL;
  if (!get_dim(&c, 0, "m", 1, &m) || !get_dim(&c, 1, "n", 1, &n)) return NULL;
  int k = m < n ? m : n;
  if (!get_array(&c, 2, "A", napi_float64_array, (uint64_t)m * n, &A)) return NULL;
  if (!get_array(&c, 3, "S", napi_float64_array, (uint64_t)k, &S)) return NULL;
  if (!get_array(&c, 4, "U", napi_float64_array, (uint64_t)m * k, &U)) return NULL;
  if (!get_array(&c, 5, "VT", napi_float64_array, (uint64_t)k * n, &VT)) return NULL;
  return make_int(env, LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 'S', m, n, (double *)A, n, (double *)S, (double *)U, k,
                                      (double *)VT, n));
}

/*
 * adamUpdate(w, g, m, v, wOut, mOut, vOut, lr, beta1, beta2, eps, c1, c2): one fused Adam step on float32
 * arrays of equal length (outputs may alias inputs):
 *   m' = b1 m + (1 − b1) g,  v' = b2 v + (1 − b2) g²,  w' = w − lr (m'/c1) / (sqrt(v'/c2) + eps),
 * with c1 = 1 − b1^t, c2 = 1 − b2^t — the same formula as tfjs's AdamOptimizer.
 */
static napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  Call c;
  void *w, *g, *m, *v, *wo, *mo, *vo;
  double lr, b1, b2, eps, c1, c2;
  if (!begin(env, info, "adamUpdate", 13, &c)) return NULL;
  if (!get_double(&c, 7, "lr", &lr) || !get_double(&c, 8, "beta1", &b1) || !get_double(&c, 9, "beta2", &b2) ||
      !get_double(&c, 10, "eps", &eps) || !get_double(&c, 11, "c1", &c1) || !get_double(&c, 12, "c2", &c2)) return NULL;
  if (!get_array(&c, 0, "w", napi_float32_array, 0, &w)) return NULL;
  size_t n;
  napi_get_typedarray_info(env, c.argv[0], NULL, &n, NULL, NULL, NULL);
  if (!get_array(&c, 1, "g", napi_float32_array, n, &g) || !get_array(&c, 2, "m", napi_float32_array, n, &m) ||
      !get_array(&c, 3, "v", napi_float32_array, n, &v) || !get_array(&c, 4, "wOut", napi_float32_array, n, &wo) ||
      !get_array(&c, 5, "mOut", napi_float32_array, n, &mo) || !get_array(&c, 6, "vOut", napi_float32_array, n, &vo)) return NULL;
  if (c1 <= 0 || c2 <= 0) return throw_range(&c, "bias corrections c1, c2 must be positive"), NULL;
  const float *W = w, *G = g, *M = m, *V = v;
  float *WO = wo, *MO = mo, *VO = vo;
  const float fb1 = (float)b1, fb2 = (float)b2, a1 = (float)(1 - b1), a2 = (float)(1 - b2);
  const float ic1 = (float)(1 / c1), ic2 = (float)(1 / c2), flr = (float)lr, feps = (float)eps;
  for (size_t i = 0; i < n; i++) {
    const float gi = G[i];
    const float mi = fb1 * M[i] + a1 * gi;
    const float vi = fb2 * V[i] + a2 * gi * gi;
    MO[i] = mi;
    VO[i] = vi;
    WO[i] = W[i] - flr * (mi * ic1) / (sqrtf(vi * ic2) + feps);
  }
  return undefined_value(env);
}

/*
 * Fused LayerNorm and multi-head attention for the tfjs wasm backend (src/tf/fused-ops.ts), on float32 views of the
 * wasm heap. Row sums use eight float64 partial sums (a fixed order, so results are deterministic).
 */
static double row_sum(const float *x, int n) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int j = 0;
  for (; j + 8 <= n; j += 8)
    for (int k = 0; k < 8; k++) s[k] += x[j + k];
  double t = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
  for (; j < n; j++) t += x[j];
  return t;
}

/* layerNormForward(R, C, eps, X, G, B, Y, mean, rstd): y = (x − mean)·rstd·g + b per row of X (R×C). */
static napi_value LayerNormForward(napi_env env, napi_callback_info info) {
  Call c;
  int R, C;
  double eps;
  void *x, *g, *b, *y, *mu, *rs;
  if (!begin(env, info, "layerNormForward", 9, &c)) return NULL;
  if (!get_dim(&c, 0, "R", 1, &R) || !get_dim(&c, 1, "C", 1, &C) || !get_double(&c, 2, "eps", &eps)) return NULL;
  if (eps <= 0) return throw_range(&c, "eps must be positive"), NULL;
  const uint64_t RC = (uint64_t)R * C;
  if (!get_array(&c, 3, "X", napi_float32_array, RC, &x) || !get_array(&c, 4, "G", napi_float32_array, C, &g) ||
      !get_array(&c, 5, "B", napi_float32_array, C, &b) || !get_array(&c, 6, "Y", napi_float32_array, RC, &y) ||
      !get_array(&c, 7, "mean", napi_float32_array, R, &mu) || !get_array(&c, 8, "rstd", napi_float32_array, R, &rs)) return NULL;
  const float *X = x, *G = g, *Bv = b;
  float *Y = y, *M = mu, *S = rs;
  float *d = malloc(sizeof(float) * (size_t)C);
  if (!d) return throw_range(&c, "out of memory"), NULL;
  for (int r = 0; r < R; r++) {
    const float *xr = X + (size_t)r * C;
    float *yr = Y + (size_t)r * C;
    const float mean = (float)(row_sum(xr, C) / C);
    for (int j = 0; j < C; j++) d[j] = (xr[j] - mean) * (xr[j] - mean);
    const float rstd = (float)(1.0 / sqrt(row_sum(d, C) / C + eps));
    for (int j = 0; j < C; j++) yr[j] = (xr[j] - mean) * rstd * G[j] + Bv[j];
    M[r] = mean;
    S[r] = rstd;
  }
  free(d);
  return undefined_value(env);
}

/*
 * layerNormBackward(R, C, DY, X, G, mean, rstd, DX, DG, DB), with x̂ = (x − mean)·rstd:
 *   dx = rstd·(dy⊙g − mean_row(dy⊙g) − x̂·mean_row(dy⊙g⊙x̂)),  dg = Σ_rows dy⊙x̂,  db = Σ_rows dy.
 */
static napi_value LayerNormBackward(napi_env env, napi_callback_info info) {
  Call c;
  int R, C;
  void *dy, *x, *g, *mu, *rs, *dx, *dgp, *dbp;
  if (!begin(env, info, "layerNormBackward", 10, &c)) return NULL;
  if (!get_dim(&c, 0, "R", 1, &R) || !get_dim(&c, 1, "C", 1, &C)) return NULL;
  const uint64_t RC = (uint64_t)R * C;
  if (!get_array(&c, 2, "DY", napi_float32_array, RC, &dy) || !get_array(&c, 3, "X", napi_float32_array, RC, &x) ||
      !get_array(&c, 4, "G", napi_float32_array, C, &g) || !get_array(&c, 5, "mean", napi_float32_array, R, &mu) ||
      !get_array(&c, 6, "rstd", napi_float32_array, R, &rs) || !get_array(&c, 7, "DX", napi_float32_array, RC, &dx) ||
      !get_array(&c, 8, "DG", napi_float32_array, C, &dgp) || !get_array(&c, 9, "DB", napi_float32_array, C, &dbp)) return NULL;
  const float *DY = dy, *X = x, *G = g, *M = mu, *S = rs;
  float *DX = dx, *DG = dgp, *DB = dbp;
  float *buf = malloc(sizeof(float) * 3 * (size_t)C);
  double *acc = calloc(2 * (size_t)C, sizeof(double));
  if (!buf || !acc) { free(buf); free(acc); return throw_range(&c, "out of memory"), NULL; }
  float *xh = buf, *gy = buf + C, *gyx = buf + 2 * C;
  double *dg = acc, *db = acc + C;
  for (int r = 0; r < R; r++) {
    const float *xr = X + (size_t)r * C, *dyr = DY + (size_t)r * C;
    float *dxr = DX + (size_t)r * C;
    const float m = M[r], s = S[r];
    for (int j = 0; j < C; j++) {
      xh[j] = (xr[j] - m) * s;
      gy[j] = dyr[j] * G[j];
      gyx[j] = gy[j] * xh[j];
      dg[j] += (double)dyr[j] * xh[j];
      db[j] += dyr[j];
    }
    const float a = (float)(row_sum(gy, C) / C), b = (float)(row_sum(gyx, C) / C);
    for (int j = 0; j < C; j++) dxr[j] = s * (gy[j] - a - xh[j] * b);
  }
  for (int j = 0; j < C; j++) { DG[j] = (float)dg[j]; DB[j] = (float)db[j]; }
  free(buf);
  free(acc);
  return undefined_value(env);
}

/* Reads the attention sizes B, T, H, hd (argv 0..3) and the scale (argv 4). */
static int attention_sizes(Call *c, int *B, int *T, int *H, int *hd, double *scale) {
  return get_dim(c, 0, "B", 1, B) && get_dim(c, 1, "T", 1, T) && get_dim(c, 2, "H", 1, H) && get_dim(c, 3, "hd", 1, hd) &&
    get_double(c, 4, "scale", scale);
}

/*
 * attentionForward(B, T, H, hd, scale, QKV, mask, P, O): multi-head self-attention on packed projections.
 * QKV is [B·T, 3d] (d = H·hd; per row q | k | v, head h in columns h·hd..), mask [T, T] is additive. For each
 * sequence b and head h: P_bh = softmax(scale·Q Kᵀ + mask) (stored, [B, H, T, T]) and O_bh = P_bh V, written to
 * columns h·hd.. of O [B·T, d]. exp is skipped (0) below −104, where float32 exp underflows.
 */
static napi_value AttentionForward(napi_env env, napi_callback_info info) {
  Call c;
  int B, T, H, hd;
  double scale;
  void *qkv, *mk, *p, *o;
  if (!begin(env, info, "attentionForward", 9, &c) || !attention_sizes(&c, &B, &T, &H, &hd, &scale)) return NULL;
  const int d = H * hd, ld = 3 * d;
  const uint64_t rows = (uint64_t)B * T;
  if (!get_array(&c, 5, "QKV", napi_float32_array, rows * ld, &qkv) || !get_array(&c, 6, "mask", napi_float32_array, (uint64_t)T * T, &mk) ||
      !get_array(&c, 7, "P", napi_float32_array, rows * H * T, &p) || !get_array(&c, 8, "O", napi_float32_array, rows * d, &o)) return NULL;
  const float *X = qkv, *Mk = mk;
  float *P = p, *O = o;
  for (int b = 0; b < B; b++) {
    for (int h = 0; h < H; h++) {
      const float *Q = X + (size_t)b * T * ld + (size_t)h * hd, *K = Q + d, *V = Q + 2 * d;
      float *Pbh = P + ((size_t)b * H + h) * T * T;
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, T, T, hd, (float)scale, Q, ld, K, ld, 0.0f, Pbh, T);
      for (int i = 0; i < T; i++) {
        float *pr = Pbh + (size_t)i * T;
        const float *mr = Mk + (size_t)i * T;
        float mx = -INFINITY;
        for (int j = 0; j < T; j++) {
          const float z = pr[j] + mr[j];
          pr[j] = z;
          mx = z > mx ? z : mx;
        }
        for (int j = 0; j < T; j++) {
          const float z = pr[j] - mx;
          pr[j] = z < -104.0f ? 0.0f : expf(z);
        }
        const float inv = (float)(1.0 / row_sum(pr, T));
        for (int j = 0; j < T; j++) pr[j] *= inv;
      }
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, T, hd, T, 1.0f, Pbh, T, V, ld, 0.0f, O + (size_t)b * T * d + (size_t)h * hd, d);
    }
  }
  return undefined_value(env);
}

/*
 * attentionBackward(B, T, H, hd, scale, DO, QKV, P, DQKV): the gradient of attentionForward with respect to QKV, given
 * DO [B·T, d] and the stored P. With Z = scale·Q Kᵀ + mask and dZ = P⊙(dP − Σ_row dP⊙P), dP = dO Vᵀ:
 *   dQ = scale·dZ K,  dK = scale·dZᵀ Q,  dV = Pᵀ dO, written to the q | k | v columns of DQKV [B·T, 3d].
 */
static napi_value AttentionBackward(napi_env env, napi_callback_info info) {
  Call c;
  int B, T, H, hd;
  double scale;
  void *dop, *qkv, *p, *dqkv;
  if (!begin(env, info, "attentionBackward", 9, &c) || !attention_sizes(&c, &B, &T, &H, &hd, &scale)) return NULL;
  const int d = H * hd, ld = 3 * d;
  const uint64_t rows = (uint64_t)B * T;
  if (!get_array(&c, 5, "DO", napi_float32_array, rows * d, &dop) || !get_array(&c, 6, "QKV", napi_float32_array, rows * ld, &qkv) ||
      !get_array(&c, 7, "P", napi_float32_array, rows * H * T, &p) || !get_array(&c, 8, "DQKV", napi_float32_array, rows * ld, &dqkv)) return NULL;
  const float *DO = dop, *X = qkv, *P = p;
  float *DX = dqkv;
  float *dz = malloc(sizeof(float) * (size_t)T * T);
  if (!dz) return throw_range(&c, "out of memory"), NULL;
  for (int b = 0; b < B; b++) {
    for (int h = 0; h < H; h++) {
      const size_t off = (size_t)b * T * ld + (size_t)h * hd;
      const float *Q = X + off, *K = Q + d, *V = Q + 2 * d;
      const float *dO = DO + (size_t)b * T * d + (size_t)h * hd;
      const float *Pbh = P + ((size_t)b * H + h) * T * T;
      float *dQ = DX + off, *dK = dQ + d, *dV = dQ + 2 * d;
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, T, T, hd, 1.0f, dO, d, V, ld, 0.0f, dz, T);
      for (int i = 0; i < T; i++) {
        float *zr = dz + (size_t)i * T;
        const float *pr = Pbh + (size_t)i * T;
        double s[4] = {0, 0, 0, 0};
        int j = 0;
        for (; j + 4 <= T; j += 4)
          for (int k = 0; k < 4; k++) s[k] += (double)zr[j + k] * pr[j + k];
        double dot = (s[0] + s[1]) + (s[2] + s[3]);
        for (; j < T; j++) dot += (double)zr[j] * pr[j];
        const float fd = (float)dot;
        for (j = 0; j < T; j++) zr[j] = pr[j] * (zr[j] - fd);
      }
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, T, hd, T, (float)scale, dz, T, K, ld, 0.0f, dQ, ld);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, T, hd, T, (float)scale, dz, T, Q, ld, 0.0f, dK, ld);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, T, hd, T, 1.0f, Pbh, T, dO, d, 0.0f, dV, ld);
    }
  }
  free(dz);
  return undefined_value(env);
}

/* firstNonFinite(x: Float64Array) -> index of the first NaN/±Inf entry, or -1. */
static napi_value FirstNonFinite(napi_env env, napi_callback_info info) {
  Call c;
  void *x;
  if (!begin(env, info, "firstNonFinite", 1, &c)) return NULL;
  if (!get_array(&c, 0, "x", napi_float64_array, 0, &x)) return NULL;
  size_t n;
  napi_get_typedarray_info(env, c.argv[0], NULL, &n, NULL, NULL, NULL);
  const double *a = (const double *)x;
  double acc = 0;
  size_t i = 0;
  /* blocks: x*0 is 0 for finite x and NaN otherwise, so a block sum of x*0 flags any non-finite entry */
  for (; i + 64 <= n; i += 64) {
    acc = 0;
    for (size_t j = 0; j < 64; j++) acc += a[i + j] * 0.0;
    if (acc != 0 || acc != acc) break;
  }
  for (; i < n; i++) if (!isfinite(a[i])) { napi_value out; napi_create_double(env, (double)i, &out); return out; }
  napi_value out;
  napi_create_double(env, -1, &out);
  return out;
}

/*
 * firstAsymmetric(n, A, rel, absScale) -> i*n + j of the first pair (i > j) with
 * |a_ij − a_ji| > max(absScale·max|A|, rel·max(|a_ij|, |a_ji|)), or -1 (cache-blocked scan);
 * −2 − k when entry k is NaN or ±Inf (checked first, in the same pass that finds max|A|).
 */
static napi_value FirstAsymmetric(napi_env env, napi_callback_info info) {
  Call c;
  int n;
  double rel, absScale;
  void *A;
  if (!begin(env, info, "firstAsymmetric", 4, &c)) return NULL;
  if (!get_dim(&c, 0, "n", 1, &n) || !get_double(&c, 2, "rel", &rel) || !get_double(&c, 3, "absScale", &absScale)) return NULL;
  if (!get_array(&c, 1, "A", napi_float64_array, (uint64_t)n * n, &A)) return NULL;
  const double *a = (const double *)A;
  const size_t nn = (size_t)n * n;
  double maxAbs = 0;
  for (size_t i = 0; i < nn; i++) {
    double v = fabs(a[i]);
    if (!(v <= 1.7976931348623157e308)) { /* NaN or ±Inf */
      napi_value out;
      napi_create_double(env, -2.0 - (double)i, &out);
      return out;
    }
    if (v > maxAbs) maxAbs = v;
  }
  const double floor_ = absScale * maxAbs;
  const int B = 64;
  double found = -1;
  for (int i0 = 0; i0 < n && found < 0; i0 += B) {
    for (int j0 = 0; j0 <= i0 && found < 0; j0 += B) {
      int i1 = i0 + B < n ? i0 + B : n, j1 = j0 + B < n ? j0 + B : n;
      for (int i = i0; i < i1 && found < 0; i++) {
        int jmax = j1 < i ? j1 : i;
        for (int j = j0; j < jmax; j++) {
          double x = a[(size_t)i * n + j], y = a[(size_t)j * n + i];
          double d = fabs(x - y);
          double m = fabs(x) > fabs(y) ? fabs(x) : fabs(y);
          if (d > floor_ && d > rel * m) { found = (double)i * n + j; break; }
        }
      }
    }
  }
  napi_value out;
  napi_create_double(env, found, &out);
  return out;
}

static napi_value SetThreads(napi_env env, napi_callback_info info) {
  Call c;
  int n;
  if (!begin(env, info, "setThreads", 1, &c)) return NULL;
  if (!get_dim(&c, 0, "n", 1, &n)) return NULL;
  if (n > 256) return throw_range(&c, "n must be <= 256"), NULL;
  openblas_set_num_threads(n);
  return undefined_value(env);
}

static napi_value GetThreads(napi_env env, napi_callback_info info) {
  return make_int(env, openblas_get_num_threads());
}

static napi_value make_string(napi_env env, const char *s) {
  napi_value out;
  napi_create_string_utf8(env, s ? s : "", NAPI_AUTO_LENGTH, &out);
  return out;
}

static napi_value Config(napi_env env, napi_callback_info info) { return make_string(env, openblas_get_config()); }
static napi_value Corename(napi_env env, napi_callback_info info) { return make_string(env, openblas_get_corename()); }

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"dgemm", NULL, Dgemm, NULL, NULL, NULL, napi_enumerable, NULL},
    {"sgemm", NULL, Sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dgemv", NULL, Dgemv, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dsyrk", NULL, Dsyrk, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dpotrf", NULL, Dpotrf, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dpotrs", NULL, Dpotrs, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dposv", NULL, Dposv, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dtrsm", NULL, Dtrsm, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dsyevd", NULL, Dsyevd, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dgelsd", NULL, Dgelsd, NULL, NULL, NULL, napi_enumerable, NULL},
    {"dgesdd", NULL, Dgesdd, NULL, NULL, NULL, napi_enumerable, NULL},
    {"adamUpdate", NULL, AdamUpdate, NULL, NULL, NULL, napi_enumerable, NULL},
    {"layerNormForward", NULL, LayerNormForward, NULL, NULL, NULL, napi_enumerable, NULL},
    {"layerNormBackward", NULL, LayerNormBackward, NULL, NULL, NULL, napi_enumerable, NULL},
    {"attentionForward", NULL, AttentionForward, NULL, NULL, NULL, napi_enumerable, NULL},
    {"attentionBackward", NULL, AttentionBackward, NULL, NULL, NULL, napi_enumerable, NULL},
    {"firstNonFinite", NULL, FirstNonFinite, NULL, NULL, NULL, napi_enumerable, NULL},
    {"firstAsymmetric", NULL, FirstAsymmetric, NULL, NULL, NULL, napi_enumerable, NULL},
    {"setThreads", NULL, SetThreads, NULL, NULL, NULL, napi_enumerable, NULL},
    {"getThreads", NULL, GetThreads, NULL, NULL, NULL, napi_enumerable, NULL},
    {"config", NULL, Config, NULL, NULL, NULL, napi_enumerable, NULL},
    {"corename", NULL, Corename, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
