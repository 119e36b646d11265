#!/usr/bin/env bash
# Installs what the tests need (npm packages, Debian's Chromium and a CJK font), builds everything once and
# runs every test project. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --test || { echo "0 passed, 1 failed"; exit 1; }

mkdir -p artifacts
log=artifacts/test-output.log
if ! dotnet build Workflows.sln -c Release -nologo -v quiet 2>&1 | tee artifacts/build-output.log; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Workflows.sln -c Release --no-build --nologo --logger "console;verbosity=normal" --results-directory artifacts/test-results "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries: "Total tests: N" followed by "Passed: N" and, when any, "Failed: N".
read -r passed failed assemblies < <(awk '
  /^Total tests: [0-9]+/ { n++ }
  /^ +Passed: [0-9]+$/ { p += $2 }
  /^ +Failed: [0-9]+$/ { f += $2 }
  END { printf "%d %d %d\n", p, f, n }' "$log")
expected=$(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj | wc -l)
if [ "$assemblies" -lt "$expected" ]; then
  echo "only $assemblies of $expected test assemblies reported a summary (a test host crashed?)"
  failed=$((failed + expected - assemblies))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# CI keeps only the tail of the output: name each failed test (and its first message line) just above the total,
# so a failure that happens once in many runs can still be told from the record.
if [ "$failed" -ne 0 ]; then
  echo "failed tests:"
  awk '/^  Failed [A-Za-z_.]+/ { name = $2; want = 1; next }
       want && /Error Message:/ { getline msg; sub(/^ +/, "", msg); print "  " name ": " substr(msg, 1, 300); want = 0 }' "$log"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
