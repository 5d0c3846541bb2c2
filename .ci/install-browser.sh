#!/bin/sh
# Install Debian's chromium for the browser tests (tests/browser). Idempotent: quick when present.
# Playwright never downloads a browser in this project; the tests launch /usr/bin/chromium.
set -eu

if [ -x /usr/bin/chromium ] && /usr/bin/chromium --version >/dev/null 2>&1; then
    echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null) already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-browser: need root (or sudo) to apt-get install chromium" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null) installed"
