#!/usr/bin/env bash
# Runs the whole test suite against real services: installs what is missing, starts PostgreSQL
# with pgvector and Azurite, builds with warnings as errors, and runs every test.
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"
"$here/services.sh" up
"$here/build.sh"
cd "$repo_root"
dotnet test StellarMemory.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
