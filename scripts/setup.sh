#!/usr/bin/env bash
# Set up a fresh Debian machine (Python 3.11) for serving or testing the site.
#   scripts/setup.sh          -> .venv with requirements.txt
#   scripts/setup.sh --dev    -> also requirements-dev.txt, npm test tools and Debian's chromium
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
# Debian's own python3 ships venv separately.
if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [[ "${1:-}" == "--dev" ]]; then
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  # Node.js runs the test-only tools (axe-core, gift-pegjs, typescript for the type
  # check of the study scripts) pinned in package-lock.json.
  if ! command -v npm >/dev/null; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
  fi
  npm ci --no-audit --no-fund --silent
  if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/pdftoppm ]]; then
    $SUDO apt-get update -qq
    # Chromium for the browser tests, Noto CJK so Japanese renders in screenshots
    # and print PDFs, poppler-utils to turn print output into text and images.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
  fi
else
  .venv/bin/python -m pip install --quiet -r requirements.txt
fi
