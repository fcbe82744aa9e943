#!/usr/bin/env bash
# Starts or stops one PostgreSQL 15 cluster under a data folder, as an ordinary user (PostgreSQL
# refuses to run as root), listening on loopback only.
#   scripts/postgres.sh start|stop|status [DATA_DIR] [PORT]
set -euo pipefail
source "$(dirname "$0")/env.sh"

action=${1:?usage: postgres.sh start|stop|status [DATA_DIR] [PORT]}
data=${2:-$STELLAR_DATA_DIR/pg}
port=${3:-$STELLAR_PG_PORT}
bin=$STELLAR_PG_BIN

# As root, everything PostgreSQL touches runs as the ordinary user STELLAR_PG_USER.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$STELLAR_PG_USER" -- "$@"; else "$@"; fi
}

ensure_user() {
  [[ $(id -u) -eq 0 ]] || return 0
  id -u "$STELLAR_PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$STELLAR_PG_USER"
  # The user must be able to reach the data folder: grant traversal (not reading) on ancestors.
  local dir
  dir=$(dirname "$data")
  mkdir -p "$dir"
  while [[ $dir != / ]]; do
    as_pg test -x "$dir" 2>/dev/null || chmod o+x "$dir"
    dir=$(dirname "$dir")
  done
}

init_cluster() {
  [[ -f $data/PG_VERSION ]] && return 0
  say "creating PostgreSQL cluster in $data"
  mkdir -p "$data"
  [[ $(id -u) -eq 0 ]] && chown "$STELLAR_PG_USER" "$data"
  chmod 700 "$data"
  local pwfile
  pwfile=$(mktemp)
  echo stellar > "$pwfile"
  [[ $(id -u) -eq 0 ]] && chown "$STELLAR_PG_USER" "$pwfile"
  as_pg "$bin/initdb" -D "$data" -U stellar --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null || { rm -f "$pwfile"; die "initdb failed for $data"; }
  rm -f "$pwfile"
  cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
maintenance_work_mem = 256MB
CONF
}

is_running() { as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

case $action in
  start)
    "$(dirname "$0")/install-pgvector.sh"
    ensure_user
    init_cluster
    if ! is_running; then
      if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "port $port is taken by another server (another checkout's PostgreSQL?): stop it, or set STELLAR_PG_PORT"
      fi
      as_pg "$bin/pg_ctl" -D "$data" -o "-p $port" -l "$data/server.log" -w -t 60 start >/dev/null \
        || die "PostgreSQL did not start; see $data/server.log"
    fi
    if ! PGPASSWORD=stellar "$bin/psql" -h 127.0.0.1 -p "$port" -U stellar -d postgres -tAc \
         "SELECT 1 FROM pg_database WHERE datname = 'stellar'" | grep -q 1; then
      PGPASSWORD=stellar "$bin/createdb" -h 127.0.0.1 -p "$port" -U stellar stellar
    fi
    ;;
  stop)
    if [[ -f $data/PG_VERSION ]] && is_running; then
      as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
    ;;
  status)
    is_running
    ;;
  *) die "unknown action $action" ;;
esac
