#!/usr/bin/env bash
# A Docker engine and the Compose v2 plugin for the stack test, from what this project's machines
# can reach (Debian's packages, the Go module proxy). Idempotent: whatever is present is kept.
#
#   bash deploy/standins/engine.sh install   # docker.io + debootstrap (apt), Compose plugin (go build)
#   bash deploy/standins/engine.sh start     # start dockerd unless an engine answers; prints its pid
#   bash deploy/standins/engine.sh stop PID  # stop a dockerd that `start` started
#
# Installing and starting need root (apt, dockerd); with an engine already running (Docker Desktop,
# a system service) neither is needed.
set -euo pipefail
# Functions are named cmd_* / verb_noun so none can shadow a command the script calls (an earlier
# `install()` made `install -m 0755 …` call itself and rebuild the plugin forever).

COMPOSE_VERSION=v2.40.3  # needs Go >= 1.24; builds with BuildKit against dockerd 20.10's API 1.41
# Where the docker CLI looks for plugins system-wide; overridable so the installer can be tested.
PLUGIN_DIR=${DOCKER_CLI_PLUGIN_DIR:-/usr/local/lib/docker/cli-plugins}
LOG=${DOCKERD_LOG:-/var/log/news-entities-dockerd.log}

say() { printf '\033[1m[engine]\033[0m %s\n' "$*" >&2; }
engine_answers() { docker info >/dev/null 2>&1; }

apt_install() {
  say "installing Debian packages: $*"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

install_compose_plugin() {
  if docker compose version >/dev/null 2>&1; then return; fi
  command -v go >/dev/null || { echo "error: the Compose plugin is built with Go >= 1.24; install Go or the plugin" >&2; exit 2; }
  say "building the Compose plugin $COMPOSE_VERSION from the Go module proxy (once; a few minutes)"
  local src work
  # As a main module: the published module has exclude directives, so `go install mod@version` refuses.
  src=$(go mod download -json "github.com/docker/compose/v2@$COMPOSE_VERSION" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')
  work=$(mktemp -d)
  cp -r "$src/." "$work/"
  chmod -R u+w "$work"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath \
     -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" \
     -o "$work/docker-compose" ./cmd)
  mkdir -p "$PLUGIN_DIR"
  install -m 0755 "$work/docker-compose" "$PLUGIN_DIR/docker-compose"
  rm -rf "$work"
}

cmd_install() {
  local packages=()
  command -v dockerd >/dev/null || engine_answers || packages+=(docker.io)
  command -v debootstrap >/dev/null || packages+=(debootstrap)
  if [ ${#packages[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "error: run as root to install ${packages[*]}" >&2; exit 2; }
    apt_install "${packages[@]}"
  fi
  install_compose_plugin
  say "ready: $(docker compose version)"
}

# dockerd in the background, overlay2 first, then vfs (slower, works on any filesystem).
cmd_start() {
  if engine_answers; then say "a Docker engine is already running"; return; fi
  [ "$(id -u)" = 0 ] || { echo "error: no Docker engine answers and starting dockerd needs root" >&2; exit 2; }
  command -v dockerd >/dev/null || { echo "error: dockerd missing: bash deploy/standins/engine.sh install" >&2; exit 2; }
  local driver pid
  for driver in overlay2 vfs; do
    say "starting dockerd (storage driver $driver; log $LOG)"
    setsid dockerd --storage-driver="$driver" >>"$LOG" 2>&1 < /dev/null &
    pid=$!
    for _ in $(seq 60); do
      # The pid file, not $!: setsid may have forked.
      if engine_answers; then cat /var/run/docker.pid; echo; return; fi
      sleep 0.5
    done
    [ -s /var/run/docker.pid ] && kill "$(cat /var/run/docker.pid)" 2>/dev/null
    kill "$pid" 2>/dev/null || true
    sleep 2
  done
  tail -20 "$LOG" >&2
  echo "error: dockerd did not start" >&2
  exit 1
}

cmd_stop() {
  local pid=${1:?usage: engine.sh stop PID}
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  echo "error: dockerd $pid did not stop within 30 s" >&2
  exit 1
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop "${2:-}" ;;
  *) echo "usage: $0 install | start | stop PID" >&2; exit 2 ;;
esac
