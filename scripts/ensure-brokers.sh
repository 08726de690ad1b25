# Sourced by .ci/run: makes sure RabbitMQ (5672, guest/guest), Redis (6379) and NATS with JetStream
# (4222) answer on 127.0.0.1 for the broker integration tests (test/rabbitmq, test/redis,
# test/nats). Idempotent, and fast when they are already up. On a machine without them it installs
# Debian's `rabbitmq-server` / `redis-server` / `nats-server` packages (as root) and starts them;
# whatever this script started is stopped when the calling shell exits. The restart tests also need
# the `redis-server` and `nats-server` binaries (they run their own).
#
# Exports RABBITMQ_URL, REDIS_URL and NATS_URL (kept if already set).

ensure_brokers() {
  export RABBITMQ_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
  export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
  local missing=()
  [ -x /usr/sbin/nats-server ] || command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
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
  if ! (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; then
    echo "starting nats-server (JetStream) on 127.0.0.1:4222"
    mkdir -p /var/lib/nats-server
    start-stop-daemon --start --oknodo --background --make-pidfile --pidfile /tmp/tddd-nats.pid \
      --exec "$(command -v nats-server || echo /usr/sbin/nats-server)" -- \
      -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
    NATS_STARTED=1
  fi
  if [ -n "${REDIS_STARTED:-}${RABBITMQ_STARTED:-}${NATS_STARTED:-}${BROKERS_INSTALLED:-}" ]; then trap 'stop_brokers; ${POSTGRES_STARTED:+stop_postgres}' EXIT; fi
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
  tries=0
  until (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 60 ]; then echo "NATS did not come up on 127.0.0.1:4222" >&2; return 1; fi
    sleep 0.5
  done
  echo "brokers ready: $RABBITMQ_URL $REDIS_URL $NATS_URL"
}

stop_brokers() {
  if [ -n "${NATS_STARTED:-}" ]; then
    echo "stopping the nats-server this run started"
    start-stop-daemon --stop --oknodo --quiet --pidfile /tmp/tddd-nats.pid --remove-pidfile || true
  fi
  if [ -n "${REDIS_STARTED:-}" ]; then
    echo "stopping the redis-server this run started"
    redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ -n "${RABBITMQ_STARTED:-}" ]; then
    echo "stopping the RabbitMQ node this run started"
    rabbitmqctl -q stop >/dev/null 2>&1 || true
  fi
}
