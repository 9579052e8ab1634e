#!/usr/bin/env bash
# Checks the memory models on datasets the public ground truth does not have, against the servers Debian 12 ships:
# redis-server 7.0.15 (redis-7.0 model) and valkey-server 8.0.1 from bookworm-backports (valkey-8.0 model), both
# linked with Debian's jemalloc (jemalloc-q16). Every profile of ../shared/tools/groundtruth.py, including the four the
# public set lacks (bigkeys, hashtags, longkeys, ttl-all), is generated with new seeds and scales, written by
# redis-server, then measured the way the ground truth was (groundtruth.py measure: harness v2, empty twin, settle
# rule), standalone and cluster, configs default and elasticache, and compared with `rdbplanner analyze`.
# About 20 minutes; not part of tests/run.sh. Output: one line per measurement, worst first (debian-servers.txt; its
# rows name each file profile-scale-seed, as before the datasets moved to debian-datasets.txt).
#
# Usage: tests/validation/debian-servers.sh [WORKDIR]   (needs redis-server, valkey-server, python3, dotnet)
set -euo pipefail
cd "$(dirname "$0")/../.."
for bin in redis-server valkey-server; do command -v $bin >/dev/null || { echo "$bin not on PATH (see tests/run.sh)"; exit 2; }; done
exec tests/validation/live-servers.sh --datasets tests/validation/debian-datasets.txt --allocator jemalloc-q16 \
  ${1:+--work "$1"} redis-7.0="$(command -v redis-server)" valkey-8.0="$(command -v valkey-server)"
