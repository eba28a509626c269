# Sourced by the test-environment scripts: make a fresh venv "$venv" (stamp file "$stamp"
# marks a finished one, and then the calling script stops here with success).
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
[ -f "$stamp" ] && exit 0
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
