#!/usr/bin/env bash
# Stand-in for Kafka's command-line scripts: each /opt/kafka/bin/<tool>.sh is a link to this file,
# which runs the class that tools.txt names for it (the same class the original script runs).
set -euo pipefail
bin=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$0")
class=$(awk -v name="$name" '$1 == name { print $2 }' "$bin/tools.txt")
if [ -z "$class" ]; then
  echo "$name: not a Kafka tool this image knows (see $bin/tools.txt)" >&2
  exit 1
fi
exec "$bin/kafka-run-class.sh" "$class" "$@"
