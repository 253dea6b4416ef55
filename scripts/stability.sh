#!/usr/bin/env bash
# How often `canary analyze` promotes, rolls back or stays inconclusive on simulated scenarios,
# over many seeds. Uses only the plain commands a pipeline would run:
#   canary simulate --layout single ... ; canary ingest DIR/... ; canary analyze --baseline stable
#   --canary canary --no-save --output json
# so it keeps working whatever the judge does inside.
#
#   scripts/stability.sh                              the standard table (make stability)
#   scripts/stability.sh SCENARIO SEEDS [FLAGS...]    one scenario; FLAGS go to canary simulate
#     (e.g. migration-healthy 100 --autocorrelation 0.7: per-minute latency and 5xx multipliers
#     with lag-1 autocorrelation 0.7; migration-latency 10 --latency-factor 1.3
#     --latency-median 40: every workload's median at 40 ms)
#
# Environment: STABILITY_SEEDS (seeds per row of the standard table, default 100), CANARY (the
# binary, default .build/release/canary), STABILITY_JOBS (seeds run at once, default 2),
# STABILITY_LOG (a file that receives one line per seed with the failing metrics, per row),
# STABILITY_PROGRESS (a file that receives each seed's line as soon as it is done).
set -euo pipefail
canary=${CANARY:-.build/release/canary}
jobs=${STABILITY_JOBS:-2}
log=${STABILITY_LOG:-/dev/null}
progress=${STABILITY_PROGRESS:-/dev/null}
[ -x "$canary" ] || { echo "stability: $canary not found (make release)" >&2; exit 66; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One seed: simulate, ingest, analyze; prints "SEED EXIT VERDICT failing-metric,..."
one_seed() {
  local scenario=$1 seed=$2; shift 2
  local dir="$work/$scenario-$seed-$RANDOM$RANDOM"
  mkdir -p "$dir"
  local status=0
  case $scenario in
    migration-*)
      "$canary" simulate --scenario "$scenario" --seed "$seed" --layout single --out "$dir/data" \
        "$@" 2>"$dir/stderr" || { echo "$seed 97 simulate-failed -"; rm -rf "$dir"; return; }
      if [[ " $* " != *" --no-rev-label "* ]]; then
        "$canary" ingest --db "$dir/c.db" --format openmetrics "$dir/data/sidecar" \
          "$dir/data/istiod-stable" "$dir/data/istiod-canary" >/dev/null 2>"$dir/stderr" \
          || status=98
      else
        "$canary" ingest --db "$dir/c.db" --format openmetrics \
          --namespace-map "$dir/data/namespaces-before.txt" \
          --namespace-map "$dir/data/namespaces-after.txt@$(cut -d' ' -f1 "$dir/data/migration.txt" | head -1)" \
          "$dir/data/sidecar" >/dev/null 2>"$dir/stderr" || status=98
        "$canary" ingest --db "$dir/c.db" --format openmetrics --revision stable \
          "$dir/data/istiod-stable" >/dev/null 2>>"$dir/stderr" || status=98
        "$canary" ingest --db "$dir/c.db" --format openmetrics --revision canary \
          "$dir/data/istiod-canary" >/dev/null 2>>"$dir/stderr" || status=98
      fi
      ;;
    *)
      "$canary" simulate --scenario "$scenario" --seed "$seed" --out "$dir/data" "$@" \
        2>"$dir/stderr" || { echo "$seed 97 simulate-failed -"; rm -rf "$dir"; return; }
      "$canary" ingest --db "$dir/c.db" --namespace-map "$dir/data/namespaces.txt" \
        "$dir/data/sidecar" >/dev/null 2>"$dir/stderr" || status=98
      "$canary" ingest --db "$dir/c.db" --revision stable "$dir/data/istiod-stable" \
        >/dev/null 2>>"$dir/stderr" || status=98
      "$canary" ingest --db "$dir/c.db" --revision canary "$dir/data/istiod-canary" \
        >/dev/null 2>>"$dir/stderr" || status=98
      ;;
  esac
  if [ "$status" -ne 0 ]; then
    echo "$seed 98 ingest-failed:$(head -c 200 "$dir/stderr" | tr ' \n' '__') -"
    rm -rf "$dir"
    return
  fi
  "$canary" analyze --db "$dir/c.db" --baseline stable --canary canary --no-save --output json \
    >"$dir/report.json" 2>"$dir/stderr" || status=$?
  local verdict failing
  verdict=$(jq -r '.verdict // "none"' "$dir/report.json" 2>/dev/null || echo none)
  failing=$(jq -r '[.metrics[] | select(.classification == "high" or .classification == "low")
    | .name] | join(",")' "$dir/report.json" 2>/dev/null || true)
  echo "$seed $status $verdict ${failing:--}"
  rm -rf "$dir"
}

# One row: SEEDS seeds of SCENARIO with FLAGS, in $jobs parallel jobs; prints the table row.
row() {
  local scenario=$1 seeds=$2; shift 2
  local label="$scenario${*:+ $*}"
  local results="$work/results-$RANDOM$RANDOM"
  export -f one_seed
  export canary work
  seq 1 "$seeds" | xargs -P "$jobs" -I{} bash -c 'one_seed "$@"' _ "$scenario" {} "$@" |
    tee -a "$progress" >"$results"
  sort -n "$results" | sed "s|^|$label: seed |" >>"$log"
  local promote rollback inconclusive other
  promote=$(awk '$2 == 0' "$results" | wc -l)
  rollback=$(awk '$2 == 1' "$results" | wc -l)
  inconclusive=$(awk '$2 == 2' "$results" | wc -l)
  other=$(awk '$2 > 2' "$results" | wc -l)
  local failing
  failing=$(awk '$2 == 1 || $2 == 2 { n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] != "-") c[m[i]]++ }
    END { for (k in c) printf "%s %d\n", k, c[k] }' "$results" | sort -k2,2nr -k1,1 | head -4 |
    awk '{ printf "%s%s x%d", (NR > 1 ? ", " : ""), $1, $2 }')
  printf '%-44s %5d %8d %9d %13d %6d  %s\n' "$label" "$seeds" "$promote" "$rollback" \
    "$inconclusive" "$other" "${failing:--}"
}

header() {
  printf '%-44s %5s %8s %9s %13s %6s  %s\n' scenario seeds promote rollback inconclusive errors \
    "most failing metrics (seeds)"
}

if [ $# -gt 0 ]; then
  scenario=$1; seeds=${2:-${STABILITY_SEEDS:-100}}; shift; [ $# -gt 0 ] && shift
  header
  row "$scenario" "$seeds" "$@"
  exit 0
fi

seeds=${STABILITY_SEEDS:-100}
header
row migration-healthy "$seeds"
row migration-latency "$seeds"
row migration-latency "$seeds" --latency-factor 1.15
row migration-errors "$seeds"
row migration-push-storm "$seeds"
row migration-healthy "$seeds" --warmup-minutes 2
row migration-healthy "$seeds" --autocorrelation 0.5
row migration-healthy "$seeds" --autocorrelation 0.7
row healthy "$seeds"
row latency-regression "$seeds"
