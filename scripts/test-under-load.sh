#!/usr/bin/env bash
# Runs the whole test suite (the README's test command) several times in a row while other processes keep every
# core busy, as on a shared CI machine, and says how each run ended and how long it took.
#   scripts/test-under-load.sh [RUNS]        RUNS defaults to 3
# Environment: MVN_TEST_CMD overrides the test command (default: mvn -B -ntp verify); LOAD_PROCS the number of
# busy processes (default: one per core). The busy processes are plain shell loops: they use CPU only, are killed
# when the script ends (also on Ctrl-C), and never run longer than LOAD_MAX_SECONDS (default 5400).
# Each run's Maven output goes to target/under-load/run-N.log. Exit status: 0 only when every run passed.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${1:-3}"
cmd="${MVN_TEST_CMD:-mvn -B -ntp verify}"
procs="${LOAD_PROCS:-$(nproc)}"
max="${LOAD_MAX_SECONDS:-5400}"
out="$root/target/under-load"
mkdir -p "$out"

pids=()
stop_load() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
}
trap stop_load EXIT INT TERM

for _ in $(seq "$procs"); do
  timeout "$max" sh -c 'while :; do :; done' &
  pids+=("$!")
done
echo "load: $procs busy processes (pids ${pids[*]}); load average $(cut -d' ' -f1-3 /proc/loadavg)"

failed=0
for i in $(seq "$runs"); do
  start=$(date +%s)
  $cmd >"$out/run-$i.log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  summary=$(grep -E "^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures" "$out/run-$i.log" | grep -v " -- in " \
    | awk -F'[:,]' '{t+=$2; f+=$4; e+=$6; s+=$8} END {printf "%d tests, %d failures, %d errors, %d skipped", t, f, e, s}')
  if [ "$rc" -eq 0 ]; then verdict=passed; else verdict="FAILED (exit $rc)"; failed=$((failed + 1)); fi
  echo "run $i: $verdict in ${took}s; $summary; load average $(cut -d' ' -f1-3 /proc/loadavg); log $out/run-$i.log"
  if [ "$rc" -ne 0 ]; then
    grep -E "<<< (FAILURE|ERROR)!" "$out/run-$i.log" | head -20
  fi
done
echo "$((runs - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
