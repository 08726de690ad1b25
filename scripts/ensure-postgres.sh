# Sourced by .ci/run: makes sure a PostgreSQL server answers on 127.0.0.1:5432 with a `test`
# database, for the integration tests (test/postgres/*.int.test.ts). Idempotent and fast when the
# server is already up. On a machine without the server it installs Debian's `postgresql` package
# (as root) and starts the cluster; whatever this script started is stopped when the caller exits.
#
# Exports DATABASE_URL (kept if already set).

ensure_postgres() {
  export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
      echo "PostgreSQL is not installed: installing Debian's postgresql package"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    local version
    version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
    if [ -z "$version" ]; then
      version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
      pg_createcluster "$version" main >/dev/null
    fi
    # A throwaway test server: local connections on 127.0.0.1 need no password.
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    if ! grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
      sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    fi
    echo "starting PostgreSQL $version (cluster main) on 127.0.0.1:5432"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    POSTGRES_STARTED="$version"
    trap stop_postgres EXIT
    local tries=0
    until pg_isready -q -h 127.0.0.1 -p 5432; do
      tries=$((tries + 1))
      if [ "$tries" -gt 60 ]; then echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2; return 1; fi
      sleep 0.5
    done
  fi
  if [ "$(psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'test'")" != 1 ]; then
    createdb -h 127.0.0.1 -p 5432 -U postgres test
  fi
  echo "PostgreSQL ready: $DATABASE_URL"
}

stop_postgres() {
  if [ -n "${POSTGRES_STARTED:-}" ]; then
    echo "stopping the PostgreSQL cluster this run started"
    pg_ctlcluster --skip-systemctl-redirect "$POSTGRES_STARTED" main stop || true
  fi
}
