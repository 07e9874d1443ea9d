# Sourced by the scripts that drive headless Chromium: makes sure the Python venv with
# Selenium exists ($CONVWALK_VENV, default ~/.cache/convwalk/venv, the one install-deps.sh
# creates), sets $venv to it and tells Selenium not to look online.
venv="${CONVWALK_VENV:-$HOME/.cache/convwalk/venv}"
if [ ! -x "$venv/bin/python" ]; then
    /usr/bin/python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
    "$venv/bin/pip" install --quiet "selenium>=4.10,<5"
fi
export SE_OFFLINE=true
