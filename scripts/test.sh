#!/usr/bin/env bash
# Runs the whole test suite against real services: installs what is missing (pgvector, Azurite, Chromium, the Bicep
# CLI), starts PostgreSQL with pgvector and Azurite, builds with warnings as errors (skipped when no source changed
# since the last build), checks the deployment files, lints the OpenAPI document, and runs every test. Each step
# says when it starts and how long it took. Arguments go to dotnet test (for example --filter Name~Recall).
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"
step "services: PostgreSQL with pgvector and Azurite" "$here/services.sh" up
step "Chromium for the browser tests" "$here/install-chromium.sh"
"$here/build.sh" --if-changed
step "deployment files: Bicep build and lint" ticking "deployment files" "$here/check-infra.sh"
step "OpenAPI document: Redocly and Spectral" "$here/lint-openapi.sh"
cd "$repo_root"
# Normal verbosity names each test as it finishes, so a long run shows its progress.
step "tests" ticking "tests" dotnet test StellarMemory.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
