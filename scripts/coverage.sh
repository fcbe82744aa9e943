#!/usr/bin/env bash
# Runs the whole test suite as scripts/test.sh does, with coverlet collecting line and branch coverage of the
# product assemblies, then prints the coverage of the host's plumbing (Core/Storage and Functions/PortableHost)
# and of each assembly. The Cobertura report stays in .data/coverage for a closer look.
#   scripts/coverage.sh [dotnet test arguments, e.g. --filter ...]
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"
"$here/services.sh" up
"$here/install-chromium.sh"
"$here/build.sh"

results=$STELLAR_DATA_DIR/coverage
rm -rf "$results"
cd "$repo_root"
say "running the tests with coverage; the report goes to $results"
status=0
dotnet test StellarMemory.sln -c Release --no-build -nologo --collect:"XPlat Code Coverage" --results-directory "$results" "$@" \
  -- DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Include="[StellarMemory.Core]*,[StellarMemory.Functions]*" \
  || status=$?
# Print what was measured even when a test failed; the exit status is still the test run's.
python3 "$here/coverage-summary.py" "$results"/*/coverage.cobertura.xml
exit "$status"
