#!/usr/bin/env bash
# Starts PostgreSQL with pgvector and Azurite (installing what is missing), then serves the API
# through the portable host on http://127.0.0.1:7071. Ctrl+C stops the host; the services keep
# running (scripts/services.sh down stops them).
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"
"$here/services.sh" up
"$here/build.sh"
# Offline billing demo: sandbox payment providers, and the settings that sell through them.
if [[ ${STELLAR_DEMO_BILLING:-} == 1 || " $* " == *" --demo-billing "* ]]; then
  source "$here/sandbox.sh"
fi
say "serving on http://127.0.0.1:$STELLAR_HOST_PORT; try: curl -s http://127.0.0.1:$STELLAR_HOST_PORT/api/v1/health"
cd "$repo_root/StellarMemory.Functions/bin/Release/net10.0"
exec dotnet StellarMemory.Functions.dll --urls "http://127.0.0.1:$STELLAR_HOST_PORT"
