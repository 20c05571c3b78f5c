#!/usr/bin/env bash
# Debian packages the tests use, installed when missing: Debian's Chromium with CJK and emoji
# fonts (the browser test; never a downloaded browser) and redis-server (the shared-state tests).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium fonts-noto-cjk fonts-noto-color-emoji)
[ -x /usr/bin/redis-server ] || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian packages for the tests: ${need[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
