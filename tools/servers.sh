#!/usr/bin/env bash
# Starts and stops the real servers swell's server-backed tests (the servers_test binary) talk
# to, all on 127.0.0.1, each on a fixed high port, with throw-away data under
# ${SWELL_SERVERS_DIR:-build/servers}:
#   redis-server 16379 (and a sentinel for it on 16380, master "swellmaster") | prometheus 19090 | postgresql 15432 | nats-server -js 14222 (monitoring
#   18222) | rabbitmq-server AMQP 35672, management 35673 | fauxqs (SQS, npm, pinned in
#   tests/servers/package.json) 14566.
# Kafka needs no server: the tests use librdkafka's built-in mock cluster.
#
#   tools/servers.sh start   # starts what is not running, waits until each answers
#   tools/servers.sh stop    # stops what start started, removes the data
#   tools/servers.sh status
# Needs the Debian packages of tools/install-deps.sh and node/npm.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR=${SWELL_SERVERS_DIR:-$ROOT/build/servers}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

log() { printf 'servers: %s\n' "$*"; }

# wait_for <name> <seconds> <command...>: retries the command until it succeeds.
wait_for() {
  local name=$1 secs=$2
  shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $end ]; then
      log "$name did not come up in ${secs}s; its log:"
      tail -20 "$DIR/$name.log" 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
  log "$name ready"
}

# bg <name> <command...>: runs a server in the background, its pid in $DIR/<name>.pid.
bg() {
  local name=$1
  shift
  "$@" >"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

start_redis() {
  bg redis redis-server --bind 127.0.0.1 --port 16379 --save "" --appendonly no \
    --dir "$DIR" --daemonize no
}

start_sentinel() {
  printf 'port 16380\nbind 127.0.0.1\ndir %s\nsentinel monitor swellmaster 127.0.0.1 16379 1\n' \
    "$DIR" >"$DIR/sentinel.conf"
  bg sentinel redis-server "$DIR/sentinel.conf" --sentinel
}

start_prometheus() {
  mkdir -p "$DIR/prometheus"
  printf 'global:\n  scrape_interval: 1m\nscrape_configs: []\n' >"$DIR/prometheus.yml"
  bg prometheus prometheus --config.file="$DIR/prometheus.yml" \
    --storage.tsdb.path="$DIR/prometheus" --web.listen-address=127.0.0.1:19090
}

start_postgres() {
  local pg=$DIR/pg as=()
  mkdir -p "$pg"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$pg"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$PG_BIN/initdb" -D "$pg/data" -U postgres --auth=trust >"$DIR/postgres.log" 2>&1
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$pg/data" -l "$pg/server.log" -s \
    -o "-p 15432 -k $pg -c listen_addresses=127.0.0.1 -c fsync=off" start >>"$DIR/postgres.log" 2>&1
}

start_nats() {
  mkdir -p "$DIR/nats"
  printf 'listen: 127.0.0.1:14222\nhttp: 127.0.0.1:18222\njetstream { store_dir: "%s" }\n' \
    "$DIR/nats" >"$DIR/nats.conf"
  bg nats nats-server -c "$DIR/nats.conf"
}

start_rabbitmq() {
  local r=$DIR/rabbitmq
  mkdir -p "$r/home"
  printf '[rabbitmq_management].\n' >"$r/enabled_plugins"
  printf '%s\n' 'listeners.tcp.default = 127.0.0.1:35672' 'management.tcp.port = 35673' \
    'management.tcp.ip = 127.0.0.1' 'collect_statistics_interval = 500' >"$r/rabbitmq.conf"
  HOME=$r/home RABBITMQ_NODENAME=swelltest@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=35672 RABBITMQ_DIST_PORT=35674 ERL_EPMD_PORT=34369 \
    ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_MNESIA_BASE=$r/mnesia RABBITMQ_LOG_BASE=$r/log \
    RABBITMQ_ENABLED_PLUGINS_FILE=$r/enabled_plugins RABBITMQ_CONFIG_FILE=$r/rabbitmq \
    RABBITMQ_PID_FILE=$r/pid RABBITMQ_FEATURE_FLAGS_FILE=$r/feature_flags \
    RABBITMQ_PLUGINS_EXPAND_DIR=$r/plugins-expand \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}' \
    ERL_CRASH_DUMP=$r/erl_crash.dump \
    bg rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server
}

start_fauxqs() {
  if [ ! -d tests/servers/node_modules/fauxqs ]; then
    (cd tests/servers && npm ci --no-audit --no-fund --loglevel=error) >"$DIR/npm.log" 2>&1
  fi
  FAUXQS_PORT=14566 bg fauxqs node tests/servers/fauxqs.mjs
}

http_ok() { curl -fsS -o /dev/null --max-time 1 "$@"; }

PORTS=(16379 16380 19090 15432 14222 18222 35672 35673 35674 34369 14566)

# in_use <port>: something listens on 127.0.0.1:<port>.
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  # A previous start of ours (same data dir) is stopped first: one set of servers at a time.
  if [ -d "$DIR" ]; then
    log "stopping the servers of a previous start in $DIR"
    stop
  fi
  local port
  for port in "${PORTS[@]}"; do
    if in_use "$port"; then
      log "port $port on 127.0.0.1 is in use by another process; stop it or run elsewhere"
      exit 1
    fi
  done
  mkdir -p "$DIR"
  start_redis
  start_sentinel
  start_prometheus
  start_nats
  start_rabbitmq
  start_fauxqs
  start_postgres
  wait_for redis 30 redis-cli -p 16379 ping
  wait_for sentinel 30 redis-cli -p 16380 sentinel get-master-addr-by-name swellmaster
  wait_for prometheus 60 http_ok http://127.0.0.1:19090/-/ready
  wait_for postgres 30 "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p 15432
  wait_for nats 30 http_ok http://127.0.0.1:18222/healthz?js-enabled-only=true
  wait_for fauxqs 60 http_ok -X POST -H 'X-Amz-Target: AmazonSQS.ListQueues' \
    -H 'Content-Type: application/x-amz-json-1.0' -d '{}' http://127.0.0.1:14566/
  wait_for rabbitmq 120 http_ok -u guest:guest http://127.0.0.1:35673/api/overview
  log "all up (data in $DIR)"
}

stop() {
  if [ -f "$DIR/pg/data/postmaster.pid" ]; then
    local as=()
    [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -s -m immediate stop >/dev/null 2>&1 || true
  fi
  local pids=()
  for name in redis sentinel prometheus nats rabbitmq fauxqs; do
    local f=$DIR/$name.pid
    [ -f "$f" ] || continue
    pids+=("$(cat "$f")")
    rm -f "$f"
  done
  [ -f "$DIR/rabbitmq/pid" ] && pids+=("$(cat "$DIR/rabbitmq/pid")")
  # Each server we started and its direct children (rabbitmq's script runs the Erlang VM).
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
  done
  local end=$((SECONDS + 20))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  # epmd was started for rabbitmq on its own port; stop it by that port only.
  ERL_EPMD_PORT=34369 epmd -kill >/dev/null 2>&1 || true
  rm -rf "$DIR"
  log "stopped"
}

status() {
  for name in redis sentinel prometheus nats rabbitmq fauxqs; do
    if [ -f "$DIR/$name.pid" ] && kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null; then
      log "$name running (pid $(cat "$DIR/$name.pid"))"
    else
      log "$name not running"
    fi
  done
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p 15432; then log "postgres running"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
