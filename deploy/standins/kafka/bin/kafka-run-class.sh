#!/usr/bin/env bash
# Stand-in for Kafka's kafka-run-class.sh: runs CLASS on the JVM with every jar in /opt/kafka/libs,
# reading the same variables as the original: KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS,
# KAFKA_JMX_OPTS (+ JMX_PORT), KAFKA_LOG4J_OPTS, KAFKA_OPTS, LOG_DIR. Not supported: -daemon, -loggc.
set -euo pipefail
base=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = "-name" ]; then shift 2; fi
if [ $# -lt 1 ] || [ "${1:0:1}" = "-" ]; then
  echo "USAGE: $0 [-name servicename] classname [opts]" >&2
  exit 1
fi

log_dir=${LOG_DIR:-$base/logs}
mkdir -p "$log_dir" 2>/dev/null || true
heap=${KAFKA_HEAP_OPTS:--Xmx256M}
performance=${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
log4j=${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:$base/config/tools-log4j.properties}
jmx=${KAFKA_JMX_OPTS:--Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false}
if [ -n "${JMX_PORT:-}" ]; then
  jmx="$jmx -Dcom.sun.management.jmxremote.port=$JMX_PORT"
fi

# The option variables hold several words each: split them, but never glob them.
set -f
# shellcheck disable=SC2086
exec java $heap $performance $jmx $log4j "-Dkafka.logs.dir=$log_dir" ${KAFKA_OPTS:-} \
  -cp "$base/libs/*" "$@"
