#!/usr/bin/env bash
# The test suite: type-check, import check, unit/property tests, then every notebook in quick mode with its checks.
# Usage: bash tools/test.sh [unit|notebooks]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
t0=$(date +%s)
if [ "$what" = all ] || [ "$what" = unit ]; then
  echo "== typecheck (strict, tslab's TypeScript $(node node_modules/@tslab/typescript-for-tslab/bin/tsc --version | awk '{print $2}'))"
  node node_modules/@tslab/typescript-for-tslab/bin/tsc -p tsconfig.json
  echo "== notebooks committed without outputs; imports tslab can resolve"
  node tools/check-notebooks.cjs
  node tools/check-imports.cjs
  echo "== unit and property tests"
  mapfile -t files < <(find test -name '*.test.ts' | sort)
  node --import tsx --test --test-reporter=spec "${files[@]}" 2>&1 | tee /tmp/collapse-lab-unit.log | grep -E '^(not ok|# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms))|✖' || true
  if grep -qE '^# fail [1-9]|^# cancelled [1-9]' /tmp/collapse-lab-unit.log || ! grep -q '^# pass' /tmp/collapse-lab-unit.log; then
    echo "unit tests FAILED (full log: /tmp/collapse-lab-unit.log)"; grep -B2 -A25 '✖' /tmp/collapse-lab-unit.log | head -150; exit 1
  fi
fi
if [ "$what" = all ] || [ "$what" = notebooks ]; then
  echo "== every notebook in quick mode (checks must pass)"
  LAB_CACHE=off node tools/lab.cjs run --mode quick --out "${LAB_TEST_REPORTS:-reports}"
fi
echo "tests finished in $(( $(date +%s) - t0 )) s"
