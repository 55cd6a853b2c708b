#!/usr/bin/env bash
# Sync against the Kong emulator on 127.0.0.1 with a per-request latency: first sync of 10,000 services with
# parallelism 16 (writes == entities needed, wall time within 1.3x of writes x latency / parallelism), no-op
# cycles (0 writes, reads == list pages needed, < 2 s) and a 1% churn cycle (writes == changed entities).
# The engine and the emulator run in one JVM so the emulator's request log can be counted.
#
#   scripts/bench-sync.sh                                  # 10,000 services, 2 ms, parallelism 16
#   scripts/bench-sync.sh --services 2000 --latency-ms 5   # any SyncBench flag:
#        --services N --latency-ms N --parallelism N --churn-percent N --noop-cycles N
# BENCH_SYNC_HEAP (default 2g) sets the benchmark JVM's -Xmx (engine and emulator together).
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

bench_header "sync engine against the Kong emulator"
cp="$(bench_classpath sync-daemon)"
heap="${BENCH_SYNC_HEAP:-2g}"
echo "command: java -Xmx$heap -cp <sync-daemon test classpath> io.catalogsync.sync.bench.SyncBench $*"
"$JAVA" -Xmx"$heap" -cp "$cp" io.catalogsync.sync.bench.SyncBench "$@" | tee "$BENCH_OUT/sync.txt"
