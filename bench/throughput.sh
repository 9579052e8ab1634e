#!/usr/bin/env bash
# End-to-end throughput of `rdbplanner analyze --json` against `cat FILE > /dev/null` on the same file, same run.
#
# Usage: bench/throughput.sh [-n RUNS] [-s SCALE] [--build-only] [FILE]
#   FILE          RDB to analyse; default bench/work/bench.rdb, built once from ../shared/tools/gen_bench.py
#   -n RUNS       timed runs of each command, alternating analyze / cat (default 5)
#   -s SCALE      gen_bench.py scale when the bench RDB is built (default 1.0: ~2.05 M keys, ~325 MB)
#   --build-only  build the bench RDB (if missing) and stop
#
# Needs: python3, redis-server + redis-cli (Debian 12: 7.0.15 -> RDB v10), /usr/bin/time, dotnet.
# The redis-server it starts listens on 127.0.0.1 only, in a temp dir, and is always shut down.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="$here/work"
runs=5
scale=1.0
build_only=0
file=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -s) scale="$2"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "throughput.sh: unknown option $1" >&2; exit 2 ;;
    *) file="$1"; shift ;;
  esac
done

# shellcheck source-path=SCRIPTDIR source=lib/gen-bench-rdb.sh
source "$here/lib/gen-bench-rdb.sh"

need() { command -v "$1" >/dev/null 2>&1 || { echo "throughput.sh: '$1' not found; $2" >&2; exit 3; }; }

build_bench_rdb() {
  local out="$work/bench.rdb"
  if [[ -s "$out" ]]; then
    echo "bench RDB: reusing $out"
    return
  fi
  gen_bench_rdb "$scale" "$out"
}

if [[ -z "$file" ]]; then
  build_bench_rdb
  file="$work/bench.rdb"
fi
[[ $build_only -eq 1 ]] && exit 0
[[ -f "$file" ]] || { echo "throughput.sh: $file not found" >&2; exit 3; }

need dotnet "install the .NET 10 SDK"
[[ -x /usr/bin/time ]] || { echo "throughput.sh: /usr/bin/time not found; apt-get install -y time" >&2; exit 3; }

cli="$work/cli/rdbplanner"
# ReadyToRun (precompiled code for start-up; the hot per-key methods are still re-jitted at tier 1): the
# 2.4 MB sample went from 0.37-0.53 s to 0.30-0.32 s. The RID is the machine's own.
echo "publishing CLI (Release) to $work/cli"
if ! dotnet publish "$repo/src/RdbPlanner.Cli" -c Release -r "$(dotnet --info | awk '/RID:/{print $2; exit}')" --self-contained false -p:PublishReadyToRun=true -o "$work/cli" -v quiet -nologo >"$work/publish.log" 2>&1; then
  cat "$work/publish.log" >&2
  echo "throughput.sh: dotnet publish failed (log above, also in $work/publish.log)" >&2
  exit 4
fi

bytes="$(stat -c %s "$file")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Warm the page cache once so both commands read from memory, and check the CLI works and reports keys.
cat "$file" >/dev/null
"$cli" analyze --json "$file" >"$tmp/out.json"
keys="$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["keys"]))' "$tmp/out.json")"

# One timed run: wall seconds, CPU seconds (user + system) and peak RSS (KiB) from GNU time's verbose report.
timed() {
  /usr/bin/time -v -o "$tmp/time.txt" "$@" >/dev/null
  local wall cpu rss
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time.txt" \
    | awk -F: '{ s=0; for (i=1;i<=NF;i++) s=s*60+$i; printf "%.3f", s }')"
  cpu="$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.3f", s }' "$tmp/time.txt")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.txt")"
  echo "$wall $cpu $rss"
}

analyze_times=(); analyze_cpu=(); cat_times=(); cat_cpu=(); peak_rss=0
for i in $(seq 1 "$runs"); do
  read -r t u r < <(timed "$cli" analyze --json "$file")
  analyze_times+=("$t"); analyze_cpu+=("$u"); (( r > peak_rss )) && peak_rss=$r
  # shellcheck disable=SC2016  # $1 is expanded by the inner sh
  read -r c v _ < <(timed sh -c 'cat "$1" > /dev/null' sh "$file")
  cat_times+=("$c"); cat_cpu+=("$v")
  printf 'run %d: analyze %6.3f s (CPU %6.3f s)   cat %6.3f s (CPU %6.3f s)\n' "$i" "$t" "$u" "$c" "$v"
done

# GNU time reports wall time in 10 ms steps; medians damp noise from the shared machine. CPU time (user + system) is
# printed too: on a loaded machine wall time includes waiting for a core, CPU time does not.
python3 - "$bytes" "$keys" "$peak_rss" "${analyze_times[*]}" "${cat_times[*]}" "${analyze_cpu[*]}" "${cat_cpu[*]}" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'EOF'
import statistics, sys
size, keys, rss = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
a = [float(x) for x in sys.argv[4].split()]
c = [float(x) for x in sys.argv[5].split()]
ua = statistics.median(float(x) for x in sys.argv[6].split())
uc = statistics.median(float(x) for x in sys.argv[7].split())
ma, mc = statistics.median(a), statistics.median(c)
floor = 0.01  # time's resolution: never divide by a zero reading
print(f"file        {size/1e6:.1f} MB, {keys} keys")
print(f"analyze     median {ma:.3f} s  ->  {size/1e6/max(ma,floor):.1f} MB/s, {keys/max(ma,floor)/1e6:.2f} M keys/s")
print(f"cat         median {mc:.3f} s  ->  {size/1e6/max(mc,floor):.1f} MB/s")
print(f"ratio       analyze / cat = {max(ma,floor)/max(mc,floor):.2f}x (median of {len(a)} alternating runs)")
print(f"CPU time    analyze median {ua:.3f} s ({size/1e6/max(ua,floor):.1f} MB/s, {keys/max(ua,floor)/1e6:.2f} M keys/s per CPU-second), cat {uc:.3f} s")
print(f"peak RSS    {rss/1024:.1f} MiB (analyze, max over runs)")
print(f"load avg    {sys.argv[8]} on {__import__('os').cpu_count()} cores (at the end of the runs)")
EOF
