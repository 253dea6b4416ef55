#!/usr/bin/env bash
# How polling pipelines decide on simulated migrations, over many seeds: per seed
#   canary simulate --layout single ...; canary ingest ...;
#   canary watch --replay --no-save --output json        (anytime-valid, default settings)
#   canary analyze --no-save --output json                (fixed horizon, the whole window)
#   and, with WATCH_LOOP=1, the pipeline loop a user would write: after every step T of the
#   canary's first LOOKS minutes, `canary analyze --sequential --canary-to T` and the
#   fixed-horizon `canary analyze --canary-to T`, each counted as a rollback if any look
#   rolls back (read from one `watch --replay --all-looks --compare-fixed`).
#
#   scripts/watch-stability.sh SCENARIO SEEDS [FLAGS...]     FLAGS go to canary simulate
#
# Prints one line per seed ("SEED DECISION MINUTE ANALYZE [seq-loop fixed-loop]") to
# WATCH_PROGRESS (default /dev/null) and a summary: watch decisions with the median decision
# minute, and with WATCH_LOOP=1 the loops' rollbacks.
# Environment: CANARY (default .build/release/canary), WATCH_JOBS (default 2), LOOKS (30),
# SEED_FROM (the first seed, default 1: a table can be run in parts and its lines joined).
set -euo pipefail
canary=${CANARY:-.build/release/canary}
jobs=${WATCH_JOBS:-2}
progress=${WATCH_PROGRESS:-/dev/null}
looks=${LOOKS:-30}
loop=${WATCH_LOOP:-0}
[ -x "$canary" ] || { echo "watch-stability: $canary not found (make release)" >&2; exit 66; }
command -v jq >/dev/null || { echo "watch-stability: jq is needed" >&2; exit 69; }
# Simulated data is large (about 1 GB a seed): keep it in memory where there is /dev/shm.
work=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")")
trap 'rm -rf "$work"' EXIT

one_seed() {
  local scenario=$1 seed=$2; shift 2
  local dir="$work/$scenario-$seed-$RANDOM$RANDOM"
  mkdir -p "$dir"
  "$canary" simulate --scenario "$scenario" --seed "$seed" --layout single --out "$dir/data" \
    "$@" >/dev/null 2>"$dir/stderr" || { echo "$seed simulate-failed -"; rm -rf "$dir"; return; }
  "$canary" ingest --db "$dir/c.db" --format openmetrics "$dir/data/sidecar" \
    "$dir/data/istiod-stable" "$dir/data/istiod-canary" >/dev/null 2>"$dir/stderr" \
    || { echo "$seed ingest-failed -"; rm -rf "$dir"; return; }
  rm -rf "$dir/data"
  # With WATCH_LOOP=1 one replay records every look (the decision is still the first one).
  local extra=()
  [ "$loop" = 1 ] && extra=(--all-looks --compare-fixed)
  "$canary" watch --replay "${extra[@]}" --db "$dir/c.db" --baseline stable --canary canary \
    --no-save --output json >"$dir/watch.json" 2>/dev/null || true
  local decision minute line analyzed
  decision=$(jq -r '.watch.decision // "none"' "$dir/watch.json" 2>/dev/null || echo none)
  minute=$(jq -r '.watch.decidedAfterMinutes // "-"' "$dir/watch.json" 2>/dev/null || echo -)
  # The fixed-horizon analysis over the whole window, for comparison.
  "$canary" analyze --db "$dir/c.db" --baseline stable --canary canary --no-save --output json \
    >"$dir/analyze.json" 2>/dev/null || true
  analyzed=$(jq -r '.verdict // "none"' "$dir/analyze.json" 2>/dev/null || echo none)
  line="$seed $decision $minute $analyzed"
  if [ "$loop" = 1 ]; then
    # The loops, from the replay that recorded every look with the fixed-horizon verdict
    # beside it: a look equals `analyze --sequential --canary-to T` (WatchCommandTests); a
    # loop counts as rolled back if any of its first LOOKS looks is.
    local seq fixed
    seq=$(jq -r --argjson n "$looks" '[.watch.path[:$n][] | select(.verdict == "rollback")]
      | if length > 0 then "rollback" else "no-rollback" end' "$dir/watch.json" 2>/dev/null \
      || echo none)
    fixed=$(jq -r --argjson n "$looks" '[.watch.path[:$n][] | select(.fixedVerdict == "rollback")]
      | if length > 0 then "rollback" else "no-rollback" end' "$dir/watch.json" 2>/dev/null \
      || echo none)
    line="$line $seq $fixed"
  fi
  echo "$line"
  rm -rf "$dir"
}
export -f one_seed
export canary work loop looks

scenario=$1 seeds=$2; shift 2
results="$work/results"
first=${SEED_FROM:-1}
seq "$first" $((first + seeds - 1)) | xargs -P "$jobs" -I{} bash -c 'one_seed "$@"' _ "$scenario" {} "$@" \
  | tee -a "$progress" >"$results"
sort -n "$results" >"$results.sorted"
promote=$(awk '$2 == "promote"' "$results" | wc -l)
rollback=$(awk '$2 == "rollback"' "$results" | wc -l)
inconclusive=$(awk '$2 == "inconclusive"' "$results" | wc -l)
median() { sort -n | awk '{a[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
med_rollback=$(awk '$2 == "rollback" {print $3}' "$results" | median)
med_promote=$(awk '$2 == "promote" {print $3}' "$results" | median)
a_promote=$(awk '$4 == "promote"' "$results" | wc -l)
a_rollback=$(awk '$4 == "rollback"' "$results" | wc -l)
a_inconclusive=$(awk '$4 == "inconclusive"' "$results" | wc -l)
echo "| $scenario${*:+ $*} | $seeds | watch: $promote promote (median minute $med_promote), $rollback rollback (median minute $med_rollback), $inconclusive inconclusive | analyze over the whole window: $a_promote / $a_rollback / $a_inconclusive |"
if [ "$loop" = 1 ]; then
  seq_rb=$(awk '$5 == "rollback"' "$results" | wc -l)
  fixed_rb=$(awk '$6 == "rollback"' "$results" | wc -l)
  echo "| loop of $looks looks: analyze --sequential rollbacks | $seq_rb of $seeds | fixed-horizon analyze rollbacks | $fixed_rb of $seeds |"
fi
