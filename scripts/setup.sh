#!/bin/sh
# Installs what the project needs on a fresh machine that has only Node.js 20 and npm:
# pnpm (pinned in package.json's packageManager), the workspace's dependencies, then builds
# every package with tsc -b. Safe to run again: each step is skipped or cheap when done.
set -eu
cd "$(dirname "$0")/.."

want=$(node -p "require('./package.json').packageManager.split('@')[1]")
have=$(pnpm --version 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  echo "setup: installing pnpm@$want with npm" >&2
  if ! npm install --global --no-fund --no-audit --loglevel=error "pnpm@$want" >&2; then
    echo "setup: npm install -g failed (no permission?); install pnpm@$want yourself" >&2
    exit 1
  fi
fi

# --frozen-lockfile: CI must install exactly what was tested.
pnpm install --frozen-lockfile --reporter=append-only --loglevel=warn >&2
pnpm run --silent build >&2
