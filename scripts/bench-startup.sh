#!/usr/bin/env bash
# Start-up of the one-shot CLI: wall and CPU time of N runs of each command under each set of JVM flags, run
# alternately (variant after variant, not all runs of one then the next) so that the machine's load drifts
# over all of them alike. Needs the packaged jar (built when missing).
#
#   scripts/bench-startup.sh [N]        (default N=10; the commands run on examples/catalog.yaml, no Kong needed)
#
# Variants: default (`java -jar`, the launcher before this change), c1 (-XX:TieredStopAtLevel=1), c1+serial
# (plus -XX:+UseSerialGC), c1+serial+appcds (plus an application class-data-sharing archive made beforehand by one
# render run), and scripts/kong-catalog-sync itself. Prints min / median / mean ms (wall and CPU) per command and variant.
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

# bash's `time` keyword: wall seconds, and the CPU seconds (user + system, all threads) of the command. CPU time
# moves less than wall time when other work shares the cores.
TIMEFORMAT='%R %U %S'
samples="$BENCH_OUT/startup-samples.txt"
: >"$samples"
for c in "${commands[@]}"; do
  for ((i = 1; i <= runs; i++)); do
    for v in "${variants[@]}"; do
      # shellcheck disable=SC2086,SC2046
      t="$( { time $(command_line "$v" $c) >/dev/null 2>&1; } 2>&1 )" \
        || { echo "failed: $(command_line "$v" $c)" >&2; exit 1; }
      echo "$c|$v|$t" >>"$samples"
    done
  done
done

printf '\n%-44s %-17s %-21s %-21s\n' command variant "wall ms min/med/mean" "cpu ms min/med/mean"
stats() { sort -n | awk '{ a[NR] = $1; s += $1 }
  END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%5d %5d %5d", a[1], m, s / NR }'; }
for c in "${commands[@]}"; do
  for v in "${variants[@]}"; do
    rows="$(grep -F -e "$c|$v|" "$samples" | cut -d'|' -f3)"
    wall="$(awk '{ print int($1 * 1000) }' <<<"$rows" | stats)"
    cpu="$(awk '{ print int(($2 + $3) * 1000) }' <<<"$rows" | stats)"
    printf '%-44s %-17s %-21s %-21s\n' "${c//$BENCH_ROOT\//}" "$v" "$wall" "$cpu"
  done
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) after the runs"
echo "samples: $samples"
