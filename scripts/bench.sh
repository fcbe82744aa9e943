#!/usr/bin/env bash
# Runs the load benchmark against real services and two portable hosts; writes bench/results/<mode>-<time>.json.
#   scripts/bench.sh --quick    (a few minutes)
#   scripts/bench.sh            (full run, under fifteen minutes)
#   scripts/bench.sh --micro    (the in-process micro-benchmarks instead: scripts/microbench.sh)
set -euo pipefail
here=$(dirname "$0")
if [[ ${1:-} == --micro ]]; then
  shift
  exec "$here/microbench.sh" "$@"
fi
source "$here/env.sh"
"$here/services.sh" up
"$here/build.sh"
dotnet build "$repo_root/bench/StellarMemory.Bench" -c Release -nologo -clp:ErrorsOnly
cd "$repo_root"
STELLAR_REPO_ROOT="$repo_root" dotnet "$repo_root/bench/StellarMemory.Bench/bin/Release/net10.0/StellarMemory.Bench.dll" "$@"
