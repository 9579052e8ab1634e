# shellcheck shell=bash
# Sourced by bench scripts: builds an RDB from ../shared/tools/gen_bench.py at a scale, through Debian's redis-server
# (7.0.15 -> RDB v10) on 127.0.0.1 in a temp dir, then SAVE. The server is always shut down and the dir removed.
#
# gen_bench_rdb SCALE OUT [NICE]   NICE: niceness of redis-server and the generator (default 0)
# Needs: python3, redis-server, redis-cli; $repo set to the repository root by the caller.

gen_bench_rdb() {
  local scale="$1" out="$2" niceness="${3:-0}"
  local gen="${repo:?set repo to the repository root}/../shared/tools/gen_bench.py"
  [[ -f "$gen" ]] || { echo "generator $gen not found" >&2; exit 3; }
  local tool
  for tool in python3 redis-server redis-cli; do
    command -v "$tool" >/dev/null 2>&1 || { echo "'$tool' not found; apt-get install -y python3 redis-server redis-tools" >&2; exit 3; }
  done
  mkdir -p "$(dirname "$out")"
  local tmp port pid
  tmp="$(mktemp -d)"
  # A free port: ask the kernel for one (bind to port 0) rather than guessing.
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  nice -n "$niceness" redis-server --bind 127.0.0.1 --port "$port" --dir "$tmp" --dbfilename dump.rdb --save "" \
    --appendonly no --daemonize no --logfile "$tmp/redis.log" &
  pid=$!
  # shellcheck disable=SC2064  # expand now: the trap must stop this server and remove this dir
  trap "redis-cli -p $port shutdown nosave >/dev/null 2>&1 || kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf '$tmp'" EXIT
  for _ in $(seq 1 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "RDB: loading gen_bench.py $scale into redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$port ($(date -u +%H:%M:%SZ))"
  nice -n "$niceness" python3 "$gen" "$scale" | nice -n "$niceness" redis-cli -p "$port" --pipe
  echo "RDB: $(redis-cli -p "$port" info keyspace | tr -d "\r" | grep "^db" | tr "\n" " ")used_memory $(redis-cli -p "$port" info memory | sed -n 's/^used_memory_human:\(.*\)\r$/\1/p')"
  redis-cli -p "$port" save >/dev/null
  mv "$tmp/dump.rdb" "$out.tmp" 2>/dev/null || cp "$tmp/dump.rdb" "$out.tmp"
  mv "$out.tmp" "$out"
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
  trap - EXIT
  echo "RDB: $out ($(stat -c %s "$out") bytes, $(date -u +%H:%M:%SZ))"
}
