#!/usr/bin/env bash
# Runs the BenchmarkDotNet micro-benchmarks of the hot paths in Release, as a short in-process job (a few
# minutes on two cores), and writes bench/results/micro-<time>.md and .json. Needs no services.
#   scripts/microbench.sh                          every benchmark
#   scripts/microbench.sh --filter '*Webhook*'     BenchmarkDotNet's own options pass through
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"
project=$repo_root/bench/StellarMemory.MicroBench
dotnet build "$project" -c Release -nologo -clp:ErrorsOnly

started=$(date -u +%Y%m%d-%H%M%S)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT
args=("$@")
[[ $# -gt 0 ]] || args=(--filter '*')
dotnet "$project/bin/Release/net10.0/StellarMemory.MicroBench.dll" --artifacts "$artifacts" "${args[@]}"

reports=("$artifacts"/results/*-report-github.md)
[[ -f ${reports[0]} ]] || die "BenchmarkDotNet wrote no report"
out=$repo_root/bench/results/micro-$started
{
  echo "# Micro-benchmarks, $started UTC"
  echo
  echo "Each table's Ratio is against its Baseline row, measured in the same run. Short in-process job: fine for"
  echo "ratios and allocations; means are noisy on a shared two-core machine (see Error and StdDev)."
  echo "Load average (1, 5, 15 min) before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  # The environment block is the same in every report: print it once.
  awk '{ print } /^```$/ && ++fences == 2 { exit }' "${reports[0]}"
  for report in "${reports[@]}"; do
    name=$(basename "$report" -report-github.md)
    echo
    echo "## ${name##*.}"
    echo
    sed -n '/^|/p' "$report" | sed "s/&#39;//g"
  done
} > "$out.md"
{
  echo "["
  sep=""
  for json in "$artifacts"/results/*-report-brief.json; do
    printf '%s' "$sep"
    cat "$json"
    sep=","
  done
  echo "]"
} > "$out.json"
say "report: $out.md (and .json)"
