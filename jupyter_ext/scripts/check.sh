#!/usr/bin/env bash
# TypeScript checks of the JupyterLab extension: install exactly the packages of yarn.lock, then
# eslint + prettier (jlpm lint:check) and the unit tests (jlpm test). Exits non-zero on any failure.
# Needs jlpm (it comes with jupyterlab, e.g. after `pip install ./jupyter_ext`) and Node >= 20.19.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v jlpm >/dev/null 2>&1; then
  echo "check.sh: jlpm not found; install jupyterlab (pip install ./jupyter_ext brings it)" >&2
  exit 1
fi

step() {
  echo "+ $*"
  local start=$SECONDS
  "$@"
  echo "  ($(( SECONDS - start )) s)"
}

# --immutable: fail, instead of rewriting yarn.lock, when package.json and the lockfile disagree.
step jlpm install --immutable
step jlpm lint:check
step jlpm test
