#!/usr/bin/env bash
# Every benchmark of issue 7, one part after the other, each printing its figures (docs/BENCHMARKS.md has the
# results and how to read them). About 15-20 minutes on a quiet 2-core machine, dominated by the 10,000-service
# sync against the emulator and the plan set-up. Output is also kept under target/bench/.
#
#   scripts/bench.sh                 # all parts with their short defaults
#   scripts/bench.sh scanner mask    # only some: scanner, plan, sync, daemon, mask
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(scanner plan sync daemon mask)
failed=()
for p in "${parts[@]}"; do
  case "$p" in
    scanner|plan|sync|daemon|mask) "$dir/bench-$p.sh" || failed+=("$p") ;;
    *) echo "bench: unknown part '$p' (scanner, plan, sync, daemon, mask)" >&2; exit 64 ;;
  esac
done
echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench: these parts failed or found wrong counts: ${failed[*]}"
  exit 1
fi
echo "bench: all parts ran (${parts[*]}); figures above and in target/bench/"
