#!/usr/bin/env bash
# The Gradio test environment: gradio itself (heavy-ish, test-only) in its own venv, to
# serve a Qwen3-VL-WebUI-shaped app for the webui engine's tests (tests/engines/qwen/webui).
#   scripts/gradio-test-env.sh [VENV]     default VENV: .venv-gradio
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-.venv-gradio}"
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
stamp="$venv/.vidmark-gradio-env"
[ -f "$stamp" ] && exit 0
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q "gradio>=5,<7"
touch "$stamp"
echo "gradio-test-env: ready in $venv"
