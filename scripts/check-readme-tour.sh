#!/usr/bin/env bash
# Runs README.md's "Try it without a Kong" tour as a reader pastes it: every ```sh block of that section, in
# order, in one bash process started from the checkout's root, with TMPDIR (where the tour keeps its logs) in a
# fresh temporary directory. Checks that each block prints something and ends with status 0, that the whole tour
# finishes within a time bound, and that no process it started is left running afterwards.
#
#   scripts/check-readme-tour.sh [--skip-build] [--timeout SECONDS]
#
# --skip-build      leaves out the blocks that start with `mvn ` (when the jars are already built).
# --timeout S       bound for the whole tour (default 600 s).
# KONG_EMULATOR_OFFLINE=1  also runs the tour's `mvn` offline (-o).
# TOUR_README=FILE  checks the tour of that file instead (the commands still run from this checkout).
# TOUR_PORT_OFFSET=N  runs the tour on ports 8001+N, 8080+N, 8085+N (shared machines where these are taken).
# Exit code 0 when every check passes, 1 otherwise; the output of each block is printed either way.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
skip_build=0
limit=600
while [[ $# -gt 0 ]]; do
  case "$1" in
    --skip-build) skip_build=1; shift ;;
    --timeout) limit="$2"; shift 2 ;;
    *) echo "usage: $0 [--skip-build] [--timeout SECONDS]" >&2; exit 64 ;;
  esac
done
offset="${TOUR_PORT_OFFSET:-0}"
readme="${TOUR_README:-$root/README.md}"   # another copy of the README (an older tour, say)

# A port already taken would make the tour's readiness loops talk to someone else's server.
for p in $((8001 + offset)) $((8080 + offset)) $((8085 + offset)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "check-readme-tour: 127.0.0.1:$p is already in use; free it or set TOUR_PORT_OFFSET" >&2
    exit 1
  fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/kcs-tour-check.XXXXXX")"
echo "check-readme-tour: working in $work"

# The tour's blocks: every ```sh fence between its heading and the next level-2 heading.
awk -v dir="$work" '
  /^## / { in_tour = ($0 == "## Try it without a Kong") }
  in_tour && /^```sh$/ { n++; file = sprintf("%s/block-%02d.sh", dir, n); printing = 1; next }
  printing && /^```$/ { printing = 0; close(file); next }
  printing { print > file }
' "$readme"

blocks=("$work"/block-*.sh)
if [[ ! -f "${blocks[0]}" ]]; then
  echo "check-readme-tour: no \`\`\`sh block under '## Try it without a Kong' in README.md" >&2
  exit 1
fi

# A tour for a laptop binds loopback only: the daemon (run without --once) must be given --http-host 127.0.0.1
# (its default is 0.0.0.0). The emulator and the sidecar bind 127.0.0.1 by default.
bad_bind="$(cat "${blocks[@]}" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' \
  | grep -E 'kong-catalog-sync[^|;&]* run( |$)' | grep -v -e '--once' | grep -v -e '--http-host 127\.0\.0\.1' || true)"
if [[ -n "$bad_bind" ]]; then
  echo "FAIL the daemon is started without --http-host 127.0.0.1 (it would listen on every interface):"
  echo "$bad_bind" | sed 's/^/  | /'
  bind_failed=1
else
  bind_failed=0
fi

# One script runs the blocks in the same shell (variables and background jobs carry over, as when pasted), each
# block's output to its own file. The blocks are spliced in whole: `{ ...; }` is not a subshell.
runner="$work/tour.sh"
{
  echo 'echo $$ > "$CHECK_DIR/session"'
  for b in "${blocks[@]}"; do
    name="$(basename "$b" .sh)"
    if [[ $skip_build == 1 ]] && head -n 1 "$b" | grep -q '^mvn '; then
      echo "echo skipped > \"\$CHECK_DIR/$name.out\"; echo 0 > \"\$CHECK_DIR/$name.rc\""
      continue
    fi
    body="$(cat "$b")"
    if [[ "${KONG_EMULATOR_OFFLINE:-}" == 1 ]]; then body="${body//mvn -B /mvn -o -B }"; fi
    if [[ $offset != 0 ]]; then
      body="$(sed -e "s/\\b8001\\b/$((8001 + offset))/g" -e "s/\\b8080\\b/$((8080 + offset))/g" \
        -e "s/\\b8085\\b/$((8085 + offset))/g" <<<"$body")"
    fi
    printf '{\n%s\n} >"$CHECK_DIR/%s.out" 2>&1 </dev/null\necho $? >"$CHECK_DIR/%s.rc"\n' "$body" "$name" "$name"
  done
} >"$runner"

# setsid: the tour gets its own session, so whatever it leaves running can be found (and ended) by session id.
start=$(date +%s)
(cd "$root" && CHECK_DIR="$work" TMPDIR="$work" setsid -w bash "$runner") &
runner_pid=$!
timed_out=0
while kill -0 "$runner_pid" 2>/dev/null; do
  if (( $(date +%s) - start > limit )); then
    timed_out=1
    echo "check-readme-tour: the tour did not finish within ${limit}s" >&2
    [[ -s "$work/session" ]] && kill -TERM -- "-$(cat "$work/session")" 2>/dev/null
    break
  fi
  sleep 1
done
wait "$runner_pid" 2>/dev/null
elapsed=$(( $(date +%s) - start ))

failed=0
for b in "${blocks[@]}"; do
  name="$(basename "$b" .sh)"
  echo "---- $name: $(head -n 1 "$b")"
  if [[ ! -f "$work/$name.rc" ]]; then
    echo "FAIL $name did not run to its end"; failed=1; continue
  fi
  awk '{ print "  | " $0 }' "$work/$name.out"
  rc="$(cat "$work/$name.rc")"
  if [[ ! -s "$work/$name.out" ]]; then echo "FAIL $name printed nothing"; failed=1; fi
  if [[ $rc != 0 ]]; then echo "FAIL $name ended with status $rc"; failed=1; fi
done

# Left-over processes: anything still in the tour's session after its shell exited.
sleep 1
if [[ -s "$work/session" ]]; then
  sid="$(cat "$work/session")"
  left="$(ps -o pid=,args= -s "$sid" 2>/dev/null || true)"
  if [[ -n "$left" ]]; then
    echo "FAIL processes left running by the tour:"; echo "$left" | sed 's/^/  | /'
    kill -KILL -- "-$sid" 2>/dev/null || ps -o pid= -s "$sid" | xargs -r kill -KILL 2>/dev/null
    failed=1
  fi
else
  echo "FAIL the tour did not start"; failed=1
fi
[[ $timed_out == 1 ]] && failed=1
[[ $bind_failed == 1 ]] && failed=1

if [[ $failed == 0 ]]; then
  echo "check-readme-tour: OK, ${#blocks[@]} blocks in ${elapsed}s, nothing left running"
  rm -rf "$work"
else
  echo "check-readme-tour: FAILED after ${elapsed}s (files kept in $work)"
fi
exit $failed
