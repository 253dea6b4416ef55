#!/usr/bin/env bash
# Installs headless Chromium and a basic font set on a fresh Debian machine, for the HTML
# report's browser test (Tests/ReportingTests/BrowserTests.swift). Idempotent: does nothing
# when `chromium` is already on PATH. Needs root (or sudo) for apt-get.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "install-chromium: $(command -v chromium) already installed"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-chromium: must run as root (or have sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# DejaVu gives the system font stack real glyphs; without any font Chromium renders boxes.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core

command -v chromium >/dev/null 2>&1 || {
  echo "install-chromium: chromium is still not on PATH after installing" >&2
  exit 1
}
echo "install-chromium: installed $(chromium --version 2>/dev/null || echo chromium)"
