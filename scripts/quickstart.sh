#!/usr/bin/env bash
# The README's quick start: set everything up, then run the demo (local broker, worker,
# sample article in, event out on stdout). Extra arguments go to `python -m service demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m service demo "$@"
