#!/usr/bin/env bash
# Set up what vidmark needs on a fresh Debian machine: Debian packages for a profile,
# then the virtual environment with the profile's Python extras.
#   scripts/bootstrap.sh demo   the default install (runs the offline engine)
#   scripts/bootstrap.sh test   plus the test tools and the programs the tests drive
# As root it installs missing Debian packages itself; otherwise it prints the apt-get line.
set -euo pipefail
profile="${1:-demo}"
venv="${VENV:-.venv}"
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"

debs=()
"$python" -c 'import ensurepip, venv' 2>/dev/null || debs+=(python3-venv)
if [ "$profile" = test ]; then
    for pkg in flite espeak-ng; do command -v "$pkg" >/dev/null || debs+=("$pkg"); done
    for pkg in $(cat scripts/debian-test-packages.txt 2>/dev/null | grep -v '^#' || true); do
        dpkg -s "$pkg" >/dev/null 2>&1 || debs+=("$pkg")
    done
fi
if [ "${#debs[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "bootstrap: installing Debian packages: ${debs[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
    else
        echo "bootstrap: missing Debian packages; run: sudo apt-get install -y ${debs[*]}" >&2
        exit 1
    fi
fi

extras=""
[ "$profile" = test ] && extras="[test]"
stamp="$venv/.installed-$profile"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q -e ".$extras"
    touch "$stamp"
fi
