#!/usr/bin/env bash
# Native AOT check: publishes the CLI as a native binary (once) and runs the same commands with it and with the JIT
# build, then compares exit codes, stdout, stderr and every file written. They must be byte-identical except the
# measured durations (analyze's "seconds" fields and "... s" in its text summary), which are normalised below.
#
# Usage: tests/aot-check.sh
#   AOT_CLI=path/to/rdbplanner   use an already published native binary instead of publishing one
#   JIT_DLL=path/to/rdbplanner.dll   the JIT build to compare with (default artifacts/bin/RdbPlanner.Cli/release, built if missing)
#   KEEP=1                       keep the work directory (printed at the end) for inspection
# Exit: 0 identical, 1 a difference or a failure, 3 a prerequisite to link the binary is missing (clang, zlib1g-dev).
# Run by AotPublishTests (tests/RdbPlanner.Cli.Tests), which tests/run.sh runs on its own.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

# Native AOT links with the system's clang and zlib (https://learn.microsoft.com/dotnet/core/deploying/native-aot/#prerequisites).
if ! command -v clang >/dev/null 2>&1; then
  echo "aot-check: clang not found (apt-get install clang zlib1g-dev)"; exit 3
fi
if ! echo 'int main(void){return 0;}' | clang -x c - -lz -o /dev/null 2>/dev/null; then
  echo "aot-check: cannot link with -lz (apt-get install zlib1g-dev)"; exit 3
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rdbplanner-aot-check.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then trap 'echo "aot-check: kept $work"' EXIT; else trap 'rm -rf "$work"' EXIT; fi

# --- the two CLIs -------------------------------------------------------------------------------------------------
jit_dll=${JIT_DLL:-$repo/artifacts/bin/RdbPlanner.Cli/release/rdbplanner.dll}
if [ ! -f "$jit_dll" ]; then
  echo "aot-check: building the JIT CLI"
  dotnet build src/RdbPlanner.Cli -c Release -v q -nologo --disable-build-servers >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi
aot=${AOT_CLI:-}
if [ -z "$aot" ]; then
  rid=$(dotnet --info | awk '/RID:/{print $2; exit}')
  echo "aot-check: publishing the native binary ($rid; takes a minute or two)"
  start=$SECONDS
  # Own artifacts path: the JIT build's outputs, which test hosts may have loaded, are left alone.
  # Warnings stay errors (Directory.Build.props), so a new trim/AOT warning fails here.
  if ! dotnet publish src/RdbPlanner.Cli -c Release -r "$rid" -p:PublishAot=true --artifacts-path "$work/artifacts" \
       -o "$work/publish" -v q -nologo --disable-build-servers >"$work/publish.log" 2>&1; then
    cat "$work/publish.log"; echo "aot-check: FAIL: dotnet publish -p:PublishAot=true failed"; exit 1
  fi
  echo "aot-check: published in $((SECONDS - start)) s: $(du -sh "$work/publish/rdbplanner" | cut -f1) binary"
  aot=$work/publish/rdbplanner
fi
[ -x "$aot" ] || { echo "aot-check: FAIL: $aot is not an executable"; exit 1; }
# A native executable, not an apphost beside a managed rdbplanner.dll.
[ "$(head -c 4 "$aot" | od -An -c | tr -d ' ')" = '177ELF' ] || { echo "aot-check: FAIL: $aot is not an ELF binary"; exit 1; }
[ ! -e "$(dirname "$aot")/rdbplanner.dll" ] || { echo "aot-check: FAIL: rdbplanner.dll beside $aot: not a Native AOT publish"; exit 1; }

# --- inputs --------------------------------------------------------------------------------------------------------
in=$work/in
mkdir -p "$in"
sample=$repo/fixtures/sample/sample.rdb
gzip -n -c "$sample" >"$in/sample.rdb.gz"
head -c "$(( $(stat -c %s "$sample") / 2 ))" "$sample" >"$in/truncated.rdb"

# Each case runs in its own directory per build, with output paths relative to it so that messages naming them match.
# Every case: name, then the command line (inputs are absolute paths, the same for both builds).
cases=(
  "analyze-json|analyze --json $sample"
  "analyze-text|analyze $sample"
  "analyze-keys-csv|analyze --keys-csv out/keys.csv $sample"
  "analyze-keys-csv-filtered|analyze --json --keys-csv out/keys.csv --db 0 --type hash --type zset --min-bytes 200 --key-pattern *:* $sample"
  "analyze-shards-sha256|analyze --json --sha256 $repo/fixtures/rdb/multidb.rdb $repo/fixtures/rdb/hashes.rdb $repo/fixtures/rdb/streams.rdb"
  "analyze-gzip|analyze --json --sha256 $in/sample.rdb.gz"
  "analyze-gzip-stdin|analyze --json -"
  "analyze-corrupt|analyze --json $repo/fixtures/fuzz/f1-lzf-listpack-error-offset-beyond-input.rdb"
  "analyze-truncated|analyze $in/truncated.rdb"
  "analyze-truncated-keep-going|analyze --json --keep-going $in/truncated.rdb"
  "analyze-usage-error|analyze --no-such-option $sample"
  "check-ready|check $sample"
  "check-blockers|check --target-engine valkey-8.0 $repo/fixtures/rdb/multidb.rdb"
  "check-corrupt|check $repo/fixtures/fuzz/hand-future-version.rdb"
  "plan-sample|plan $sample --out out/plan"
  "plan-gzip-options|plan $in/sample.rdb.gz $repo/fixtures/rdb/hashes.rdb --out out/plan --requests-per-second 5000 --data-tiering --cluster-mode enabled --region eu-west-1"
  "plan-nothing-fits|plan $sample --out out/plan --node-family cache.t4g.micro --max-shards 1 --growth 1000"
  "plan-usage-error|plan $sample --out out/plan --region xx-nowhere-1"
)

run_case() { # build (jit|aot), name, command line
  local build=$1 name=$2 cmdline=$3 dir=$work/$1/$2
  mkdir -p "$dir/out"
  local -a args
  read -r -a args <<<"$cmdline"
  local -a cli
  if [ "$build" = jit ]; then cli=(dotnet "$jit_dll"); else cli=("$aot"); fi
  local stdin=/dev/null
  [ "$name" = analyze-gzip-stdin ] && stdin=$in/sample.rdb.gz
  (cd "$dir" && "${cli[@]}" "${args[@]}" <"$stdin" >stdout.txt 2>stderr.txt; echo $? >exit-code.txt)
}

# Durations, and nothing else: JSON "seconds" members and the text summary's "in 0.12 s" / "Time: 0.12 s".
normalise() {
  sed -E -e 's/^( *"seconds": )[0-9.eE+-]+(,?)$/\1<seconds>\2/' \
         -e 's/ keys in [0-9]+\.[0-9]{2} s$/ keys in <seconds> s/' \
         -e 's/^Time: [0-9]+\.[0-9]{2} s$/Time: <seconds> s/' "$1"
}

# Compares two case directories file by file; prints each difference; returns 1 when there is one.
compare_dirs() {
  local a=$1 b=$2 rc=0 f
  if ! diff <(cd "$a" && find . -type f | sort) <(cd "$b" && find . -type f | sort) >"$work/list.diff"; then
    echo "  different file sets:"; sed 's/^/    /' "$work/list.diff"; rc=1
  fi
  while read -r f; do
    [ -f "$b/$f" ] || continue
    case "$f" in
      *.json|*.txt)
        if ! diff <(normalise "$a/$f") <(normalise "$b/$f") >"$work/file.diff"; then
          echo "  $f differs:"; head -20 "$work/file.diff" | sed 's/^/    /'; rc=1
        fi ;;
      *) # CSV, HTML, SVG and PNG: byte for byte (SkiaSharp renders the same PNG bytes in both builds)
        cmp -s "$a/$f" "$b/$f" || { echo "  $f differs: $(cmp "$a/$f" "$b/$f" 2>&1 | head -1)"; rc=1; } ;;
    esac
  done < <(cd "$a" && find . -type f | sort)
  return $rc
}

failed=0
for c in "${cases[@]}"; do
  name=${c%%|*}; cmdline=${c#*|}
  run_case jit "$name" "$cmdline"
  run_case aot "$name" "$cmdline"
  files=$(cd "$work/aot/$name" && find . -type f | wc -l)
  if compare_dirs "$work/jit/$name" "$work/aot/$name" >"$work/$name.report"; then
    printf 'same  %-30s exit %s, %2d files\n' "$name" "$(cat "$work/aot/$name/exit-code.txt")" "$files"
  else
    printf 'DIFF  %-30s\n' "$name"; cat "$work/$name.report"; failed=1
  fi
done

# The cases must have exercised what they claim, else "same" proves little.
expect() { # case, what, test...
  local name=$1 what=$2; shift 2
  if ! (cd "$work/aot/$name" && "$@"); then echo "FAIL  $name: $what"; failed=1; fi
}
expect analyze-json "exit 0" grep -qx 0 exit-code.txt
expect analyze-keys-csv "a per-key CSV with rows" test "$(wc -l <"$work/aot/analyze-keys-csv/out/keys.csv")" -gt 1000
expect analyze-gzip "gzip detected" grep -q '"gzip": true' stdout.txt
expect analyze-gzip-stdin "stdin read" grep -q '"keys": [1-9]' stdout.txt
expect analyze-corrupt "exit 2 and an offset" sh -c 'grep -qx 2 exit-code.txt && grep -q "offset" stderr.txt'
expect analyze-truncated "exit 2" grep -qx 2 exit-code.txt
expect analyze-truncated-keep-going "exit 3, partial" sh -c 'grep -qx 3 exit-code.txt && grep -q "\"partial\": true" stdout.txt'
expect analyze-usage-error "exit 1" grep -qx 1 exit-code.txt
expect check-blockers "exit 3" grep -qx 3 exit-code.txt
expect check-corrupt "exit 2" grep -qx 2 exit-code.txt
expect plan-usage-error "exit 1" grep -qx 1 exit-code.txt
for p in plan-sample plan-gzip-options; do
  expect $p "report.html, plan.json, CSVs, PNG and SVG charts" sh -c \
    'test -s out/plan/report.html && test -s out/plan/plan.json && test -s out/plan/nodes.csv && test -s out/plan/slots.csv &&
     test "$(ls out/plan/charts/*.png | wc -l)" -ge 5 && test "$(ls out/plan/charts/*.svg | wc -l)" -ge 5 &&
     head -c 8 out/plan/charts/monthly-cost.png | od -An -tx1 | grep -q "89 50 4e 47"'
done
expect plan-nothing-fits "no recommendation (nulls in plan.json)" grep -q '"source": null' out/plan/plan.json

# The comparison itself must be able to fail: alter one byte of a PNG and of plan.json in a copy of the AOT output.
cp -r "$work/aot/plan-sample" "$work/tampered"
printf 'X' | dd of="$work/tampered/out/plan/charts/monthly-cost.png" bs=1 seek=100 conv=notrunc status=none
sed -i 's/"keys": /"keys": 1/' "$work/tampered/out/plan/plan.json"
report=$(compare_dirs "$work/jit/plan-sample" "$work/tampered")
if ! grep -q "monthly-cost.png differs" <<<"$report" || ! grep -q "plan.json differs" <<<"$report"; then
  echo "FAIL  the comparison did not notice an altered PNG and plan.json"; failed=1
fi

if [ $failed = 0 ]; then
  echo "aot-check: OK: ${#cases[@]} cases, native binary and JIT build agree"
else
  echo "aot-check: FAIL"
fi
exit $failed
