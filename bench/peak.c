/*
 * Measures this CPU's single-core FMA peak (GFLOP/s) for fp64 and fp32, as the bench's "% of peak" basis.
 * 12 independent FMA chains per width (enough to cover FMA latency × throughput), timed by thread CPU time
 * so that time-slicing by other processes does not lower the result. Prints JSON:
 *   {"fp64": best GFLOP/s, "fp32": ..., "detail": "..."}
 * Build: cc -O3 -o peak peak.c  (the AVX2/AVX-512 kernels are compiled with target attributes and only run
 * when the CPU supports them).
 */
#include <stdio.h>
#include <time.h>
#include <immintrin.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

#define ITERS 20000000L
#define CHAINS 12

#define KERNEL(NAME, TARGET, VEC, SET1, FMA, ADD, LANES, CAST)                         \
  __attribute__((target(TARGET))) static double NAME(void) {                           \
    VEC acc[CHAINS];                                                                   \
    for (int i = 0; i < CHAINS; i++) acc[i] = SET1((CAST)(1.0 + 1e-3 * i));           \
    const VEC m = SET1((CAST)0.999999), a = SET1((CAST)1e-7);                          \
    double t0 = now();                                                                 \
    for (long it = 0; it < ITERS; it++) {                                              \
      _Pragma("GCC unroll 12")                                                         \
      for (int i = 0; i < CHAINS; i++) acc[i] = FMA(acc[i], m, a);                     \
    }                                                                                  \
    double t1 = now();                                                                 \
    VEC s = acc[0];                                                                    \
    for (int i = 1; i < CHAINS; i++) s = ADD(s, acc[i]);                               \
    volatile CAST sink[LANES];                                                         \
    _Pragma("GCC diagnostic ignored \"-Wcast-qual\"")                                  \
    __builtin_memcpy((void *)sink, &s, sizeof s);                                      \
    return (double)ITERS * CHAINS * LANES * 2 / (t1 - t0) / 1e9;                       \
  }

KERNEL(fma256d, "avx2,fma", __m256d, _mm256_set1_pd, _mm256_fmadd_pd, _mm256_add_pd, 4, double)
KERNEL(fma256s, "avx2,fma", __m256, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps, 8, float)
KERNEL(fma512d, "avx512f", __m512d, _mm512_set1_pd, _mm512_fmadd_pd, _mm512_add_pd, 8, double)
KERNEL(fma512s, "avx512f", __m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, 16, float)

int main(void) {
  double d = 0, s = 0, d2 = 0, s2 = 0, d5 = 0, s5 = 0;
  __builtin_cpu_init();
  /* best of 3 repetitions each (a repetition can lose its core to another process mid-run) */
  for (int r = 0; r < 3; r++) {
    double x;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
      if ((x = fma256d()) > d2) d2 = x;
      if ((x = fma256s()) > s2) s2 = x;
    }
    if (__builtin_cpu_supports("avx512f")) {
      if ((x = fma512d()) > d5) d5 = x;
      if ((x = fma512s()) > s5) s5 = x;
    }
  }
  d = d2 > d5 ? d2 : d5;
  s = s2 > s5 ? s2 : s5;
  printf("{\"fp64\": %.1f, \"fp32\": %.1f, \"detail\": \"FMA peak per core: AVX2 %.1f/%.1f, AVX-512 %.1f/%.1f GFLOP/s (fp64/fp32)\"}\n",
         d, s, d2, s2, d5, s5);
  return 0;
}
