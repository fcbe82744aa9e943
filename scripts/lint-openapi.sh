#!/usr/bin/env bash
# Lints the OpenAPI document the built app serves (/openapi.json, written by the app's `openapi` command without
# starting a host) with Redocly (redocly.yaml) and Spectral (.spectral.yaml), both pinned in package.json: any error
# or warning fails. Run after scripts/build.sh, with node_modules installed (scripts/services.sh up does it).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"
bin=$repo_root/node_modules/.bin
[[ -x $bin/redocly && -x $bin/spectral ]] || die "the OpenAPI linters are missing: run npm ci (scripts/services.sh up does)"
doc=$STELLAR_DATA_DIR/openapi.json
mkdir -p "$STELLAR_DATA_DIR"
dotnet StellarMemory.Functions/bin/Release/net10.0/StellarMemory.Functions.dll openapi > "$doc" || die "the app could not write its OpenAPI document"
# No telemetry and no update check: the linters run offline, and quietly.
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true "$bin/redocly" lint "$doc" --config redocly.yaml --format=stylish
"$bin/spectral" lint "$doc" --ruleset .spectral.yaml --fail-severity=warn
