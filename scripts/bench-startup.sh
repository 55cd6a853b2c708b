#!/usr/bin/env bash
# Start-up of the one-shot CLI: wall time of N runs of each command under each set of JVM flags, run
# alternately (variant after variant, not all runs of one then the next) so that the machine's load drifts
# over all of them alike. Needs the packaged jar (built when missing).
#
#   scripts/bench-startup.sh [N]        (default N=10; the commands run on examples/catalog.yaml, no Kong needed)
#
# Variants: default (`java -jar`, the launcher before this change), c1 (-XX:TieredStopAtLevel=1), c1+serial
# (plus -XX:+UseSerialGC), c1+serial+appcds (plus an application class-data-sharing archive made beforehand by one
# render run), and scripts/kong-catalog-sync itself. Prints min / median / mean ms per command and variant.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"

runs="${1:-10}"
jar="$BENCH_ROOT/sync-daemon/target/kong-catalog-sync.jar"
catalog="$BENCH_ROOT/examples/catalog.yaml"
if [[ ! -f "$jar" ]]; then
  (cd "$BENCH_ROOT" && mvn -q -B ${BENCH_MVN_FLAGS:-} -DskipTests -pl sync-daemon -am package >&2)
fi
jsa="$BENCH_OUT/startup-bench.jsa"
rm -f "$jsa"
"$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -XX:ArchiveClassesAtExit="$jsa" \
  -jar "$jar" render --catalog "$catalog" >/dev/null

bench_header "CLI start-up: $runs runs of each command and variant"
echo "jar:     $jar ($(du -k "$jar" | cut -f1) KiB)"

variants=(default c1 c1+serial c1+serial+appcds launcher)
commands=("validate --catalog $catalog" "render --catalog $catalog" "--version")

command_line() { # variant, then the command's words
  local v="$1"; shift
  case "$v" in
    default)          echo "$JAVA -jar $jar $*" ;;
    c1)               echo "$JAVA -XX:TieredStopAtLevel=1 -jar $jar $*" ;;
    c1+serial)        echo "$JAVA -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $jar $*" ;;
    c1+serial+appcds) echo "$JAVA -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -XX:SharedArchiveFile=$jsa -jar $jar $*" ;;
    launcher)         echo "$BENCH_ROOT/scripts/kong-catalog-sync $*" ;;
  esac
}

# Warm the page cache (and let the launcher make its own archive) before measuring.
for v in "${variants[@]}"; do
  # shellcheck disable=SC2046
  $(command_line "$v" render --catalog "$catalog") >/dev/null 2>&1 || true
done

samples="$BENCH_OUT/startup-samples.txt"
: >"$samples"
for c in "${commands[@]}"; do
  for ((i = 1; i <= runs; i++)); do
    for v in "${variants[@]}"; do
      # shellcheck disable=SC2086,SC2046
      t0=$(date +%s%N); $(command_line "$v" $c) >/dev/null 2>&1 || { echo "failed: $(command_line "$v" $c)" >&2; exit 1; }
      t1=$(date +%s%N)
      echo "$c|$v|$(( (t1 - t0) / 1000000 ))" >>"$samples"
    done
  done
done

printf '\n%-58s %-18s %6s %6s %6s\n' command variant min median mean
for c in "${commands[@]}"; do
  for v in "${variants[@]}"; do
    grep -F "$c|$v|" "$samples" | cut -d'|' -f3 | sort -n | awk -v c="${c/$BENCH_ROOT\//}" -v v="$v" '
      { a[NR] = $1; s += $1 }
      END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
            printf "%-58s %-18s %6d %6d %6d\n", c, v, a[1], m, s / NR }'
  done
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) after the runs"
echo "samples: $samples"
