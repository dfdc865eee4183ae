#!/usr/bin/env bash
# Builds the optional OpenBLAS/LAPACKE N-API addon native/obla (used by src/maths/linalg and src/tf).
# Idempotent and fast when up to date; NEVER fails: always exits 0 and prints one line
#   "native BLAS: built (...)" | "native BLAS: up to date (...)" | "native BLAS: unavailable (<reason>)".
# As root, installs the Debian packages libopenblas-dev and liblapacke-dev when their headers are missing.
# Env: LAB_NATIVE=0 skips the addon entirely (portable linear algebra only).
cd "$(dirname "$0")/.." || { echo "native BLAS: unavailable (cannot cd to the project root)"; exit 0; }
dir=native/obla
out=$dir/build/Release/obla.node
say() { echo "native BLAS: $*"; exit 0; }

[ "${LAB_NATIVE:-1}" = "0" ] && say "unavailable (disabled by LAB_NATIVE=0)"
[ -f "$dir/binding.gyp" ] || say "unavailable ($dir/binding.gyp missing)"

have_headers() {
  [ -f /usr/include/lapacke.h ] && { [ -f /usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h ] || \
    [ -f /usr/include/openblas/cblas.h ] || ls /usr/include/*-linux-gnu/openblas-pthread/cblas.h >/dev/null 2>&1; }
}

if ! have_headers; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "native BLAS: installing libopenblas-dev liblapacke-dev (apt-get)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        libopenblas-dev liblapacke-dev; } >/tmp/collapse-lab-apt.log 2>&1 \
      || say "unavailable (apt-get install libopenblas-dev liblapacke-dev failed; see /tmp/collapse-lab-apt.log)"
  fi
  have_headers || say "unavailable (OpenBLAS/LAPACKE headers not found; install libopenblas-dev liblapacke-dev)"
fi

# Up to date: the .node is newer than every source file.
if [ -f "$out" ] && [ -z "$(find "$dir/src" "$dir/binding.gyp" -newer "$out" 2>/dev/null)" ]; then
  if node -e "require('./$out').config()" >/dev/null 2>&1; then say "up to date ($out)"; fi
fi

gyp=node_modules/node-gyp/bin/node-gyp.js
[ -f "$gyp" ] || say "unavailable (node-gyp not installed; run npm ci)"
nodedir=""
for cand in /usr /usr/local "$(dirname "$(dirname "$(command -v node)")")"; do
  if [ -f "$cand/include/node/node_api.h" ]; then nodedir="$cand"; break; fi
done
[ -n "$nodedir" ] || say "unavailable (Node headers include/node/node_api.h not found next to the node binary)"
command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || say "unavailable (no C compiler; install build-essential)"

log=$dir/build-native.log
if ! (cd "$dir" && node "../../$gyp" rebuild --nodedir="$nodedir" >"build-native.log" 2>&1); then
  say "unavailable (node-gyp build failed; see $log)"
fi
if ! node -e "const o=require('./$out'); o.setThreads(1); const c=new Float64Array(1); o.dgemm(false,false,1,1,1,1,new Float64Array([2]),new Float64Array([3]),0,c); if(c[0]!==6) process.exit(1)" >>"$log" 2>&1; then
  rm -f "$out"
  say "unavailable (addon built but failed its smoke test; see $log)"
fi
say "built ($out, $(node -e "const o=require('./$out'); process.stdout.write(o.corename())" 2>/dev/null))"
