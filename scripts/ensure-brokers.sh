# Sourced by .ci/run: makes sure RabbitMQ (5672, guest/guest) and Redis (6379) answer on 127.0.0.1
# for the broker integration tests (test/rabbitmq, test/redis). Idempotent, and fast when they are
# already up. On a machine without them it installs Debian's `rabbitmq-server` / `redis-server`
# packages (as root) and starts them; whatever this script started is stopped when the calling
# shell exits. The Redis restart test also needs the `redis-server` binary (it runs its own).
#
# Exports RABBITMQ_URL and REDIS_URL (kept if already set).

ensure_brokers() {
  export RABBITMQ_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing Debian's ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The packages' own services may have started on install: let them be, and stop them at the end.
    BROKERS_INSTALLED=1
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "starting redis-server on 127.0.0.1:6379"
    redis-server --port 6379 --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
      --pidfile /tmp/tddd-redis.pid --logfile /tmp/tddd-redis.log
    REDIS_STARTED=1
  fi
  if ! rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; then
    echo "starting rabbitmq-server on 127.0.0.1:5672"
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 rabbitmq-server -detached >/dev/null 2>&1 || \
      (su rabbitmq -s /bin/sh -c 'RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 rabbitmq-server -detached' >/dev/null 2>&1)
    RABBITMQ_STARTED=1
  fi
  if [ -n "${REDIS_STARTED:-}${RABBITMQ_STARTED:-}${BROKERS_INSTALLED:-}" ]; then trap 'stop_brokers; ${POSTGRES_STARTED:+stop_postgres}' EXIT; fi
  local tries=0
  until redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 60 ]; then echo "Redis did not come up on 127.0.0.1:6379" >&2; return 1; fi
    sleep 0.5
  done
  tries=0
  until rabbitmqctl -q await_startup >/dev/null 2>&1 && rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 60 ]; then echo "RabbitMQ did not come up on 127.0.0.1:5672" >&2; return 1; fi
    sleep 2
  done
  echo "brokers ready: $RABBITMQ_URL $REDIS_URL"
}

stop_brokers() {
  if [ -n "${REDIS_STARTED:-}" ]; then
    echo "stopping the redis-server this run started"
    redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ -n "${RABBITMQ_STARTED:-}" ]; then
    echo "stopping the RabbitMQ node this run started"
    rabbitmqctl -q stop >/dev/null 2>&1 || true
  fi
}
