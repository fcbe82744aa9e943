#!/usr/bin/env bash
# Starts PostgreSQL with pgvector and Azurite (installing what is missing), builds when a source changed, then
# serves the API through the portable host on http://127.0.0.1:$STELLAR_HOST_PORT (7071) and, once it answers,
# prints a quickstart to paste. Ctrl+C stops the host; the services keep running (scripts/services.sh down stops them).
#   scripts/run.sh [--demo-billing]
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"

usage() {
  cat <<USAGE
usage: scripts/run.sh [--demo-billing]
  --demo-billing   also start the local sandbox payment providers, so checkout works offline (STELLAR_DEMO_BILLING=1)
Ports and folders come from scripts/env.sh and can be changed by STELLAR_* variables, such as STELLAR_HOST_PORT.
USAGE
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --demo-billing) export STELLAR_DEMO_BILLING=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done

step "services: PostgreSQL with pgvector and Azurite" "$here/services.sh" up
"$here/build.sh" --if-changed
# Offline billing demo: sandbox payment providers, and the settings that sell through them.
if [[ ${STELLAR_DEMO_BILLING:-} == 1 ]]; then
  source "$here/sandbox.sh"
fi

base=http://127.0.0.1:$STELLAR_HOST_PORT
if (echo > "/dev/tcp/127.0.0.1/$STELLAR_HOST_PORT") 2>/dev/null; then
  die "port $STELLAR_HOST_PORT is taken (another run.sh?): stop it, or set STELLAR_HOST_PORT"
fi
say "starting the API on $base"
cd "$repo_root/StellarMemory.Functions/bin/Release/net10.0"
dotnet StellarMemory.Functions.dll --urls "$base" &
host=$!
# Ctrl+C or a stop reaches the host, which finishes in-flight work before it exits.
trap 'kill -TERM "$host" 2>/dev/null || true' INT TERM

waiting_since=$SECONDS
until curl -sf -o /dev/null "$base/api/v1/health"; do
  kill -0 "$host" 2>/dev/null || { wait "$host" || true; die "the API exited before it answered; see the lines above"; }
  if (( SECONDS - waiting_since >= 15 )); then
    say "still waiting for $base/api/v1/health to answer 200 (it names what is down: curl -s $base/api/v1/health)"
    waiting_since=$SECONDS
  fi
  sleep 0.3
done
say "the API answers on $base (ready in $(elapsed) s); Ctrl+C stops it"
# The README's quickstart, which a test runs as written, so what is printed here is known to work; with an address
# of its own, since an address registers once.
quickstart=$(awk '/^## Quickstart/ { in_section = 1 } in_section && /^```bash/ { in_block = 1; next } in_block && /^```/ { exit } in_block' "$repo_root/README.md" \
  | sed "s/you@example.com/you-$(date +%s)@example.com/")
{
  echo
  echo "Quickstart: paste this into another terminal:"
  echo
  echo "BASE=$base"
  echo "${quickstart:-curl -s \$BASE/api/v1/health}"
  echo
  echo "Reference with a form for every route: $base/docs    Pricing page: $base/"
  echo "Ports: STELLAR_HOST_PORT=$STELLAR_HOST_PORT STELLAR_PG_PORT=$STELLAR_PG_PORT STELLAR_AZURITE_QUEUE_PORT=$STELLAR_AZURITE_QUEUE_PORT (scripts/env.sh; set them to move)"
  echo
} >&2
while kill -0 "$host" 2>/dev/null; do wait "$host" || true; done
