#!/usr/bin/env bash
# Stand-in for Kafka's kafka-server-start.sh: the broker (kafka.Kafka) with the server's log4j
# configuration and the original's default heap of 1 GB.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "USAGE: $0 server.properties [--override property=value]*" >&2
  exit 1
fi
base=$(cd "$(dirname "$0")/.." && pwd)
export KAFKA_LOG4J_OPTS=${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$base/config/log4j.properties}
export KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}
exec "$base/bin/kafka-run-class.sh" -name kafkaServer kafka.Kafka "$@"
