#!/usr/bin/env bash
# TypeScript check of the VS Code extension: install exactly the packages of package-lock.json
# (npm ci), then type-check (tsc --noEmit). Needs Node.js 20 and npm. Building the .vsix is
# scripts/package.sh (not run by CI: it only repackages what this checks).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  echo "check.sh: npm not found; install Node.js 20 or newer" >&2
  exit 1
fi
echo "+ npm ci"; npm ci --no-audit --no-fund --loglevel=error
echo "+ tsc --noEmit"; npm run --silent check
