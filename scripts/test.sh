#!/usr/bin/env bash
# Runs the whole test suite against real services: installs what is missing (pgvector, Azurite,
# Chromium, the Bicep CLI), starts PostgreSQL with pgvector and Azurite, builds with warnings as
# errors, checks the deployment files, and runs every test.
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"
"$here/services.sh" up
"$here/install-chromium.sh"
"$here/build.sh"
"$here/check-infra.sh"
python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$repo_root/compose.yaml" || die "compose.yaml does not parse"
cd "$repo_root"
dotnet test StellarMemory.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
