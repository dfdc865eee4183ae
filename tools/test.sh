#!/usr/bin/env bash
# The test suite: type-check, hygiene checks, unit/property tests, then every notebook in quick mode with its checks,
# the mutation test of the agreement checks and the render test of the reports (tools/render-check.cjs).
# Ends with one line "N passed, N failed" (unit tests + notebooks). Usage: bash tools/test.sh [unit|notebooks|portable]
# "portable" (not part of the default run; CI runs it after it): every notebook in quick mode as on a machine without
# the native addon — the portable TypeScript linear algebra (LAB_LINALG=portable) and tfjs on wasm alone
# (LAB_TF_MATMUL=fix: XNNPACK matmuls, no fused kernels, Adam in JavaScript) — checks must pass, so that fallback stays tested.
set -uo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
t0=$(date +%s)
passed=0; failed=0
log=$(mktemp -t collapse-lab-unit.XXXXXX.log)
if [ "$what" = all ] || [ "$what" = unit ]; then
  echo "== typecheck (strict, tslab's TypeScript $(node node_modules/@tslab/typescript-for-tslab/bin/tsc --version | awk '{print $2}'))"
  node node_modules/@tslab/typescript-for-tslab/bin/tsc -p tsconfig.json || { echo "typecheck FAILED"; echo "0 passed, 1 failed"; exit 1; }
  echo "== notebooks committed without outputs; imports tslab can resolve"
  { node tools/check-notebooks.cjs && node tools/check-imports.cjs; } || { echo "hygiene check FAILED"; echo "0 passed, 1 failed"; exit 1; }
  echo "== unit and property tests"
  mapfile -t files < <(find test -name '*.test.ts' | sort)
  # two test files at a time: most of the long ones (runner, render) wait on kernels and browsers, not the CPU
  node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}" > "$log" 2>&1
  status=$?
  grep -E '^ℹ (tests|pass|fail|cancelled|skipped|duration_ms)' "$log"
  p=$(awk '/^ℹ pass /{print $3}' "$log"); f=$(awk '/^ℹ fail /{print $3}' "$log"); c=$(awk '/^ℹ cancelled /{print $3}' "$log")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${c:-0}))
  if [ $status -ne 0 ] || [ -z "$p" ]; then
    echo "unit tests FAILED (exit $status); failing tests:"
    awk '/^✖ failing tests:/{on=1} on' "$log" | head -150
    [ -n "$p" ] || { failed=$((failed + 1)); tail -40 "$log"; }
  fi
  echo "(full unit-test log: $log)"
fi
if [ "$what" = all ] || [ "$what" = notebooks ]; then
  echo "== every notebook in quick mode, one per core at a time (checks must pass)"
  nblog=$(mktemp -t collapse-lab-notebooks.XXXXXX.log)
  LAB_CACHE=off node tools/lab.cjs run --mode quick --out "${LAB_TEST_REPORTS:-reports}" 2>&1 | tee "$nblog"
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$nblog" | tail -1)
  np=$(echo "$summary" | awk '{print $1}'); nf=$(echo "$summary" | awk '{print $3}')
  [ -n "$summary" ] || nf=1
  passed=$((passed + ${np:-0})); failed=$((failed + ${nf:-0}))
  echo "== mutation test: each agreement check fails with theory scaled by 1 ± 1.5·(its detectable bias)"
  mutlog=$(mktemp -t collapse-lab-mutation.XXXXXX.log)
  node --import tsx tools/mutation-check.ts "${LAB_TEST_REPORTS:-reports}" 2>&1 | tee "$mutlog"
  msum=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$mutlog" | tail -1)
  mp=$(echo "$msum" | awk '{print $1}'); mf=$(echo "$msum" | awk '{print $3}')
  [ -n "$msum" ] || mf=1
  passed=$((passed + ${mp:-0})); failed=$((failed + ${mf:-0}))
  echo "== render test: every figure of every report in headless Chromium (console errors, empty plots); contact sheet"
  rdir="${LAB_TEST_REPORTS:-reports}"
  rlog=$(mktemp -t collapse-lab-render.XXXXXX.log)
  node tools/render-check.cjs "$rdir" 2>&1 | tee "$rlog"
  rsum=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$rlog" | tail -1)
  rp=$(echo "$rsum" | awk '{print $1}'); rf=$(echo "$rsum" | awk '{print $3}' | tr -d ,)
  [ -n "$rsum" ] || rf=1
  passed=$((passed + ${rp:-0})); failed=$((failed + ${rf:-0}))
  skipped_render=$(grep -m1 'render test SKIPPED' "$rlog" || true)
  # The index links the contact sheet once it exists.
  [ -f "$rdir/contact-sheet.html" ] && { python3 tools/build_index.py "$rdir" >/dev/null 2>&1 || true; }
fi
if [ "$what" = portable ]; then
  echo "== every notebook in quick mode without the native addon (LAB_LINALG=portable LAB_TF_MATMUL=fix; checks must pass)"
  plog=$(mktemp -t collapse-lab-portable.XXXXXX.log)
  pdir=$(mktemp -d -t collapse-lab-portable-reports.XXXXXX)
  LAB_LINALG=portable LAB_TF_MATMUL=fix LAB_CACHE=off node tools/lab.cjs run --mode quick --out "$pdir" 2>&1 | tee "$plog"
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$plog" | tail -1)
  np=$(echo "$summary" | awk '{print $1}'); nf=$(echo "$summary" | awk '{print $3}')
  [ -n "$summary" ] || nf=1
  passed=$((passed + ${np:-0})); failed=$((failed + ${nf:-0}))
  echo "(portable-backend reports: $pdir)"
fi
echo "tests finished in $(( $(date +%s) - t0 )) s"
[ -z "${skipped_render:-}" ] || echo "$skipped_render"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
