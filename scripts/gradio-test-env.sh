#!/usr/bin/env bash
# The Gradio test environment: gradio itself (heavy-ish, test-only) in its own venv, to
# serve the Qwen3-VL-WebUI-shaped apps of the webui engine's tests (tests/engines/qwen/webui).
# SPEC picks the gradio release: the default takes the newest 5.x/6.x; the official Qwen3-VL
# web demo pins gradio 5.49.1 (its requirements_web_demo.txt), whose Chatbot still keeps
# (user, bot) pairs, so the tests also serve the chat layout from that release.
#   scripts/gradio-test-env.sh [VENV] [SPEC]     default VENV: .venv-gradio, SPEC: gradio>=5,<7
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-.venv-gradio}"
spec="${2:-gradio>=5,<7}"
stamp="$venv/.vidmark-gradio-env"
. scripts/test-env-venv.sh
"$venv/bin/python" -m pip install -q "$spec"
touch "$stamp"
echo "gradio-test-env: ready in $venv"
