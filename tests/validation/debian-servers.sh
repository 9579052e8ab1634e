#!/usr/bin/env bash
# Checks the memory models on datasets the public ground truth does not have, against the servers Debian 12 ships:
# redis-server 7.0.15 (redis-7.0 model) and valkey-server 8.0.1 from bookworm-backports (valkey-8.0 model), both
# linked with Debian's jemalloc (jemalloc-q16). Every profile of ../shared/tools/groundtruth.py, including the four the
# public set lacks (bigkeys, hashtags, longkeys, ttl-all), is generated with new seeds and scales, written by
# redis-server, then measured the way the ground truth was (groundtruth.py measure: harness v2, empty twin, settle
# rule), standalone and cluster, configs default and elasticache, and compared with `rdbplanner analyze`.
# About 20 minutes; not part of tests/run.sh. Output: one line per measurement, worst first (debian-servers.txt).
#
# Usage: tests/validation/debian-servers.sh [WORKDIR]   (needs redis-server, valkey-server, python3, dotnet)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-$(mktemp -d)}
gt=../shared/tools/groundtruth.py
mkdir -p "$work/rdb" "$work/results"
for bin in redis-server valkey-server; do command -v $bin >/dev/null || { echo "$bin not on PATH (see tests/run.sh)"; exit 2; }; done

dotnet publish src/RdbPlanner.Cli -c Release -o "$work/cli" -v q -nologo >/dev/null
cli="$work/cli/rdbplanner"

# profile scale seed: seeds 2024041x for the profiles the public set lacks, others new as well
while read -r profile scale seed; do
  out="$work/rdb/$profile-$scale-$seed.rdb"
  [ -s "$out" ] || python3 $gt generate --server "$(command -v redis-server)" --profile "$profile" --scale "$scale" --seed "$seed" --out "$out" >/dev/null
done <<'LIST'
bigkeys 0.05 20240411
hashtags 0.05 20240412
longkeys 0.05 20240413
ttl-all 0.05 20240414
mixed 0.1 777
hashes 0.1 778
zsets 0.1 779
sets 0.1 780
lists 0.02 781
streams 0.1 782
strings-mixed 0.05 783
multidb 0.3 784
LIST

for mode in standalone cluster; do
  cluster_flag=(); [ "$mode" = cluster ] && cluster_flag=(--cluster)
  for cfg in default elasticache; do
    for f in "$work"/rdb/*.rdb; do
      name=$(basename "$f" .rdb)
      # Cluster mode has one database: multidb does not load there.
      [[ $mode == cluster && $name == multidb* ]] && continue
      for server in redis valkey; do
        json="$work/results/${name}__${server}__${mode}__${cfg}.json"
        [ -s "$json" ] && continue
        python3 $gt measure --server "$(command -v $server-server)" --rdb "$f" "${cluster_flag[@]}" --small --config "$cfg" --out "$json" >/dev/null 2>&1 \
          || echo "measure failed: $json"
      done
    done
  done
done

python3 - "$work" "$cli" <<'PY'
import glob, json, os, subprocess, sys
work, cli = sys.argv[1], sys.argv[2]
estimates, rows = {}, []
for path in sorted(glob.glob(os.path.join(work, "results", "*.json"))):
    rdb, server, mode, cfg = os.path.basename(path)[:-5].split("__")
    truth = json.load(open(path))["summary"]["dataset_bytes"]
    policy = "volatile-lru" if cfg == "elasticache" else "none"
    if (rdb, policy) not in estimates:
        out = subprocess.run([cli, "analyze", "--json", "-q", "--allocator", "jemalloc-q16", "--maxmemory-policy", policy,
                              os.path.join(work, "rdb", rdb + ".rdb")], capture_output=True, text=True, check=True)
        estimates[(rdb, policy)] = json.loads(out.stdout)["estimates"]
    model = "redis-7.0" if server == "redis" else "valkey-8.0"
    est = estimates[(rdb, policy)][model][mode]
    err = (est - truth) / truth * 100
    rows.append((abs(err), f"{rdb:28} {model:10} {mode:10} {cfg:11} {truth:>10} {est:>10} {err:+7.3f}%"))
print(f"{'rdb':28} {'model':10} {'mode':10} {'config':11} {'measured':>10} {'estimate':>10} {'error':>8}")
for _, line in sorted(rows, reverse=True):
    print(line)
errs = sorted(r[0] for r in rows)
print(f"{len(rows)} measurements; worst |error| {errs[-1]:.3f}%, median {errs[len(errs) // 2]:.3f}%")
PY
