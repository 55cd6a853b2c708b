#!/usr/bin/env bash
# Plan (translate + diff) of 10,000 catalog services (about 43,500 Kong entities) on one thread, JMH with -prof gc
# (target <= 150 ms of CPU after warm-up, every field compared with the schema defaults Kong serves; allocation
# per plan reported), and translation alone.
# PlanBenchmark's set-up syncs the catalog into an in-process Kong emulator and reads the state back, so the
# diff compares against what Kong really returns (defaults filled in); that takes a minute or two per scenario.
#
#   scripts/bench-plan.sh                                  # steady (no changes) and churn (1%), short runs
#   scripts/bench-plan.sh -p scenario=steady,churn,first -wi 5 -i 10    # any JMH flags replace the defaults
#                                                          (-prof gc is always on; -p scenario=... only goes to the plan)
# The plan runs with translation=fresh (one-shot runs) and translation=reused (the daemon's cycle: TranslationCache
# warm from the previous cycle) unless -p translation=... picks one.
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-f 1 -wi 5 -w 2s -i 5 -r 2s)

# TranslateBenchmark has no scenario parameter: drop "-p scenario=..." from its flags.
translate_args=()
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "-p" ] && [[ "${args[$((i + 1))]:-}" == scenario=* ]]; then i=$((i + 1)); continue; fi
  translate_args+=("${args[$i]}")
done

bench_header "translate 10,000 catalog services (JMH)"
cp="$(bench_classpath catalog-model)"
echo "command: java -cp <catalog-model test classpath> io.catalogsync.catalog.bench.TranslateBenchmark ${translate_args[*]} -prof gc"
"$JAVA" -cp "$cp" io.catalogsync.catalog.bench.TranslateBenchmark "${translate_args[@]}" -prof gc \
  -rf json -rff "$BENCH_OUT/translate.json" | tee "$BENCH_OUT/translate.txt"

bench_header "plan = translate + diff, 10,000 catalog services (JMH)"
cp="$(bench_classpath sync-daemon)"
# The state Kong returns after the sync, shared by the scenarios' forks of this run only.
export BENCH_PLAN_STATE_DIR="$BENCH_OUT/plan-state"
rm -rf "$BENCH_PLAN_STATE_DIR"
plan_args=("${args[@]}")
[ $# -gt 0 ] || plan_args+=(-p scenario=steady,churn)
echo "command: java -cp <sync-daemon test classpath> io.catalogsync.sync.bench.PlanBenchmark ${plan_args[*]} -prof gc"
"$JAVA" -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "$cp" io.catalogsync.sync.bench.PlanBenchmark "${plan_args[@]}" -prof gc \
  -rf json -rff "$BENCH_OUT/plan.json" | tee "$BENCH_OUT/plan.txt"
