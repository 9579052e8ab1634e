#!/usr/bin/env bash
# Runs every test of RdbPlanner, the way CI does (.ci/run calls exactly this).
# - installs what the tests need when it is missing and we are root: redis-server and valkey-server (live-server tests; Valkey
#   8.0.1 from bookworm-backports), chromium (HTML report test), clang and zlib1g-dev (to link the Native AOT binary that
#   tests/aot-check.sh compares with the JIT build)
# - builds once in Release, runs every test project, then re-runs the format tests once per forced SIMD kernel
#   and once with hardware intrinsics disabled, and last, on its own, the Native AOT check (publishes once, 1-2 min)
# - ends with one line: "tests: N passed, N failed, N skipped"; exit status is non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v valkey-server >/dev/null 2>&1 || need_valkey=1
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v clang >/dev/null 2>&1 || need+=(clang)
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${need[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || echo "warning: apt-get install ${need[*]} failed"
  else
    echo "note: ${need[*]} not installed; tests that need them skip locally (under CI=true they fail)"
  fi
fi

# Valkey 8.0 (the live valkey-8.0 model tests): Debian 12 has it only in bookworm-backports (8.0.1). Those package lists
# are fetched into a temporary directory, so the machine's apt sources and cache stay as they are.
if [ -n "${need_valkey:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: valkey-server (bookworm-backports)"
    bp=$(mktemp -d)
    chmod 755 "$bp" # apt downloads as its _apt user
    mkdir -p "$bp/lists/partial" "$bp/cache/archives/partial"
    {
      for suite in bookworm bookworm-updates bookworm-backports; do echo "deb http://deb.debian.org/debian $suite main"; done
      echo "deb http://deb.debian.org/debian-security bookworm-security main"
    } > "$bp/sources.list"
    apt_bp=(-o "Dir::Etc::SourceList=$bp/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$bp/lists" -o "Dir::Cache=$bp/cache")
    apt-get "${apt_bp[@]}" update -qq >/dev/null \
      && DEBIAN_FRONTEND=noninteractive apt-get "${apt_bp[@]}" install -y -qq --no-install-recommends -t bookworm-backports valkey-server >/dev/null \
      || echo "warning: installing valkey-server from bookworm-backports failed"
    rm -rf "$bp"
  else
    echo "note: valkey-server not installed; its live tests skip locally (under CI=true they fail)"
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

dotnet build RdbPlanner.sln -c Release -v q -nologo || exit 1

run() { # label, then dotnet test arguments
  local label=$1; shift
  echo "== $label"
  local before after
  before=$(grep -cE "^(Passed|Failed)! +- " "$log")
  dotnet test "$@" -c Release --no-build -nologo -v q 2>&1 | tee -a "$log" | grep -E "^(Passed!|Failed!|  Failed |Skipped |error)|\[FAIL\]" || true
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
  # A filter that matches nothing prints no result line: that must not pass silently.
  after=$(grep -cE "^(Passed|Failed)! +- " "$log")
  if [ "$after" = "$before" ]; then echo "error: '$label' ran no test"; status=1; fi
}

# The AOT check (Category=Aot) publishes a native binary, which keeps both cores busy for a minute or two: it runs
# alone at the end, not beside the tests that time whole processes.
run "all test projects" RdbPlanner.sln --filter "Category!=Aot"
# Every SIMD kernel has a scalar reference; re-run the format tests with each kernel set forced (tests/kernels.txt),
# skipping a set this CPU cannot run, then with hardware intrinsics off (the scalar paths everywhere).
while read -r kernels filter; do
  case "$kernels" in ''|'#'*) continue ;; esac
  if [ "$kernels" != "${kernels/512/}" ] && ! grep -q avx512f /proc/cpuinfo; then continue; fi
  RDBPLANNER_FORCE_KERNEL=$kernels run "format tests, kernels $kernels" tests/RdbPlanner.Rdb.Tests ${filter:+--filter "$filter"}
done < tests/kernels.txt
DOTNET_EnableHWIntrinsic=0 run "format tests, hardware intrinsics off" tests/RdbPlanner.Rdb.Tests --filter "FullyQualifiedName~Kernel|FullyQualifiedName~RedisSlot|FullyQualifiedName~Crc64Fold|FullyQualifiedName~Lzf|FullyQualifiedName~PeerDump|FullyQualifiedName~GroundTruth"
run "native AOT binary vs JIT build (tests/aot-check.sh)" tests/RdbPlanner.Cli.Tests --filter "Category=Aot"

# VSTest prints one "Passed!/Failed! - Failed: a, Passed: b, Skipped: c, Total: d" line per test assembly.
read -r passed failed skipped < <(grep -E "^(Passed|Failed)! +- " "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
[ "$failed" = 0 ] || status=1
[ "$passed" -gt 0 ] || status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
