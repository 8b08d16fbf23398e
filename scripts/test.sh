#!/usr/bin/env bash
# The README's test command (and CI's): set up with dev tools, lint, type-check, run every test.
# Integration tests start their own real Kafka broker and Prometheus server; the stack test its own
# Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
bash scripts/setup.sh --dev
# tests/deploy/test_stack.py runs docker-compose.yml on a real engine: dockerd, debootstrap and the
# Compose plugin, installed once (the test starts dockerd itself when none runs).
bash deploy/standins/engine.sh install
echo "== ruff"; .venv/bin/ruff check service tests bench training; .venv/bin/ruff format --check service tests bench training
echo "== mypy"; .venv/bin/mypy service
# -m "" clears pyproject's unit-only marker filter: every lane (unit, slow, integration, stack) runs here.
echo "== pytest"; .venv/bin/python -m pytest -m "" --durations=15 "$@"
echo "== test.sh finished in $(( $(date +%s) - started ))s"
