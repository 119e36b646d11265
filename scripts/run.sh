#!/usr/bin/env bash
# Builds and starts the service on its embedded defaults: a SQLite file under src/Workflows.Server/data, the
# designer, demo users and data, and a local maildev SMTP server whose web page shows every mail sent.
# Extra arguments go to the service (e.g. --urls http://0.0.0.0:8080). Set Smtp__Host to use a real SMTP
# server instead of maildev.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
dotnet build src/Workflows.Server -c Release -nologo -v quiet

children=()
cleanup() { for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

if [ -z "${Smtp__Host:-}" ]; then
  SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}"
  WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
  node_modules/.bin/maildev --smtp "$SMTP_PORT" --web "$WEB_PORT" --ip 127.0.0.1 --silent &
  children+=($!)
  export Smtp__Host=127.0.0.1 Smtp__Port="$SMTP_PORT"
  echo "maildev: SMTP on 127.0.0.1:$SMTP_PORT, mails at http://127.0.0.1:$WEB_PORT"
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
args=("$@")
if [[ ! " ${args[*]:-} " =~ " --urls " ]] && [ -z "${ASPNETCORE_URLS:-}" ]; then args+=(--urls http://localhost:5000); fi
dotnet run --project src/Workflows.Server -c Release --no-build --no-launch-profile -- "${args[@]}" &
children+=($!)
wait "${children[-1]}"
