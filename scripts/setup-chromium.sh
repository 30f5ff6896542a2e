#!/usr/bin/env bash
# The audit report's browser test needs Debian's Chromium and a CJK font
# (unit and household names are Chinese). Installs them when missing, as
# root or with sudo; otherwise says what to install.
set -euo pipefail
packages=()
command -v chromium >/dev/null 2>&1 || [ -n "${FUNDTRACE_CHROMIUM:-}" ] || packages+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || packages+=(fonts-wqy-zenhei)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
  echo "setup: install Debian's ${packages[*]} (apt-get install ${packages[*]}) for the audit report test" >&2
  exit 1
fi
echo "setup: installing ${packages[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get install -y -q "${packages[@]}" >/dev/null || { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" apt-get install -y -q "${packages[@]}" >/dev/null; }
