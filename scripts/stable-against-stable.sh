#!/usr/bin/env bash
# False-rollback rate of the built-in configuration on the `healthy` scenario (the same
# behaviour on both revisions) over SEEDS seeds: one row of scripts/stability.sh.
#   scripts/stable-against-stable.sh [SEEDS] [CANARY_BINARY]
# Uses the release build by default (make release).
set -euo pipefail
CANARY=${2:-${CANARY:-.build/release/canary}} exec bash "$(dirname "$0")/stability.sh" healthy "${1:-20}"
