# Ports, paths and connection strings of the local services, in one place.
# Sourced by every script; values may be overridden from the environment.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export STELLAR_DATA_DIR=${STELLAR_DATA_DIR:-$repo_root/.data}
export STELLAR_PG_PORT=${STELLAR_PG_PORT:-54329}
export STELLAR_PG_BIN=${STELLAR_PG_BIN:-/usr/lib/postgresql/15/bin}
export STELLAR_PG_USER=${STELLAR_PG_USER:-stellar}
export STELLAR_AZURITE_BLOB_PORT=${STELLAR_AZURITE_BLOB_PORT:-10000}
export STELLAR_AZURITE_QUEUE_PORT=${STELLAR_AZURITE_QUEUE_PORT:-10001}
export STELLAR_AZURITE_TABLE_PORT=${STELLAR_AZURITE_TABLE_PORT:-10002}
export STELLAR_HOST_PORT=${STELLAR_HOST_PORT:-7071}
# The sandbox payment providers of ./scripts/run.sh --demo-billing.
export STELLAR_SANDBOX_STRIPE_PORT=${STELLAR_SANDBOX_STRIPE_PORT:-7181}
export STELLAR_SANDBOX_LEMONSQUEEZY_PORT=${STELLAR_SANDBOX_LEMONSQUEEZY_PORT:-7182}
export STELLAR_SANDBOX_TOSS_PORT=${STELLAR_SANDBOX_TOSS_PORT:-7183}
export STELLAR_SMTP_PORT=${STELLAR_SMTP_PORT:-2525}
export STELLAR_MAIL_UI_PORT=${STELLAR_MAIL_UI_PORT:-5080}

# The settings the app reads (see local.settings.sample.json).
export ConnectionStrings__Postgres=${ConnectionStrings__Postgres:-"Host=127.0.0.1;Port=$STELLAR_PG_PORT;Username=stellar;Password=stellar;Database=stellar"}
export AzureWebJobsStorage=${AzureWebJobsStorage:-"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$STELLAR_AZURITE_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$STELLAR_AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$STELLAR_AZURITE_TABLE_PORT/devstoreaccount1;"}
# Local mail goes to the mail catcher (scripts/mail-catcher.sh).
export Mail__Host=${Mail__Host:-127.0.0.1}
export Mail__Port=${Mail__Port:-$STELLAR_SMTP_PORT}
export Mail__TlsMode=${Mail__TlsMode:-None}

# Every line a script says carries the seconds since the outermost script started, so a slow step shows.
export STELLAR_STARTED_AT=${STELLAR_STARTED_AT:-$(date +%s)}
elapsed() { echo $(( $(date +%s) - STELLAR_STARTED_AT )); }
say() { printf '\033[1m==> [%4ss] %s\033[0m\n' "$(elapsed)" "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# step TITLE COMMAND...: says what starts, runs it, and says how long it took.
step() {
  local title=$1 started=$SECONDS
  shift
  say "$title"
  "$@"
  say "$title: done in $(( SECONDS - started )) s"
}

# ticking TITLE COMMAND...: runs a long command that may print nothing for a while (a build, npm, apt), saying
# every 15 s that it is still running, so that no stretch is silent for long.
ticking() {
  local title=$1 started=$SECONDS ticker rc=0
  shift
  # The trap ends the pending sleep too, so nothing lingers holding the terminal or a pipe.
  ( trap 'kill $! 2>/dev/null; exit 0' TERM
    while sleep 15 & wait $!; do say "$title: still running ($(( SECONDS - started )) s)"; done ) &
  ticker=$!
  "$@" || rc=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  return "$rc"
}
