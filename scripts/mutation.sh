#!/usr/bin/env bash
# Mutation testing of the pure rules in StellarMemory.Core: Stryker.NET (pinned in .config/dotnet-tools.json)
# mutates the files listed in stryker-config.json and runs only the unit tests (Category=Unit) against each
# mutant, so no PostgreSQL or Azurite is needed. Writes bench/results/mutation/ (git-ignored), prints each
# file's mutation score and the mutants that survived, and fails if any listed file scores under 85%.
# About 15 minutes on two cores at concurrency 1. Stryker's own options pass through:
#   scripts/mutation.sh                      every listed file
#   scripts/mutation.sh --concurrency 2      when the machine is not shared
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"
minimum=85
config=$repo_root/stryker-config.json
out=$repo_root/bench/results/mutation
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
command -v python3 >/dev/null || die "python3 is needed to read Stryker's JSON report"

say "restoring dotnet-stryker (pinned in .config/dotnet-tools.json)"
cd "$repo_root"
dotnet tool restore >/dev/null

files=$(python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["stryker-config"]["mutate"]))' "$config")
say "mutating $(wc -l <<<"$files") files (stryker-config.json), testing each mutant with the unit tests only:"
sed 's/^/      /' <<<"$files" >&2
rm -rf "$out"
started=$SECONDS
# Solution mode, because the tests reach Core only through Functions and Stryker looks for the project to mutate
# among direct references only. Stryker builds the solution (Release), runs the unit tests once, then the tests
# covering each mutant; its progress goes to the console.
stryker_status=0
dotnet stryker --config-file "$config" --output "$out" --skip-version-check "$@" || stryker_status=$?
say "Stryker finished in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s (exit code $stryker_status)"
report=$out/reports/mutation-report.json
[[ -f $report ]] || die "Stryker wrote no JSON report ($report); see its output above"

say "mutation score per file (minimum $minimum%), from $report"
status=0
python3 - "$report" "$config" "$minimum" "$repo_root/" <<'PY' || status=$?
import fnmatch, json, sys

report_path, config_path, minimum, root = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
report = json.load(open(report_path))
patterns = json.load(open(config_path))["stryker-config"]["mutate"]

rows, survivors, failed = [], [], False
for pattern in patterns:
    matches = [path for path in report["files"] if fnmatch.fnmatch("/" + path.replace("\\", "/"), pattern)]
    if not matches:
        rows.append((pattern, None))
        failed = True
        continue
    for path in sorted(matches):
        name, counts = path.removeprefix(root), {}
        for mutant in report["files"][path]["mutants"]:
            counts[mutant["status"]] = counts.get(mutant["status"], 0) + 1
            if mutant["status"] in ("Survived", "NoCoverage"):
                start = mutant["location"]["start"]
                survivors.append(f'{name}:{start["line"]}:{start["column"]}  {mutant["status"]}  '
                                 f'{mutant["mutatorName"]}: {" ".join(mutant.get("replacement", "").split())}')
        rows.append((name, counts))

header = f'{"file":<58} {"killed":>7} {"survived":>9} {"no cover":>9} {"timeout":>8} {"score":>7}'
print(header)
print("-" * len(header))
for path, counts in rows:
    if counts is None:
        print(f"{path:<58} no mutants in the report: is the pattern right?")
        continue
    killed, survived = counts.get("Killed", 0), counts.get("Survived", 0)
    no_coverage, timeout = counts.get("NoCoverage", 0), counts.get("Timeout", 0)
    detected, valid = killed + timeout, killed + timeout + survived + no_coverage
    score = 100.0 * detected / valid if valid else 100.0
    low = score < minimum
    failed |= low
    print(f'{path:<58} {killed:>7} {survived:>9} {no_coverage:>9} {timeout:>8} {score:>6.1f}%{"  < " + str(int(minimum)) + "%" if low else ""}')

if survivors:
    print(f"\n{len(survivors)} mutants not killed (file:line:column, status, mutator: replacement):")
    print("\n".join(survivors))
sys.exit(1 if failed else 0)
PY
say "HTML report: $out/reports/mutation-report.html"
[[ $status -eq 0 ]] || die "a file scores under $minimum%: add tests that kill its surviving mutants"
[[ $stryker_status -eq 0 ]] || die "Stryker itself failed (exit code $stryker_status)"
say "every file scores at least $minimum%"
