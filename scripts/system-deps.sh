#!/usr/bin/env bash
# Installs the system packages Pathways needs beyond Python: fonts that render Khmer, Lao,
# Thai, Myanmar and Vietnamese in PDFs, and Chromium for the browser tests.
# On Debian as root it installs what is missing; elsewhere it says what to install.
set -euo pipefail

packages=(fonts-noto-core chromium poppler-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}." >&2
  echo "Install them with your package manager (as root: apt-get install ${missing[*]})." >&2
  echo "PDF fonts may fall back and browser tests will use Playwright's own browser." >&2
fi
