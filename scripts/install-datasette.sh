#!/usr/bin/env bash
# Installs Datasette with pip, for the dashboard test (Tests/CanaryTests/DashboardTests.swift),
# which serves a database with dashboards/datasette/metadata.yaml. Idempotent: does nothing when
# `datasette` is already on PATH or importable by python3.
set -euo pipefail

if command -v datasette >/dev/null 2>&1; then
  echo "install-datasette: $(command -v datasette) already installed"
  exit 0
fi
if python3 -c 'import datasette' >/dev/null 2>&1; then
  echo "install-datasette: python3 -m datasette already installed"
  exit 0
fi

# Below 1.0: dashboards/datasette/metadata.yaml uses the 0.64/0.65 format (canned queries in
# metadata); Datasette 1.0 moves them to datasette.yaml.
spec='datasette>=0.64,<1.0'
if ! python3 -m pip install --quiet --root-user-action=ignore "$spec"; then
  # Debian's own python3 refuses pip installs outside a virtualenv (PEP 668); a CI machine is
  # disposable, so install anyway rather than fail.
  python3 -m pip install --quiet --root-user-action=ignore --break-system-packages "$spec"
fi

python3 -c 'import datasette' >/dev/null 2>&1 || {
  echo "install-datasette: datasette is still not importable after installing" >&2
  exit 1
}
echo "install-datasette: installed $(python3 -m datasette --version 2>/dev/null || echo datasette)"
