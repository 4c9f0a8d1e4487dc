#!/usr/bin/env bash
# Set up a fresh Debian machine (Python 3.11) for serving or testing the site.
#   scripts/setup.sh          -> .venv with requirements.txt
#   scripts/setup.sh --dev    -> also requirements-dev.txt, npm test tools and Debian's chromium
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [[ "${1:-}" == "--dev" ]]; then
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  npm ci --no-audit --no-fund --silent
  if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/pdftoppm ]]; then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    # Chromium for the browser tests, Noto CJK so Japanese renders in screenshots
    # and print PDFs, poppler-utils to turn print output into text and images.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
  fi
else
  .venv/bin/python -m pip install --quiet -r requirements.txt
fi
