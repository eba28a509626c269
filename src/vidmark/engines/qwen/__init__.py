"""Qwen3-VL engines: the shared pieces (token budget, frames, prompts, transport) and one
module per way of running the model (openai_compat, ollama, transformers_local, webui)."""
