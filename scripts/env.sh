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

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }
