#!/usr/bin/env bash
# Install what the browser and HTML tests need, when it is missing:
# Debian's chromium (Playwright cannot download its own browser here) and the
# Nu HTML checker (npm package vnu-jar, pinned in package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: run 'sudo apt-get install chromium' (Debian)." >&2
    [ "${CI:-}" = true ] && exit 1
  fi
fi

if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --silent --no-audit --no-fund
  else
    echo "npm is missing: the HTML validity test needs vnu-jar." >&2
    [ "${CI:-}" = true ] && exit 1
  fi
fi
exit 0
