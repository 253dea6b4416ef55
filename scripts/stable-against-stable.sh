#!/usr/bin/env bash
# False-rollback rate of the built-in configuration: analyzes the `healthy` scenario (the same
# behaviour on both revisions) under SEEDS different seeds and counts the verdicts.
#   scripts/stable-against-stable.sh [SEEDS] [CANARY_BINARY]
# Uses the release build by default (make release). Prints one line per seed, then the rates.
set -euo pipefail
seeds=${1:-20}
canary=${2:-.build/release/canary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
promote=0; rollback=0; inconclusive=0
for seed in $(seq 1 "$seeds"); do
  dir="$work/$seed"
  "$canary" simulate --scenario healthy --seed "$seed" --out "$dir/data" 2>/dev/null
  "$canary" ingest --db "$dir/c.db" --namespace-map "$dir/data/namespaces.txt" "$dir/data/sidecar" >/dev/null
  "$canary" ingest --db "$dir/c.db" --revision stable "$dir/data/istiod-stable" >/dev/null
  "$canary" ingest --db "$dir/c.db" --revision canary "$dir/data/istiod-canary" >/dev/null
  status=0
  "$canary" analyze --db "$dir/c.db" --baseline stable --canary canary --no-save \
    --output markdown --report-file "$dir/report.md" >/dev/null || status=$?
  case $status in
    0) promote=$((promote + 1)); verdict=promote ;;
    1) rollback=$((rollback + 1)); verdict=rollback ;;
    2) inconclusive=$((inconclusive + 1)); verdict=inconclusive ;;
    *) echo "seed $seed: canary analyze failed with exit $status" >&2; exit 1 ;;
  esac
  failing=$(grep -E '^\| `[^`]+` \| \*\*(high|low)\*\*' "$dir/report.md" | cut -d'`' -f2 | tr '\n' ' ' || true)
  echo "seed $seed: $verdict ${failing:+(failing: $failing)}"
  rm -rf "$dir"
done
echo "healthy scenario, $seeds seeds: $promote promote, $rollback rollback, $inconclusive inconclusive"
echo "false-rollback rate: $rollback/$seeds; not promoted: $((rollback + inconclusive))/$seeds"
