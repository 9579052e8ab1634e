#!/usr/bin/env bash
# Peak RSS of the CLI on a multi-GB snapshot, against the 150 MB target (issue 6), with top-N, prefix and slot aggregates on.
#
# Usage: bench/rss-check.sh [-s SCALE] [-o RDB] [--cli PATH] [--build-only] [--no-gzip] [--shards N] [--limit MB]
#   -s SCALE      gen_bench.py scale of the RDB built when RDB is missing (default 10: ~20 M keys, ~3.2 GB)
#   -o RDB        RDB to measure, built there first if missing (default bench/work/bench-x<SCALE>.rdb);
#                 bench/work/bench.rdb (scale 1.0) is refused as a build target, so it is never overwritten
#   --cli PATH    rdbplanner executable to measure (default: publish src/RdbPlanner.Cli to a temp dir)
#   --build-only  build the RDB (if missing) and stop
#   --no-gzip     skip the `gzip -1 -c RDB | rdbplanner analyze -` case
#   --shards N    also plan N shards at once: the bundled sample snapshot given N times (default 500, ElastiCache's
#                 shard limit; 0 skips): memory must not grow with the number of files
#   --limit MB    the target (default 150; MB = 10^6 bytes)
#
# Each case runs once under /usr/bin/time -v (wall, CPU, max RSS): analyze --json; analyze --json --keys-csv /dev/null;
# analyze --json --threads 16 (a file split across threads); plan --out TMP; gzip via stdin; plan of N shards.
# Exit 0 if every case is within the target, 1 if one is over.
# Building needs python3, redis-server + redis-cli (Debian 12: 7.0.15 -> RDB v10) and about 2 GB of server memory per
# unit of scale; the server listens on 127.0.0.1 only, in a temp dir, and is always shut down. Builds run under nice -n 19.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
scale=10
rdb=""
cli=""
build_only=0
gzip_case=1
shards=500
limit_mb=150

while [[ $# -gt 0 ]]; do
  case "$1" in
    -s) scale="$2"; shift 2 ;;
    -o) rdb="$2"; shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --no-gzip) gzip_case=0; shift ;;
    --shards) shards="$2"; shift 2 ;;
    --limit) limit_mb="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "rss-check.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n "$rdb" ]] || rdb="$here/work/bench-x$scale.rdb"

# shellcheck source-path=SCRIPTDIR source=lib/gen-bench-rdb.sh
source "$here/lib/gen-bench-rdb.sh"

need() { command -v "$1" >/dev/null 2>&1 || { echo "rss-check.sh: '$1' not found; $2" >&2; exit 3; }; }

build_rdb() {
  local out="$1"
  if [[ "$(realpath -m "$out")" == "$(realpath -m "$here/work/bench.rdb")" ]]; then
    echo "rss-check.sh: refusing to build over the scale-1.0 bench RDB $out; pass -o" >&2
    exit 2
  fi
  gen_bench_rdb "$scale" "$out" 19
}

if [[ ! -s "$rdb" ]]; then
  build_rdb "$rdb"
else
  echo "RDB: reusing $rdb ($(stat -c %s "$rdb") bytes)"
fi
[[ $build_only -eq 1 ]] && exit 0

[[ -x /usr/bin/time ]] || { echo "rss-check.sh: /usr/bin/time not found; apt-get install -y time" >&2; exit 3; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ -z "$cli" ]]; then
  need dotnet "install the .NET 10 SDK"
  echo "publishing CLI (Release) to $work/cli"
  if ! nice -n 19 dotnet publish "$repo/src/RdbPlanner.Cli" -c Release -r "$(dotnet --info | awk '/RID:/{print $2; exit}')" --self-contained false -p:PublishReadyToRun=true -o "$work/cli" -v quiet -nologo >"$work/publish.log" 2>&1; then
    cat "$work/publish.log" >&2
    echo "rss-check.sh: dotnet publish failed" >&2
    exit 4
  fi
  cli="$work/cli/rdbplanner"
fi

bytes="$(stat -c %s "$rdb")"
echo "file: $rdb, $bytes bytes; target: max RSS <= $limit_mb MB"
cat "$rdb" >/dev/null  # warm the page cache (if it fits) so every case reads the same way

# GNU time -v report -> "wall cpu(user+sys) maxrss_kib"
parse_time() {
  local wall cpu rss
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" \
    | awk -F: '{ s=0; for (i=1;i<=NF;i++) s=s*60+$i; printf "%.2f", s }')"
  cpu="$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$1")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$1")"
  echo "$wall $cpu $rss"
}
results=()
record() {  # name time-file [bytes keys]: the input's size when it is not the RDB's
  local wall cpu rss
  read -r wall cpu rss < <(parse_time "$2")
  results+=("$1 $wall $cpu $rss ${3:--} ${4:--}")
  printf '%-24s wall %8.2f s  CPU %8.2f s  max RSS %8.1f MB\n' "$1" "$wall" "$cpu" \
    "$(awk -v k="$rss" 'BEGIN{printf "%.1f", k*1024/1e6}')"
}
# One case under GNU time -v, its stdout to $work/out.NAME.
run_case() {
  local name="$1"; shift
  /usr/bin/time -v -o "$work/time.$name" "$@" >"$work/out.$name" 2>"$work/err.$name" || {
    echo "rss-check.sh: case $name failed:" >&2; tail -5 "$work/err.$name" "$work/time.$name" >&2; exit 5; }
  record "$name" "$work/time.$name"
}

run_case analyze-json "$cli" analyze --json -q "$rdb"
keys="$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["keys"]))' "$work/out.analyze-json")"
echo "keys: $keys"
run_case analyze-json-keys-csv "$cli" analyze --json -q --keys-csv /dev/null "$rdb"
# As on a 16-core machine: the file split across threads (SegmentedFile, capped at 8 per file), whatever the cores here.
run_case analyze-json-16-threads "$cli" analyze --json -q --threads 16 "$rdb"
run_case plan "$cli" plan -q --out "$work/plan" "$rdb"
if [[ $gzip_case -eq 1 ]]; then
  need gzip "apt-get install -y gzip"
  # time measures the CLI alone; gzip -1 runs beside it in the pipeline (its CPU is not counted, the wall includes it).
  gzip -1 -c "$rdb" | /usr/bin/time -v -o "$work/time.gzip" "$cli" analyze --json -q - >"$work/out.gzip" 2>"$work/err.gzip" || {
    echo "rss-check.sh: case analyze-gzip-stdin failed:" >&2; tail -5 "$work/err.gzip" "$work/time.gzip" >&2; exit 5; }
  record analyze-gzip-stdin "$work/time.gzip"
fi
if [[ $shards -gt 0 ]]; then
  sample="$repo/fixtures/sample/sample.rdb"
  mkdir -p "$work/shards"
  for ((i = 1; i <= shards; i++)); do ln -s "$sample" "$work/shards/shard$i.rdb"; done
  sample_keys="$("$cli" analyze --json -q "$sample" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["keys"]))')"
  # The copies share one CRC-64, so plan warns that they are one snapshot; the memory is what is measured here.
  /usr/bin/time -v -o "$work/time.shards" "$cli" plan -q --out "$work/plan-shards" "$work"/shards/*.rdb >"$work/out.shards" 2>"$work/err.shards" || {
    echo "rss-check.sh: case plan-$shards-shards failed:" >&2; tail -5 "$work/err.shards" "$work/time.shards" >&2; exit 5; }
  record "plan-$shards-shards" "$work/time.shards" "$((shards * $(stat -c %s "$sample")))" "$((shards * sample_keys))"
fi

echo
printf '%-26s %9s %9s %9s %10s %12s  %s\n' case "wall s" "CPU s" "MB/s" "M keys/s" "max RSS MB" verdict
fail=0
for r in "${results[@]}"; do
  read -r name wall cpu rss case_bytes case_keys <<<"$r"
  [[ $case_bytes == - ]] && case_bytes=$bytes
  [[ $case_keys == - ]] && case_keys=$keys
  mb="$(awk -v k="$rss" 'BEGIN{printf "%.1f", k*1024/1e6}')"
  verdict=PASS
  awk -v m="$mb" -v l="$limit_mb" 'BEGIN{exit !(m > l)}' && { verdict=FAIL; fail=1; }
  printf '%-26s %9.2f %9.2f %9.1f %10.2f %12.1f  %s\n' "$name" "$wall" "$cpu" \
    "$(awk -v b="$case_bytes" -v t="$wall" 'BEGIN{printf "%.1f", b/1e6/(t>0.01?t:0.01)}')" \
    "$(awk -v k="$case_keys" -v t="$wall" 'BEGIN{printf "%.2f", k/1e6/(t>0.01?t:0.01)}')" "$mb" "$verdict"
done
echo "file $bytes bytes, $keys keys; load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if [[ $fail -eq 0 ]]; then echo "PASS: every case within $limit_mb MB"; else echo "FAIL: a case is over $limit_mb MB"; fi
exit $fail
