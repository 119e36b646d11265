#!/usr/bin/env bash
# Installs what the service and its tests need on a fresh Debian machine of this kind. Idempotent: each step
# checks first, so running it again costs seconds.
#   scripts/bootstrap.sh          npm packages (Elsa Studio designer, maildev)
#   scripts/bootstrap.sh --test   also Debian's Chromium and a CJK font for the browser tests, and Debian's
#                                 PostgreSQL server (the tests start private clusters of it on free ports)
set -euo pipefail
cd "$(dirname "$0")/.."

need_test=false
[ "${1:-}" = "--test" ] && need_test=true

if ! command -v dotnet >/dev/null 2>&1; then
  echo "bootstrap: the .NET 10 SDK (dotnet) is required on PATH" >&2
  exit 1
fi

# Local .NET tools of .config/dotnet-tools.json (dotnet-ef, for `dotnet ef migrations add`).
dotnet tool restore >/dev/null

# npm ci when node_modules is missing or older than the lockfile.
if [ ! -d node_modules/@elsa-workflows/elsa-studio-wasm ] || [ ! -d node_modules/maildev ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if $need_test; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: apt-get install ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
