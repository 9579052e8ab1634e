#!/usr/bin/env bash
# Runs an AFL++ campaign over the RDB reader through the SharpFuzz harness (bench/RdbPlanner.Fuzz).
#   bench/fuzz/run-campaign.sh MINUTES [harness flags: --strict --checksum --forward-only --analysis --split]
# Work goes to $FUZZ_WORK (default artifacts/fuzz/<flags>): plain/ and bin/ (published; bin/ instrumented), seeds/,
# out/ (AFL's queue, crashes, hangs), afl.log, summary.txt.
# Every crash or hang found must become a fixtures/fuzz/ input with a regression test (see bench/fuzz/README.md).
set -euo pipefail
minutes=${1:?usage: run-campaign.sh MINUTES [--strict] [--checksum] [--forward-only] [--analysis] [--split]}
shift
flags=("$@")
root=$(cd "$(dirname "$0")/../.." && pwd)
tag=$(IFS=_; echo "default${flags[*]:+_${flags[*]//--/}}")
work=${FUZZ_WORK:-$root/artifacts/fuzz/$tag}
export PATH="$PATH:$HOME/.dotnet/tools"

# 1. Tools: AFL++ from Debian, the SharpFuzz instrumenter as a .NET tool (both served here).
if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
if ! command -v sharpfuzz >/dev/null; then
  dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

# 2. Publish the harness twice: plain/ runs the seeds and replay commands (an instrumented assembly writes to AFL's
#    shared memory and dies outside afl-fuzz), bin/ gets the reader instrumented in place (only RdbPlanner.Rdb:
#    coverage of the harness, the BCL or SharpFuzz itself would only add noise).
rm -rf "$work/bin" "$work/plain" && mkdir -p "$work"
dotnet publish "$root/bench/RdbPlanner.Fuzz" -c Release -o "$work/plain" -nologo -v q
cp -r "$work/plain" "$work/bin"
targets=(RdbPlanner.Rdb.dll)
# --analysis and --split also run SnapshotAnalyzer on every input: instrument the analysis and the memory models as well.
[[ " ${flags[*]:-} " == *" --analysis "* || " ${flags[*]:-} " == *" --split "* ]] && targets+=(RdbPlanner.Analysis.dll RdbPlanner.Memory.dll)
for dll in "${targets[@]}"; do sharpfuzz "$work/bin/$dll"; done

# 3. Seeds: built-in snapshots of every encoding, the regression inputs, and small peer dumps (deduplicated, ≤ 4 KiB;
#    AFL works best on small seeds).
rm -rf "$work/seeds" && mkdir -p "$work/seeds"
dotnet "$work/plain/RdbPlanner.Fuzz.dll" seeds "$work/seeds"
find "$root/fixtures/fuzz" -name '*.rdb' -size -4k -exec cp {} "$work/seeds/" \; 2>/dev/null || true
if [ -d "$root/../shared/peer-dumps" ]; then
  find "$root/../shared/peer-dumps" -name '*.rdb' -size -4k -print0 | xargs -0 md5sum | sort | awk '!seen[$1]++ {print $2}' |
    while read -r f; do cp "$f" "$work/seeds/peer-$(basename "$(dirname "$f")")-$(basename "$f")"; done
fi
echo "seeds: $(ls "$work/seeds" | wc -l) files"

# 4. Fuzz. The sandbox has no CPU governor access or core dumps, and the target is the dotnet host, not an
#    AFL-compiled binary: hence the AFL_* switches. -t 5000: an input taking over 5 s is a hang (the issue's budget).
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
export AFL_AUTORESUME=1
rm -rf "$work/out"
start=$(date -u +%FT%TZ)
timeout --signal=INT $((minutes * 60 + 120)) \
  afl-fuzz -i "$work/seeds" -o "$work/out" -x "$root/bench/fuzz/rdb.dict" -t 5000 -m none -V $((minutes * 60)) \
    -- dotnet "$work/bin/RdbPlanner.Fuzz.dll" fuzz "${flags[@]}" > "$work/afl.log" 2>&1 || true
# afl-fuzz kills its targets, so their scratch files (FuzzTarget.s_scratch, one per process) stay: remove those whose
# process is gone (another campaign's live ones are in use; failing mutants' .bugN copies are kept).
for f in /dev/shm/rdbplanner-fuzz-*.rdb; do
  [ -e "$f" ] || continue
  pid=${f##*-}; pid=${pid%.rdb}
  kill -0 "$pid" 2>/dev/null || rm -f "$f"
done

# 5. Summary: AFL's own counters, then each crash and hang replayed in-process so its exception is visible.
stats="$work/out/default/fuzzer_stats"
{
  echo "campaign: started $start, ${minutes} min, harness flags: ${flags[*]:-(none)}"
  if [ -f "$stats" ]; then
    grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|bitmap_cvg|saved_crashes|saved_hangs|stability) ' "$stats"
  else
    echo "no fuzzer_stats: afl-fuzz did not start; last lines of afl.log:"; tail -20 "$work/afl.log"
  fi
  for kind in crashes hangs; do
    dir="$work/out/default/$kind"
    n=$(find "$dir" -type f -name 'id:*' 2>/dev/null | wc -l)
    echo "$kind: $n"
    if [ "$n" -gt 0 ]; then
      dotnet "$work/plain/RdbPlanner.Fuzz.dll" replay "${flags[@]}" "$dir" | cut -c1-400 || true
    fi
  done
} | tee "$work/summary.txt"
