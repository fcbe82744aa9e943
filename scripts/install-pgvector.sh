#!/usr/bin/env bash
# Builds pgvector for the machine's PostgreSQL 15 from Debian's own source package (trixie's
# `pgvector`), because bookworm does not package it for PostgreSQL 15. Does nothing when the
# `vector` extension is already installed.
set -euo pipefail
source "$(dirname "$0")/env.sh"

pg_config="$STELLAR_PG_BIN/pg_config"
sharedir=$("$pg_config" --sharedir)
if [[ -f $sharedir/extension/vector.control ]]; then
  exit 0
fi
[[ $(id -u) -eq 0 ]] || die "pgvector is missing and installing it needs root (run this script with sudo)"

say "pgvector is missing: building it from Debian's source package"
src_list=/etc/apt/sources.list.d/stellar-trixie-src.sources
if [[ ! -f $src_list ]]; then
  cat > "$src_list" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
export DEBIAN_FRONTEND=noninteractive
ticking "apt-get update" apt-get update -qq || die "apt-get update failed: check the package mirror"
ticking "installing postgresql-server-dev-15 and build tools" apt-get install -y -qq postgresql-server-dev-15 build-essential dpkg-dev >/dev/null \
  || die "could not install postgresql-server-dev-15 and build tools"

work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
say "fetching and unpacking the pgvector source package"
ticking "fetching pgvector" bash -c 'cd "$1" && apt-get source -qq --download-only pgvector >/dev/null && dpkg-source -x --no-check ./pgvector_*.dsc src >/dev/null' _ "$work" \
  || die "could not fetch the pgvector source package (is the trixie deb-src line reachable?)"
say "compiling pgvector"
ticking "compiling pgvector" make -s -C "$work/src" PG_CONFIG="$pg_config" OPTFLAGS="" >/dev/null || die "pgvector build failed"
make -s -C "$work/src" PG_CONFIG="$pg_config" install >/dev/null || die "pgvector install failed"
[[ -f $sharedir/extension/vector.control ]] || die "pgvector installed, but vector.control is not in $sharedir/extension"
say "pgvector $(grep default_version "$sharedir/extension/vector.control" | cut -d"'" -f2) installed"
