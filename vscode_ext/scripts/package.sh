#!/usr/bin/env bash
# Build the VS Code extension into vscode_ext/mlsafe-<version>.vsix (needs Node.js 20 and npm):
#   bash vscode_ext/scripts/package.sh
# Installs the locked dependencies (npm ci), type-checks the TypeScript, bundles it with its runtime
# dependencies (vscode-languageclient, @vscode/python-extension) into out/extension.js with esbuild,
# and packages that with @vscode/vsce.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run --silent check
npm run --silent compile
version=$(node -p 'require("./package.json").version')
npx vsce package --no-dependencies --out "mlsafe-$version.vsix"
ls -l "mlsafe-$version.vsix"
