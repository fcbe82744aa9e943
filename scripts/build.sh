#!/usr/bin/env bash
# Builds the solution (Release, warnings as errors through Directory.Build.props), one line per project as it
# finishes and a line every 15 s while it works.
#   scripts/build.sh [--if-changed]
# --if-changed skips the build when no source file changed since the last one that succeeded here (run.sh and
# test.sh use it): the stamp is a hash of every source file's path, size and modification time.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"

stamp=$repo_root/StellarMemory.Functions/bin/Release/sources.stamp
outputs=(StellarMemory.Functions/bin/Release/net10.0/StellarMemory.Functions.dll StellarMemory.Tests/bin/Release/net10.0/StellarMemory.Tests.dll)

# Every file git would track (committed, changed or new, not ignored), or every file outside build outputs
# when this is not a git checkout; a change to any of them, even outside the projects, means a build.
source_files() {
  if git -C "$repo_root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$repo_root" ls-files -z --cached --others --exclude-standard
  else
    find . \( -name bin -o -name obj -o -name node_modules -o -name .data -o -name .git \) -prune -o -type f -print0
  fi
}

sources_hash() {
  # A deleted file is left out by stat, which changes the hash as it should.
  { source_files | xargs -0 stat -c '%n %s %Y' 2>/dev/null || true; } | LC_ALL=C sort | sha256sum | cut -d' ' -f1
}

# Hashed before the build: what the build reads; a file edited while it runs makes the next run build again.
current=$(sources_hash)
if [[ ${1:-} == --if-changed ]]; then
  built=true
  for output in "${outputs[@]}"; do [[ -f $output ]] || built=false; done
  if $built && [[ -f $stamp && $(cat "$stamp") == "$current" ]]; then
    say "build: nothing changed since the last build, skipping it"
    exit 0
  fi
fi

started=$SECONDS
say "building the solution (Release); the first build also restores NuGet packages"
# Minimal verbosity prints each project as it is built ("X -> path.dll"), and every warning or error.
ticking "build" dotnet build StellarMemory.sln -c Release -nologo -v minimal
say "build: done in $(( SECONDS - started )) s"
mkdir -p "$(dirname "$stamp")"
echo "$current" > "$stamp"
