#!/usr/bin/env bash
# Builds local stand-ins for the registry images the stack uses (images.txt), for machines whose
# Docker engine cannot pull from a container registry. An image that is already present and is not
# one of our stand-ins (no io.news-entities.standin label) is a real, pulled image: it is kept.
# Stand-ins are rebuilt on every call; Docker's layer cache makes that a few seconds.
#
#   bash deploy/standins/build.sh          # needs a running Docker engine (deploy/standins/engine.sh)
#
# Sources: a Debian bookworm root filesystem (debootstrap, cached as a tarball), Debian packages
# inside the images, the Kafka jars from Maven Central. Cache: $NEWS_ENTITIES_STANDIN_CACHE
# (default ~/.cache/news-entities/standins).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${NEWS_ENTITIES_STANDIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/news-entities/standins}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
base=news-entities/standin-debian:bookworm
label=io.news-entities.standin
mkdir -p "$cache"

say() { printf '\033[1m[standins]\033[0m %s\n' "$*" >&2; }
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
standin_label() { docker image inspect -f "{{ index .Config.Labels \"$label\" }}" "$1" 2>/dev/null; }

build_base() {
  if image_exists "$base"; then return; fi
  local tarball=$cache/debian-bookworm-minbase.tar
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || { echo "error: debootstrap is missing (deploy/standins/engine.sh install)" >&2; exit 2; }
    say "debootstrap: Debian bookworm (minbase) from $mirror"
    local rootfs
    rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
      || { tail -20 "$cache/debootstrap.log" >&2; rm -rf "$rootfs"; exit 1; }
    # Image conventions: no services start inside `docker build`, no recommended packages, no apt
    # caches, updates and security fixes in the sources.
    printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
    chmod +x "$rootfs/usr/sbin/policy-rc.d"
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/90standin"
    printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb http://deb.debian.org/debian-security bookworm-security main\n' \
      "$mirror" "$mirror" >"$rootfs/etc/apt/sources.list"
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    tar -C "$rootfs" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
  fi
  say "importing $base"
  docker import -c "LABEL $label=\"debootstrap --variant=minbase bookworm\"" -c 'CMD ["bash"]' \
    "$tarball" "$base" >/dev/null
}

# The Kafka image's context: the files in kafka/ plus the jars, fetched once into the cache.
kafka_context() {
  local libs=$cache/kafka-libs context=$cache/kafka-context
  if [ ! -e "$libs/.complete" ] || [ "$here/kafka/pom.xml" -nt "$libs/.complete" ]; then
    say "fetching the Kafka jars from Maven Central"
    rm -rf "$libs"
    mvn -q -B -f "$here/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$libs" >&2
    touch "$libs/.complete"
  fi
  # Every tool script must find its class in the jars, or the healthcheck would fail at run time.
  python3 - "$libs" "$here/kafka/bin/tools.txt" <<'PY'
import pathlib, sys, zipfile
libs, table = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
classes = {n for jar in libs.glob("*.jar") for n in zipfile.ZipFile(jar).namelist()}
wanted = ["kafka.Kafka", "kafka.docker.KafkaDockerWrapper"] + [
    line.split()[1] for line in table.read_text().splitlines() if line.strip() and not line.startswith("#")]
missing = [c for c in wanted if c.replace(".", "/") + ".class" not in classes]
sys.exit(f"classes missing from the Kafka jars: {missing}" if missing else 0)
PY
  rm -rf "$context"
  mkdir -p "$context"
  cp -a "$here/kafka/." "$context/"
  cp -a "$libs" "$context/libs"
  rm -f "$context/libs/.complete"
  echo "$context"
}

build_base
grep -v '^#' "$here/images.txt" | while read -r image folder; do
  [ -n "$image" ] || continue
  if image_exists "$image" && [ -z "$(standin_label "$image")" ]; then
    say "$image: a real image is present; keeping it"
    continue
  fi
  context=$here/$folder
  [ "$folder" = kafka ] && context=$(kafka_context)
  say "$image: building the stand-in from $folder/"
  log=$cache/build-$folder.log
  previous=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  docker build --build-arg "BASE=$base" -t "$image" "$context" >"$log" 2>&1 \
    || { tail -30 "$log" >&2; echo "error: building the $image stand-in failed (log: $log)" >&2; exit 1; }
  # A changed stand-in leaves its previous build untagged: remove it rather than pile them up.
  if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$image")" ]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
done
say "ready: $(grep -v '^#' "$here/images.txt" | awk '{print $1}' | xargs)"
