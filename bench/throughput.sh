#!/usr/bin/env bash
# End-to-end throughput of `rdbplanner analyze --json` against `cat FILE > /dev/null` on the same file, same run.
#
# Usage: bench/throughput.sh [-n RUNS] [-s SCALE] [-k SHARDS] [--cpus LIST] [--aot | --both] [--build-only] [FILE]
#   FILE          RDB to analyse; default bench/work/bench.rdb, built once from ../shared/tools/gen_bench.py
#   -n RUNS       timed runs of each command, alternating analyze / cat (default 5)
#   -s SCALE      gen_bench.py scale when the bench RDB is built (default 1.0: ~2.05 M keys, ~325 MB)
#   --aot         time the Native AOT binary (dotnet publish -p:PublishAot=true) instead of the ReadyToRun build
#   --both        time both, alternating ReadyToRun / AOT / cat in every run
#   -k SHARDS     give FILE SHARDS times, as the shards of one cluster (analysed in parallel, one file per core, and
#                 merged); cat reads it as many times (default 1)
#   --cpus LIST   run every timed command under `taskset -c LIST` (e.g. --cpus 0: the analysis on one core, its
#                 helper threads included)
#   --build-only  build the bench RDB (if missing) and stop
#
# Needs: python3, redis-server + redis-cli (Debian 12: 7.0.15 -> RDB v10), /usr/bin/time, dotnet; clang and
# zlib1g-dev for --aot/--both.
# The redis-server it starts listens on 127.0.0.1 only, in a temp dir, and is always shut down.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="$here/work"
runs=5
scale=1.0
build_only=0
builds="r2r"
file=""
shards=1
cpus=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -s) scale="$2"; shift 2 ;;
    -k) shards="$2"; shift 2 ;;
    --cpus) cpus="$2"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --aot) builds="aot"; shift ;;
    --both) builds="r2r aot"; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
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

rid="$(dotnet --info | awk '/RID:/{print $2; exit}')"
publish() { # output dir, then extra dotnet publish arguments
  local out=$1; shift
  echo "publishing CLI (Release) to $out"
  if ! dotnet publish "$repo/src/RdbPlanner.Cli" -c Release -r "$rid" "$@" -o "$out" -v quiet -nologo >"$out.log" 2>&1; then
    cat "$out.log" >&2
    echo "throughput.sh: dotnet publish failed (log above, also in $out.log)" >&2
    exit 4
  fi
}
# Each timed build: a label and its binary.
labels=(); clis=()
for b in $builds; do
  if [[ $b == r2r ]]; then
    # ReadyToRun (precompiled code for start-up; the hot per-key methods are still re-jitted at tier 1): the
    # 2.4 MB sample went from 0.37-0.53 s to 0.30-0.32 s. The RID is the machine's own.
    publish "$work/cli" --self-contained false -p:PublishReadyToRun=true
    labels+=("analyze"); clis+=("$work/cli/rdbplanner")
  else
    # Native AOT (README "Single native binary"): no JIT at all. Own artifacts path, so that it and the ReadyToRun
    # publish (other global properties) do not rebuild each other's intermediate files.
    need clang "apt-get install -y clang zlib1g-dev"
    publish "$work/cli-aot" -p:PublishAot=true --artifacts-path "$work/artifacts-aot"
    labels+=("analyze-aot"); clis+=("$work/cli-aot/rdbplanner")
  fi
done

[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "throughput.sh: -k wants a positive count" >&2; exit 2; }
inputs=(); for _ in $(seq 1 "$shards"); do inputs+=("$file"); done
bytes="$(( $(stat -L -c %s "$file") * shards ))"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Warm the page cache once so both commands read from memory, and check the CLI works and reports keys.
cat "$file" >/dev/null
for cli in "${clis[@]}"; do "$cli" analyze --json "${inputs[@]}" >"$tmp/out.json"; done
keys="$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["keys"]))' "$tmp/out.json")"

pin=()
if [[ -n "$cpus" ]]; then
  need taskset "apt-get install -y util-linux"
  pin=(taskset -c "$cpus")
fi

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

# Per build (index as in labels): space-separated wall and CPU seconds of every run, and the peak RSS over runs.
analyze_times=(); analyze_cpu=(); peak_rss=(); cat_times=(); cat_cpu=()
for j in "${!clis[@]}"; do analyze_times+=(""); analyze_cpu+=(""); peak_rss+=(0); done
for i in $(seq 1 "$runs"); do
  line="run $i:"
  for j in "${!clis[@]}"; do
    read -r t u r < <(timed "${pin[@]}" "${clis[$j]}" analyze --json "${inputs[@]}")
    analyze_times[j]+=" $t"; analyze_cpu[j]+=" $u"; (( r > peak_rss[j] )) && peak_rss[j]=$r
    line+="$(printf ' %s %6.3f s (CPU %6.3f s)  ' "${labels[$j]}" "$t" "$u")"
  done
  # shellcheck disable=SC2016  # $1 is expanded by the inner sh
  read -r c v _ < <(timed "${pin[@]}" sh -c 'cat "$@" > /dev/null' sh "${inputs[@]}")
  cat_times+=("$c"); cat_cpu+=("$v")
  printf '%s cat %6.3f s (CPU %6.3f s)\n' "$line" "$c" "$v"
done

# GNU time reports wall time in 10 ms steps; medians damp noise from the shared machine. CPU time (user + system) is
# printed too: on a loaded machine wall time includes waiting for a core, CPU time does not.
join() { local IFS='|'; echo "$*"; }
python3 - "$bytes" "$keys" "$(join "${labels[@]}")" "$(join "${analyze_times[@]}")" "$(join "${analyze_cpu[@]}")" "$(join "${peak_rss[@]}")" \
  "${cat_times[*]}" "${cat_cpu[*]}" "$(cut -d' ' -f1-3 /proc/loadavg)" "$shards" "$cpus" <<'EOF'
import statistics, sys
size, keys = int(sys.argv[1]), int(sys.argv[2])
labels, times, cpus, rsss = (x.split("|") for x in sys.argv[3:7])
c = [float(x) for x in sys.argv[7].split()]
uc = statistics.median(float(x) for x in sys.argv[8].split())
mc = statistics.median(c)
floor = 0.01  # time's resolution: never divide by a zero reading
shards = int(sys.argv[10])
print(f"file        {size/1e6:.1f} MB, {keys} keys" + (f" ({shards} shards of {size/shards/1e6:.1f} MB)" if shards > 1 else "")
      + (f"; every command pinned to CPUs {sys.argv[11]} (taskset)" if sys.argv[11] else ""))
for label, t, u, rss in zip(labels, times, cpus, rsss):
    a = [float(x) for x in t.split()]
    ma, ua = statistics.median(a), statistics.median(float(x) for x in u.split())
    print(f"{label:<11s} median {ma:.3f} s  ->  {size/1e6/max(ma,floor):.1f} MB/s, {keys/max(ma,floor)/1e6:.2f} M keys/s; "
          f"ratio to cat {max(ma,floor)/max(mc,floor):.2f}x (median of {len(a)} alternating runs)")
    print(f"{'':<11s} CPU time median {ua:.3f} s ({size/1e6/max(ua,floor):.1f} MB/s, {keys/max(ua,floor)/1e6:.2f} M keys/s per CPU-second); "
          f"peak RSS {int(rss)/1024:.1f} MiB (max over runs)")
print(f"cat         median {mc:.3f} s  ->  {size/1e6/max(mc,floor):.1f} MB/s, CPU {uc:.3f} s")
print(f"load avg    {sys.argv[9]} on {__import__('os').cpu_count()} cores (at the end of the runs)")
EOF
