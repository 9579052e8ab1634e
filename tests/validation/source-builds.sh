#!/usr/bin/env bash
# Checks the redis-7.0, redis-7.2 and valkey-8.0 models with the allocator the public ground truth and ElastiCache use
# (jemalloc-q8: the servers' own bundled jemalloc, configured --with-lg-quantum=3), on servers built from source:
# Redis 7.0.15 (jemalloc 5.2.1), Redis 7.2.4 and Valkey 8.0.1 (jemalloc 5.3.0); the last two are the versions the
# ground truth measured. Debian's packages (debian-servers.sh) link Debian's jemalloc (16-byte quantum) instead. No Debian package has Valkey 8.1 or 9.1, and the valkey-io/valkey
# clone this was run with (October 2024) predates both: valkey81-prerelease.txt checks valkey-8.1 against a January 2025
# pre-release of 8.1 instead, and valkey-9.1 is checked against the public set only.
# About 45 minutes; not part of tests/run.sh. Output: source-builds.txt.
#
# Usage: tests/validation/source-builds.sh VALKEY_GIT_DIR [WORKDIR]
#   VALKEY_GIT_DIR: a clone of github.com/valkey-io/valkey (its history holds Redis up to 7.2.4); needs gcc and make.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=${1:?usage: source-builds.sh VALKEY_GIT_DIR [WORKDIR]}
work=${2:-$(mktemp -d)}
mkdir -p "$work/servers"
# f35f36a26 and d2c8a4b91: the release commits "Redis 7.0.15" and "Redis 7.2.4"; 8.0.1: Valkey's tag.
for build in redis-7.0.15:f35f36a26 redis-7.2.4:d2c8a4b91 valkey-8.0.1:8.0.1; do
  name=${build%%:*} rev=${build#*:}
  dir="$work/servers/$name"
  if [ ! -x "$dir/src/${name%%-*}-server" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    git -C "$src" archive "$rev" | tar -x -C "$dir"
    make -C "$dir" -j"$(nproc)" >"$dir.build.log" 2>&1 || { tail -20 "$dir.build.log"; exit 1; }
  fi
  "$dir/src/${name%%-*}-server" --version
done
exec tests/validation/live-servers.sh --datasets tests/validation/source-datasets.txt --allocator jemalloc-q8 \
  --work "$work" redis-7.0="$work/servers/redis-7.0.15/src/redis-server" redis-7.2="$work/servers/redis-7.2.4/src/redis-server" \
  valkey-8.0="$work/servers/valkey-8.0.1/src/valkey-server"
