#!/usr/bin/env bash
# Installs what is missing and starts (or stops) the local services: PostgreSQL with pgvector,
# Azurite and the mail catcher. Idempotent: with everything in place a second run takes seconds.
#   scripts/services.sh up|down
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"

case ${1:-up} in
  up)
    "$here/postgres.sh" start
    "$here/azurite.sh" start
    "$here/mail-catcher.sh" start
    say "PostgreSQL on 127.0.0.1:$STELLAR_PG_PORT, Azurite queues on 127.0.0.1:$STELLAR_AZURITE_QUEUE_PORT"
    ;;
  down)
    "$here/mail-catcher.sh" stop
    "$here/azurite.sh" stop
    "$here/postgres.sh" stop
    ;;
  *) die "usage: services.sh up|down" ;;
esac
