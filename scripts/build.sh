#!/usr/bin/env bash
# Builds the solution (Release, warnings as errors through Directory.Build.props).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
dotnet build StellarMemory.sln -c Release -nologo -clp:ErrorsOnly
