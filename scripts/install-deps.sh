#!/usr/bin/env bash
# Installs the Debian packages convwalk needs (C libraries, fonts, KaTeX, Chromium,
# PyTorch for reference checks) and a Python venv with selenium for browser tests.
# Safe to run again: apt and pip skip what is already there.
set -euo pipefail

PACKAGES=(
  pkg-config
  libcairo2-dev libpango1.0-dev          # Render: Cairo drawing, Pango text
  libpng-dev                             # Render: PNG encoding
  libimagequant-dev                      # Render: palettes for the site's indexed-colour PNGs
  fonts-noto-cjk fonts-dejavu-core       # Hangul and Latin glyphs
  libopenblas-dev                        # Tensor: cblas_sgemm
  zlib1g-dev                             # NN: gzip'd IDX files
  libmd4c-dev libmd4c-html0-dev          # Site: CommonMark with tables and math
  libjs-katex                            # Site: math, served from the site itself
  chromium chromium-driver               # browser tests, screenshots, handout PDF
  tidy                                   # HTML well-formedness check
  poppler-utils                          # pdftotext / pdftoppm for handout tests
  python3-torch python3-numpy python3-venv  # reference numbers (runs under /usr/bin/python3)
  dataset-fashion-mnist                  # a second real data set (--data fashion-mnist)
)

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi

# Selenium for the browser tests, in a venv of its own (never the shared site-packages).
VENV="${CONVWALK_VENV:-$HOME/.cache/convwalk/venv}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import selenium" 2>/dev/null; then
  echo "install-deps: creating $VENV with selenium"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "selenium>=4.10,<5"
fi
echo "install-deps: done"
