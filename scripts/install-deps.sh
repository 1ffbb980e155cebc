#!/usr/bin/env bash
# Installs the Debian 12 packages shensu needs to build, test and run, only
# those that are missing. Uses sudo when not root.
set -euo pipefail

packages=(
  gcc make meson ninja-build pkg-config
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libpq-dev
  libcmocka-dev sqlite3 nodejs python3
  postgresql postgresql-client
  libcairo2-dev libpango1.0-dev libxlsxwriter-dev libicu-dev fonts-noto-cjk poppler-utils unzip
  zlib1g-dev libexpat1-dev
  chromium npm
  lunar  # tests only: Debian's lunar-calendar converter cross-checks src/domain/lunar.c
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# python3 may come from elsewhere (pyenv); any python3 on PATH will do.
if command -v python3 >/dev/null 2>&1; then
  missing=("${missing[@]/python3}")
fi
# npm: the web UI's build-time packages. A Node.js that bundles npm (NodeSource)
# conflicts with Debian's npm package, so any npm on PATH will do.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
echo "installing: ${missing[*]}"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
