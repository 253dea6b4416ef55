#!/usr/bin/env bash
# Installs Prometheus and promtool (Debian's `prometheus` package) for the live-server tests
# (Tests/CanaryTests/PrometheusTests.swift), which start their own server on a loopback port.
# Idempotent: does nothing when both tools are already on PATH. The package would start a
# system service on :9090; a policy-rc.d that denies starts keeps it from doing so, and any
# service that runs anyway is stopped and disabled, so nothing is left listening.
set -euo pipefail

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  echo "install-prometheus: $(command -v prometheus) and $(command -v promtool) already installed"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-prometheus: must run as root (or have sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
created_policy=false
if [ ! -e "$policy" ]; then
  # Exit 101 tells invoke-rc.d "action forbidden": the postinst does not start the service.
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
  created_policy=true
fi
restore_policy() {
  if [ "$created_policy" = true ]; then "${sudo[@]}" rm -f "$policy"; fi
}
trap restore_policy EXIT

"${sudo[@]}" apt-get update -qq
# No recommends: the node exporter and the web assets are not needed by the tests.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends prometheus

# Belt and braces for machines where a service manager started it anyway.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  "${sudo[@]}" systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
if command -v service >/dev/null 2>&1; then
  "${sudo[@]}" service prometheus stop >/dev/null 2>&1 || true
fi

for tool in prometheus promtool; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "install-prometheus: $tool is still not on PATH after installing" >&2
    exit 1
  }
done
echo "install-prometheus: $(prometheus --version 2>&1 | head -n 1)"
