#!/usr/bin/env bash
# The llama.cpp test environment: llama-cpp-python's OpenAI-compatible server, compiled
# here from its PyPI sdist (which vendors llama.cpp), CPU only, with the multimodal
# library (mtmd) that reads images, and the HF -> GGUF converter of that same llama.cpp.
# Only what the server needs is built (no CUDA, no llama.cpp tools, tests or examples):
# about 15 minutes on 2 cores. Used by tests/engines/qwen/test_llamacpp.py.
#   scripts/llamacpp-test-env.sh [VENV]     default VENV: .venv-llamacpp
# Afterwards: VENV/bin/python -m llama_cpp.server ...; VENV/llama.cpp/convert_hf_to_gguf.py
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-.venv-llamacpp}"
version="0.3.36"
stamp="$venv/.vidmark-llamacpp-env"
. scripts/test-env-venv.sh
"$venv/bin/python" -m pip download -q --no-deps --no-binary :all: "llama-cpp-python==$version" -d "$venv/sdist"
sdist="$(ls "$venv"/sdist/llama_cpp_python-*.tar.gz)"
# The converter and its gguf package, from the llama.cpp the server is built from.
tar -xzf "$sdist" -C "$venv" --strip-components=2 --wildcards "*/vendor/llama.cpp/*.py" "*/vendor/llama.cpp/gguf-py/*"
export CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
 -DGGML_CUDA=OFF -DGGML_VULKAN=OFF -DGGML_METAL=OFF -DGGML_BLAS=OFF -DGGML_OPENMP=OFF \
 -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF \
 -DLLAVA_BUILD=ON -DCMAKE_BUILD_TYPE=Release"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
# The compiled wheel is kept outside the checkout, so later clones on this machine reuse it.
wheels="${VIDMARK_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vidmark/wheels}"
wheel="$(ls "$wheels"/llama_cpp_python-"$version"-*.whl 2>/dev/null | head -n 1 || true)"
if [ -z "$wheel" ]; then
    "$venv/bin/python" -m pip wheel -q --no-deps -w "$wheels" "$sdist"
    wheel="$(ls "$wheels"/llama_cpp_python-"$version"-*.whl | head -n 1)"
fi
"$venv/bin/python" -m pip install -q "llama_cpp_python[server] @ file://$wheel"
touch "$stamp"
echo "llamacpp-test-env: ready in $venv"
