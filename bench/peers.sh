#!/usr/bin/env bash
# End-to-end speed of rdbplanner against the Go peer github.com/HDT3213/rdb on the same RDB, alternating with cat.
#
# Usage: bench/peers.sh [-n RUNS] [--cli PATH] [--rebuild] PEER_SRC [RDB]
#   PEER_SRC   a checkout of github.com/HDT3213/rdb (also env PEER_SRC); it is built once to $PEER_BIN
#   RDB        the snapshot (also env RDB); default bench/work/bench.rdb (bench/throughput.sh --build-only makes it)
#   -n RUNS    timed runs of every command (default 3); each timed run is followed by `cat RDB > /dev/null`
#   --cli PATH rdbplanner executable (default: publish src/RdbPlanner.Cli, Release, to a temp dir)
#   --rebuild  rebuild the peer even if $PEER_BIN exists
# Env: PEER_BIN (default PEER_SRC/.bench-bin/rdb); PEER_MODFILE: a go.mod to build with (go build -modfile=...), e.g.
#   one with replace directives to local copies of the peer's dependencies where no Go module proxy is reachable
#   (it needs a .sum file beside it); NICE (default 0): niceness of the timed commands.
#
# Commands: ours `analyze --json` and `analyze --json --keys-csv /dev/null`; the peer's `-c memory` (per-key CSV),
# `-c bigkey -n 100` (top 100 by size) and `-c prefix -prefix-sep : -max-depth 3 -n 100`, all written to /dev/null.
# Prints per command the median wall s, median CPU s (user+sys), MB/s, keys/s, ratio to cat and peak RSS, then
# ours keys/s divided by the peer's. Needs: go (for the build), dotnet, python3, /usr/bin/time, git (peer commit).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
runs=3
cli=""
rebuild=0
peer_src="${PEER_SRC:-}"
rdb="${RDB:-}"
nice_level="${NICE:-0}"
positional=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    --rebuild) rebuild=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "peers.sh: unknown option $1" >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
[[ ${#positional[@]} -ge 1 ]] && peer_src="${positional[0]}"
[[ ${#positional[@]} -ge 2 ]] && rdb="${positional[1]}"
[[ -n "$peer_src" ]] || { echo "peers.sh: PEER_SRC missing (see --help)" >&2; exit 2; }
[[ -n "$rdb" ]] || rdb="$here/work/bench.rdb"
[[ -f "$peer_src/go.mod" ]] || { echo "peers.sh: $peer_src has no go.mod" >&2; exit 3; }
[[ -f "$rdb" ]] || { echo "peers.sh: $rdb not found" >&2; exit 3; }
peer_src="$(cd "$peer_src" && pwd)"
peer_bin="${PEER_BIN:-$peer_src/.bench-bin/rdb}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "peers.sh: '$1' not found; $2" >&2; exit 3; }; }
need python3 "install python3"
[[ -x /usr/bin/time ]] || { echo "peers.sh: /usr/bin/time not found; apt-get install -y time" >&2; exit 3; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- the peer ---
if [[ $rebuild -eq 1 || ! -x "$peer_bin" ]]; then
  need go "apt-get install -y golang-go"
  modflag=()
  [[ -n "${PEER_MODFILE:-}" ]] && modflag=(-modfile="$PEER_MODFILE")
  echo "building the peer: (cd $peer_src && go build ${modflag[*]} -o $peer_bin .)"
  mkdir -p "$(dirname "$peer_bin")"
  (cd "$peer_src" && GOTOOLCHAIN=local nice -n 19 go build "${modflag[@]}" -o "$peer_bin" .)
fi
peer_commit="$(git -C "$peer_src" rev-parse HEAD 2>/dev/null || echo unknown)"
peer_go="$( (go version -m "$peer_bin" 2>/dev/null || true) | sed -n '1s/^[^:]*: //p')"

# --- ours ---
if [[ -z "$cli" ]]; then
  need dotnet "install the .NET 10 SDK"
  echo "publishing CLI (Release) to $work/cli"
  if ! nice -n 19 dotnet publish "$repo/src/RdbPlanner.Cli" -c Release -r "$(dotnet --info | awk '/RID:/{print $2; exit}')" --self-contained false -p:PublishReadyToRun=true -o "$work/cli" -v quiet -nologo >"$work/publish.log" 2>&1; then
    cat "$work/publish.log" >&2; echo "peers.sh: dotnet publish failed" >&2; exit 4
  fi
  cli="$work/cli/rdbplanner"
fi

bytes="$(stat -c %s "$rdb")"
cat "$rdb" >/dev/null

# --- correctness checks, untimed: our key count, the peer's CSV row count and top list ---
"$cli" analyze --json -q "$rdb" >"$work/ours.json"
keys="$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["keys"]))' "$work/ours.json")"
"$peer_bin" -c memory -o "$work/peer-memory.csv" "$rdb" >"$work/peer.out" 2>&1
"$peer_bin" -c bigkey -n 100 -o "$work/peer-bigkey.csv" "$rdb" >>"$work/peer.out" 2>&1
# The peer prints "error: ..." and still exits 0 on a failure, so its output is checked.
if grep -qi 'error' "$work/peer.out"; then cat "$work/peer.out" >&2; echo "peers.sh: the peer failed" >&2; exit 5; fi
peer_rows=$(( $(wc -l <"$work/peer-memory.csv") - 1 ))
peer_top=$(( $(wc -l <"$work/peer-bigkey.csv") - 1 ))
echo "keys: ours $keys, peer memory CSV rows $peer_rows, peer bigkey rows $peer_top"
[[ "$peer_rows" -eq "$keys" ]] || echo "peers.sh: WARNING: key counts differ" >&2
rm -f "$work/peer-memory.csv"

names=(ours-analyze ours-analyze+keys-csv peer-memory peer-bigkey peer-prefix)
cmd_of() {
  case "$1" in
    ours-analyze) echo "$cli analyze --json -q $rdb > /dev/null" ;;
    ours-analyze+keys-csv) echo "$cli analyze --json -q --keys-csv /dev/null $rdb > /dev/null" ;;
    peer-memory) echo "$peer_bin -c memory -o /dev/null $rdb" ;;
    peer-bigkey) echo "$peer_bin -c bigkey -n 100 -o /dev/null $rdb" ;;
    peer-prefix) echo "$peer_bin -c prefix -prefix-sep : -max-depth 3 -n 100 -o /dev/null $rdb" ;;
  esac
}
run_named() {
  case "$1" in
    ours-analyze) "$cli" analyze --json -q "$rdb" >/dev/null ;;
    ours-analyze+keys-csv) "$cli" analyze --json -q --keys-csv /dev/null "$rdb" >/dev/null ;;
    # The peer writes its report to -o; what it prints on stdout is an error message, kept for the check below.
    peer-memory) "$peer_bin" -c memory -o /dev/null "$rdb" ;;
    peer-bigkey) "$peer_bin" -c bigkey -n 100 -o /dev/null "$rdb" ;;
    peer-prefix) "$peer_bin" -c prefix -prefix-sep : -max-depth 3 -n 100 -o /dev/null "$rdb" ;;
    cat) cat "$rdb" >/dev/null ;;
  esac
}
export -f run_named
export cli peer_bin rdb

# One timed run: "wall user+sys maxrss_kib" from GNU time.
timed() {
  # shellcheck disable=SC2016  # $1 is expanded by the inner bash
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" nice -n "$nice_level" bash -c 'run_named "$1"' _ "$1" >"$work/o" 2>&1 \
    || { cat "$work/o" "$work/t" >&2; echo "peers.sh: $1 failed" >&2; exit 5; }
  if [[ "$1" == peer-* ]] && grep -qi 'error' "$work/o"; then cat "$work/o" >&2; exit 5; fi
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/t"
}

: >"$work/samples"
for i in $(seq 1 "$runs"); do
  for name in "${names[@]}"; do
    timed "$name" >"$work/r"; read -r w c m <"$work/r"
    echo "$name $w $c $m" >>"$work/samples"
    timed cat >"$work/r"; read -r cw cc cm <"$work/r"
    echo "cat $cw $cc $cm" >>"$work/samples"
    printf 'run %d: %-22s wall %6.2f s CPU %6.2f s RSS %7.1f MiB | cat %5.2f s\n' "$i" "$name" "$w" "$c" "$(awk -v k="$m" 'BEGIN{print k/1024}')" "$cw"
  done
done

echo
echo "file     $rdb: $bytes bytes, $keys keys"
echo "peer     github.com/HDT3213/rdb @ $peer_commit, built with $peer_go"
echo "ours     $("$cli" --version 2>/dev/null | head -1) @ $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
for name in "${names[@]}"; do echo "cmd      $name: $(cmd_of "$name")"; done
python3 - "$bytes" "$keys" "$work/samples" "$(cut -d' ' -f1-3 /proc/loadavg)" "$runs" "$nice_level" <<'EOF'
import statistics, sys, os
size, keys, path, load, runs, nice = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
s = {}
for line in open(path):
    n, w, c, m = line.split()
    s.setdefault(n, []).append((float(w), float(c), int(m)))
floor = 0.01  # GNU time's resolution
med = lambda xs: max(statistics.median(xs), floor)
cat_w = med([w for w, _, _ in s["cat"]])
print(f"\n{'command':<22} {'wall s':>7} {'CPU s':>7} {'MB/s':>7} {'k keys/s':>9} {'k keys/CPU-s':>12} {'x cat':>6} {'peak RSS MiB':>12}")
row = {}
for n, xs in s.items():
    w, c = med([x[0] for x in xs]), med([x[1] for x in xs])
    rss = max(x[2] for x in xs) / 1024
    row[n] = (w, c)
    print(f"{n:<22} {w:7.2f} {c:7.2f} {size/1e6/w:7.1f} {keys/w/1e3:9.0f} {keys/c/1e3:12.0f} {w/cat_w:6.1f} {rss:12.1f}")
print(f"\nmedians of {runs} runs each, every run followed by cat; niceness {nice}; load average {load} on {os.cpu_count()} cores at the end")
print("ours keys/s / peer keys/s (wall; CPU-time in brackets):")
for o in [n for n in row if n.startswith("ours")]:
    for p in [n for n in row if n.startswith("peer")]:
        print(f"  {o:<22} / {p:<12} {row[p][0]/row[o][0]:5.2f}x  ({row[p][1]/row[o][1]:5.2f}x)")
EOF
