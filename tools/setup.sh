#!/usr/bin/env bash
# Installs everything collapse-lab needs, idempotently and quickly when already done:
#   1. npm packages (npm ci, install scripts only as allowed in package.json); the git filter that strips notebook outputs
#   2. the native OpenBLAS/LAPACKE addon when the system libraries are (or can be made) available; Debian's chromium as root
#   3. a project-local Python venv (.venv) with the pinned Jupyter toolchain, unless LAB_JUPYTER points at a usable one
# Usage: bash tools/setup.sh [--quiet]
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
say() { [ $quiet = 1 ] || echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

command -v node >/dev/null || die "Node.js is not installed (need >= 20.19): https://nodejs.org"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js $(node --version) is too old: collapse-lab needs >= 20.19 (require(esm) is used by tslab imports)"

# 1. npm packages
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --strict-allow-scripts --no-audit --no-fund --loglevel=error >/dev/null
  touch node_modules/.package-lock.json
fi

# 1b. git clean filter: notebooks go into git without outputs, whatever JupyterLab saved (tools/nbstrip.cjs)
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  want='node tools/nbstrip.cjs clean %f'
  if [ "$(git config --get filter.nbstrip.clean || true)" != "$want" ]; then
    git config filter.nbstrip.clean "$want"
    say "installed the git filter that strips notebook outputs on git add (filter.nbstrip, see .gitattributes)"
  fi
fi

# 2. native BLAS addon (never fails setup; prints one status line)
if [ -f tools/build-native.sh ]; then
  if [ $quiet = 1 ]; then bash tools/build-native.sh >/dev/null || true; else bash tools/build-native.sh || true; fi
fi

# 2b. Chromium (optional, never fails setup): static SVG/PNG copies of the figures and the render test of the reports.
# As root, installs Debian's chromium package when no Chromium is found; LAB_CHROMIUM_INSTALL=0 skips that.
if [ -z "${LAB_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ] && [ ! -x /usr/bin/chromium-browser ] && [ ! -x /usr/bin/google-chrome ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ "${LAB_CHROMIUM_INSTALL:-1}" != 0 ]; then
    say "installing Debian's chromium (static figure images, render test of the reports)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >/tmp/collapse-lab-apt-chromium.log 2>&1 \
      || echo "setup: chromium could not be installed (see /tmp/collapse-lab-apt-chromium.log): figures get no SVG/PNG copies and the render test is SKIPPED" >&2
  else
    say "no Chromium: figures get no SVG/PNG copies and the render test is SKIPPED (install Debian's chromium, or set LAB_CHROMIUM)"
  fi
fi

# 3. Jupyter toolchain
req=tools/requirements-jupyter.txt
if [ -n "${LAB_JUPYTER:-}" ]; then
  say "using Jupyter from LAB_JUPYTER=$LAB_JUPYTER"
elif [ ! -x .venv/bin/python ] || [ ! -f .venv/.req-stamp ] || ! cmp -s "$req" .venv/.req-stamp; then
  py=""
  for cand in python3 /usr/bin/python3 python; do
    if command -v "$cand" >/dev/null && "$cand" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
      py="$cand"; break
    fi
  done
  if [ -z "$py" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "no Python with venv found: installing Debian python3-venv"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null
    py=/usr/bin/python3
  fi
  [ -n "$py" ] || die "no Python >= 3.9 with the venv module found. Install Python 3 (e.g. apt-get install python3-venv), or set LAB_JUPYTER to a Python that has nbclient >= 0.10 and nbconvert >= 7."
  say "creating .venv with the pinned Jupyter toolchain ($("$py" --version 2>&1))"
  rm -rf .venv
  "$py" -m venv .venv || die "could not create .venv with $py (on Debian: apt-get install python3-venv)"
  .venv/bin/pip install -qq --disable-pip-version-check --retries 1 -r "$req" || die "pip could not install $req"
  cp "$req" .venv/.req-stamp
fi
say "ready"
