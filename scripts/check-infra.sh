#!/usr/bin/env bash
# Compiles and lints the Bicep under infra/ with a pinned Bicep CLI. A warning fails the check, as it
# fails the .NET build: a template that only warns today is often one that fails to deploy.
# The CLI comes from NuGet into .data/bicep (git-ignored), so nothing beyond the .NET SDK is needed.
#   scripts/check-infra.sh                  compile and lint (the test command runs this)
#   scripts/check-infra.sh build <file>     write the compiled ARM template to <file> (the infra tests read it)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"

bicep_version=0.49.2
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  *) die "no Bicep CLI package for $(uname -s) $(uname -m)" ;;
esac
package=Azure.Bicep.CommandLine.$rid
tool_dir=$STELLAR_DATA_DIR/bicep
packages=$tool_dir/packages
bicep=$packages/$(tr '[:upper:]' '[:lower:]' <<<"$package")/$bicep_version/tools/bicep

if [[ ! -f $bicep ]]; then
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
  say "restoring Bicep CLI $bicep_version ($package)"
  mkdir -p "$tool_dir"
  # Empty props files stop MSBuild from picking up the repository's, whose central package
  # management would reject a versioned PackageReference.
  echo '<Project />' >"$tool_dir/Directory.Build.props"
  echo '<Project />' >"$tool_dir/Directory.Packages.props"
  cat >"$tool_dir/bicep-cli.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="$package" Version="$bicep_version" />
  </ItemGroup>
</Project>
EOF
  dotnet restore "$tool_dir/bicep-cli.csproj" --packages "$packages" -nologo -v quiet >&2 \
    || die "could not restore $package $bicep_version from NuGet"
  [[ -f $bicep ]] || die "the Bicep CLI was not found at $bicep after the restore"
fi
# NuGet does not keep the executable bit.
[[ -x $bicep ]] || chmod +x "$bicep"

stderr_file=$(mktemp)
trap 'rm -f "$stderr_file"' EXIT

# Runs one Bicep command; any output on stderr (errors and warnings alike) is a failure.
run_bicep() {
  local status=0
  "$bicep" "$@" 2>"$stderr_file" || status=$?
  if ((status != 0)) || [[ -s $stderr_file ]]; then
    cat "$stderr_file" >&2
    die "bicep $1 reported problems in ${2:-infra} (exit $status)"
  fi
}

if [[ ${1:-} == build ]]; then
  [[ -n ${2:-} ]] || die "usage: $0 build <file>"
  run_bicep build infra/main.bicep --outfile "$2"
  exit 0
fi

run_bicep build infra/main.bicep --stdout >/dev/null
for file in infra/*.bicep; do
  run_bicep lint "$file"
done
say "infra/*.bicep compile and lint cleanly (Bicep $bicep_version)"
