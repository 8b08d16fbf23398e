#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: Python env, the package (+ dev tools with --dev), Kafka jars.
# Needs: Python >= 3.11, Java >= 17 and Maven (installed through apt when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || return 1
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq >/dev/null || return 1; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python >= 3.11 is required (set PYTHON=/path/to/python3.11)" >&2; exit 2
fi
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null; then
    pkg=$([ "$tool" = java ] && echo openjdk-17-jre-headless || echo maven)
    say "$tool not found; installing Debian package $pkg"
    apt_install "$pkg" || { echo "error: $tool is required for the local Kafka broker: install $pkg" >&2; exit 2; }
  fi
done
if [ "$DEV" = 1 ] && ! command -v promtool >/dev/null; then
  say "promtool not found; installing Debian package prometheus (tests run a real Prometheus server)"
  apt_install prometheus || { echo "error: the tests need Prometheus: install the Debian package prometheus" >&2; exit 2; }
fi
# The Debian package starts a system Prometheus on :9090; tests start their own, so stop that one.
if [ "$DEV" = 1 ] && command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
  as_root systemctl stop prometheus || true
fi

if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$PY" -m venv .venv
fi
say "installing the package$([ "$DEV" = 1 ] && echo ' with dev tools') into .venv"
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".$([ "$DEV" = 1 ] && echo '[dev]')"

say "fetching the Kafka broker jars from Maven Central (once)"
.venv/bin/python -m service broker fetch >/dev/null
say "ready"
