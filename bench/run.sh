#!/usr/bin/env bash
# Benchmarks (npm run bench): float64 linear algebra (native addon, portable TS) and tfjs training kernels,
# against numpy/scipy/PyTorch measured in the same run. Not tests: nothing here asserts timings.
# Usage: bash bench/run.sh [--quick] [--no-python] [dgemm1000 chol1000 eigh500 eigh1000 sgemm1024 sgemm2048 mlp transformer]
# Env: BENCH_PYTHON (a Python with numpy/scipy/torch) overrides the choice below; BENCH_OUT (default bench/RESULTS.md;
# the raw numbers go beside it, RESULTS-x.md -> results-x.json); BENCH_THREADS (default 1).
set -uo pipefail
cd "$(dirname "$0")/.."
# BENCH_THREADS (default 1): threads for OpenBLAS (addon and numpy) and torch.set_num_threads.
BENCH_THREADS="${BENCH_THREADS:-1}"
export BENCH_THREADS OPENBLAS_NUM_THREADS=$BENCH_THREADS OMP_NUM_THREADS=$BENCH_THREADS MKL_NUM_THREADS=$BENCH_THREADS LAB_BLAS_THREADS=$BENCH_THREADS

bash tools/build-native.sh

has() { "$1" -c "import $2" >/dev/null 2>&1; }
if [ -z "${BENCH_PYTHON:-}" ] && [[ " $* " != *" --no-python "* ]]; then
  if [ -x .venv/bin/python ]; then
    if ! has .venv/bin/python "numpy, scipy, torch"; then
      echo "bench: installing numpy scipy torch (CPU) into .venv for the reference timings" >&2
      pipi() { .venv/bin/pip install -q --retries 1 --timeout 20 "$@" >>/tmp/collapse-lab-bench-pip.log 2>&1; }
      pipi numpy scipy || echo "bench: pip could not install numpy/scipy (see /tmp/collapse-lab-bench-pip.log)" >&2
      # Prefer a local CPU-only torch wheel from pip's find-links (the default index may offer a CUDA build).
      links="$(.venv/bin/pip config get global.find-links 2>/dev/null || true)"
      cpu_whl="$(ls ${links:-/nonexistent}/torch-*+cpu-*.whl 2>/dev/null | sort -V | tail -1)"
      if [ -n "$cpu_whl" ]; then pipi "$cpu_whl"; else pipi torch; fi \
        || echo "bench: pip could not install torch (see /tmp/collapse-lab-bench-pip.log); torch references skipped" >&2
    fi
    has .venv/bin/python numpy && BENCH_PYTHON=.venv/bin/python
  fi
  if [ -z "${BENCH_PYTHON:-}" ]; then
    for py in python3 /usr/bin/python3; do
      if command -v "$py" >/dev/null 2>&1 && has "$py" numpy; then BENCH_PYTHON=$py; break; fi
    done
  fi
  [ -n "${BENCH_PYTHON:-}" ] || echo "bench: no Python with numpy found: reference timings skipped" >&2
fi
export BENCH_PYTHON="${BENCH_PYTHON:-}"
# A second reference: the system (Debian) numpy/scipy, which link the same OpenBLAS as the native addon.
if [ -z "${BENCH_PYTHON_SYSTEM:-}" ] && [[ " $* " != *" --no-python "* ]] && [ -x /usr/bin/python3 ] && has /usr/bin/python3 "numpy, scipy" \
   && [ "$(readlink -f /usr/bin/python3)" != "$(readlink -f "${BENCH_PYTHON:-/nonexistent}")" ]; then
  export BENCH_PYTHON_SYSTEM=/usr/bin/python3
fi
# This CPU's single-core FMA peak (the basis of "% of peak"), measured now.
peak_bin="${TMPDIR:-/tmp}/collapse-lab-peak-$$"
if cc -O3 -o "$peak_bin" bench/peak.c >/dev/null 2>&1; then
  BENCH_PEAK="$("$peak_bin" 2>/dev/null || true)"
  rm -f "$peak_bin"
  export BENCH_PEAK
  echo "bench: peak: ${BENCH_PEAK}" >&2
else
  echo "bench: no C compiler: % of peak will use nominal Zen 4 values" >&2
fi
echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) ($(uptime 2>/dev/null))" >&2
exec nice -n 0 node --import tsx bench/bench.ts "$@"
