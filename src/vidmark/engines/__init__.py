"""The engine registry: backend names mapped to the classes that implement them.

Backends are imported only when asked for, so a backend whose extra is not installed
costs nothing until used, and then fails with a line that names the extra to install.
Third-party packages add engines through the ``vidmark.engines`` entry point group.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

from vidmark.engines.base import (
    Engine,
    EngineOptions,
    EngineRequest,
    EngineResult,
    FrameBudget,
    ProgressCallback,
    Task,
    Window,
)
from vidmark.errors import ConfigError

DEFAULT_ENGINE = "offline"

#: name -> "module:Class". Adding a backend is one module and one line here.
_BUILTIN: dict[str, str | type[Engine]] = {
    "scenes": "vidmark.engines.scenes:ScenesEngine",
    "offline": "vidmark.engines.offline:OfflineEngine",
    "openai": "vidmark.engines.qwen.openai_compat:OpenAIEngine",
    "ollama": "vidmark.engines.qwen.ollama:OllamaEngine",
    "transformers": "vidmark.engines.qwen.transformers_local:TransformersEngine",
    "webui": "vidmark.engines.qwen.webui:WebUIEngine",
}


def register(name: str, target: str | type[Engine]) -> None:
    """Add an engine under ``name``: a class, or a lazy "module:Class" reference."""
    _BUILTIN[name] = target


def engine_names() -> list[str]:
    return sorted({*_BUILTIN, *(ep.name for ep in entry_points(group="vidmark.engines"))})


def get_engine_class(name: str) -> type[Engine]:
    """The engine class registered as ``name``."""
    target = _BUILTIN.get(name) or _plugin_target(name)
    if target is None:
        raise ConfigError(f"unknown engine {name!r} (available: {', '.join(engine_names())})")
    if not isinstance(target, str):
        return target
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigError(
            f"engine {name!r} needs a package that is not installed ({exc.name}); "
            f"install it with: pip install 'vidmark[{name}]'"
        ) from None
    return getattr(module, class_name)


def create_engine(name: str, options: dict | EngineOptions | None = None) -> Engine:
    return get_engine_class(name)(options)


def engines_that(capability: str) -> list[str]:
    """The names of the engines whose class declares ``capability`` (e.g. "takes_prompts"),
    among those whose packages are installed."""
    found = []
    for name in engine_names():
        try:
            if getattr(get_engine_class(name), capability, False):
                found.append(name)
        except ConfigError:
            continue
    return found


def _plugin_target(name: str) -> str | None:
    for ep in entry_points(group="vidmark.engines"):
        if ep.name == name:
            return ep.value
    return None


__all__ = [
    "DEFAULT_ENGINE",
    "Engine",
    "EngineOptions",
    "EngineRequest",
    "EngineResult",
    "FrameBudget",
    "ProgressCallback",
    "Task",
    "Window",
    "create_engine",
    "engine_names",
    "engines_that",
    "get_engine_class",
    "register",
]
