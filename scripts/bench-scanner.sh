#!/usr/bin/env bash
# Scanner alone (JMH, one thread): MB/s on 64 KiB of text without identifiers (target >= 100 MB/s; "clean" is
# technical text full of near misses, "prose" plain prose) and with an identifier every few words ("dense",
# target >= 50 MB/s), per wall-clock and per CPU second, and bytes allocated per scan (-prof gc). Then the whole
# masking of one 8 KiB Anthropic body with 20 identifiers without HTTP and Redis (MaskBenchmark: CPU per request).
#
#   scripts/bench-scanner.sh                    # short default run: 1 fork, 3 x 2 s warm-up, 5 x 2 s measurement
#   scripts/bench-scanner.sh -f 3 -wi 5 -i 10   # longer: any JMH flags replace the defaults (-prof gc is always on)
set -euo pipefail
source "$(dirname "$0")/bench-common.sh"

bench_header "masking scanner and mask pipeline (JMH)"
cp="$(bench_classpath masking-plugin-sidecar)"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
for bench in ScannerBenchmark MaskBenchmark; do
  echo "command: java -cp <masking-plugin-sidecar test classpath> io.catalogsync.masking.bench.$bench ${args[*]} -prof gc"
  "$JAVA" -cp "$cp" "io.catalogsync.masking.bench.$bench" "${args[@]}" -prof gc \
    -rf json -rff "$BENCH_OUT/$bench.json" | tee "$BENCH_OUT/$bench.txt"
done
