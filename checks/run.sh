#!/usr/bin/env bash
# The repository's own style and type checks; .ci/run runs them after the tests, and any violation
# fails CI. Run from anywhere: bash checks/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "+ ruff check"; python3 -m ruff check .
echo "+ ruff format --check"; python3 -m ruff format --check .
echo "+ mypy (checks/typecheck.py)"; python3 checks/typecheck.py
echo "+ jupyter_ext/scripts/check.sh"; bash jupyter_ext/scripts/check.sh
echo "+ vscode_ext/scripts/check.sh"; bash vscode_ext/scripts/check.sh
