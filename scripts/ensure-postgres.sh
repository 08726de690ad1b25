# Sourced by .ci/run: makes sure a PostgreSQL server answers on 127.0.0.1 (port 5432 unless
# POSTGRES_PORT says otherwise) with a `test` database, for the integration tests
# (test/postgres/*.int.test.ts). Idempotent, and fast when the server is already up. On a machine
# without the server it installs Debian's `postgresql` package (as root), creates the cluster if
# needed and starts it; whatever this script started is stopped when the calling shell exits.
#
# Exports DATABASE_URL (kept if already set). POSTGRES_CLUSTER names the Debian cluster (main).

ensure_postgres() {
  local port="${POSTGRES_PORT:-5432}" cluster="${POSTGRES_CLUSTER:-main}"
  export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:$port/test}"
  if ! pg_isready -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
      echo "PostgreSQL is not installed: installing Debian's postgresql package"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    local version
    version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
    if [ ! -d "/etc/postgresql/$version/$cluster" ]; then
      pg_createcluster "$version" "$cluster" -p "$port" >/dev/null
    fi
    # A throwaway test server: connections from 127.0.0.1 need no password.
    local hba="/etc/postgresql/$version/$cluster/pg_hba.conf"
    if ! grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
      sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    fi
    echo "starting PostgreSQL $version (cluster $cluster) on 127.0.0.1:$port"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
    POSTGRES_STARTED="$version $cluster"
    trap stop_postgres EXIT
    local tries=0
    until pg_isready -q -h 127.0.0.1 -p "$port"; do
      tries=$((tries + 1))
      if [ "$tries" -gt 60 ]; then echo "PostgreSQL did not come up on 127.0.0.1:$port" >&2; return 1; fi
      sleep 0.5
    done
  fi
  if [ "$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'test'")" != 1 ]; then
    createdb -h 127.0.0.1 -p "$port" -U postgres test
  fi
  echo "PostgreSQL ready: $DATABASE_URL"
}

stop_postgres() {
  if [ -n "${POSTGRES_STARTED:-}" ]; then
    echo "stopping the PostgreSQL cluster this run started"
    # shellcheck disable=SC2086 # version and cluster, two words on purpose
    pg_ctlcluster --skip-systemctl-redirect $POSTGRES_STARTED stop || true
  fi
}
