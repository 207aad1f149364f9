#!/usr/bin/env bash
# Runs each libFuzzer target built in $1 for $2 seconds, starting from a copy
# of its seed corpus (the seeds in fuzz/corpus are never modified), and prints
# executions per target. Crashes are kept in build/fuzz/findings/<target>/.
set -euo pipefail
build=$1 seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
while IFS= read -r fuzzer; do
  name=$(basename "$fuzzer" _fuzzer)
  work="$build/fuzz-work/$name" findings="$build/findings/$name"
  mkdir -p "$work" "$findings"
  cp -n "$root/fuzz/corpus/$name"/* "$work"/ 2>/dev/null || true
  log="$build/fuzz-work/$name.log"
  if "$fuzzer" "$work" -max_total_time="$seconds" -artifact_prefix="$findings/" \
       -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result="FINDING (see $findings)"; status=1
  fi
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  printf '%-24s %12s executions in %ss  %s\n' "$name" "$runs" "$seconds" "$result"
done < <(find "$build" -maxdepth 3 -type f -name '*_fuzzer' -perm -u+x | sort)
exit $status
