#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (no browser download:
# Playwright drives this binary).
set -euo pipefail
source "$(dirname "$0")/env.sh"
[[ -x /usr/bin/chromium ]] && exit 0
[[ $(id -u) -eq 0 ]] || die "Chromium is missing and installing it needs root (sudo apt-get install chromium)"
say "installing Debian's chromium for the browser tests"
export DEBIAN_FRONTEND=noninteractive
ticking "apt-get update" apt-get update -qq || die "apt-get update failed: check the package mirror"
ticking "installing chromium" apt-get install -y -qq chromium >/dev/null || die "could not install chromium"
