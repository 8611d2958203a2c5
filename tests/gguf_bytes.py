"""A tiny GGUF writer for tests (little-endian, v3), written from the format description."""

from __future__ import annotations

import struct
from typing import Sequence

STRING, ARRAY, UINT32, UINT8, FLOAT32, UINT64 = 8, 9, 4, 0, 6, 10


def gstr(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw


def kv_string(key: str, value: str) -> bytes:
    return gstr(key) + struct.pack("<I", STRING) + gstr(value)


def kv_u32(key: str, value: int) -> bytes:
    return gstr(key) + struct.pack("<I", UINT32) + struct.pack("<I", value)


def kv_string_array(key: str, values: Sequence[str]) -> bytes:
    body = b"".join(gstr(v) for v in values)
    return gstr(key) + struct.pack("<IIQ", ARRAY, STRING, len(values)) + body


def kv_f32_array(key: str, values: Sequence[float]) -> bytes:
    return gstr(key) + struct.pack("<IIQ", ARRAY, FLOAT32, len(values)) + struct.pack(f"<{len(values)}f", *values)


def gguf(kvs: Sequence[bytes], version: int = 3, tensors: int = 1, endian: str = "<") -> bytes:
    """Header + KVs + one f32[4] tensor-info record + aligned tensor data."""
    head = b"GGUF" + struct.pack(endian + "IQQ", version, tensors, len(kvs))
    body = head + b"".join(kvs)
    if tensors:
        body += gstr("t0") + struct.pack("<I", 1) + struct.pack("<Q", 4) + struct.pack("<I", 0) + struct.pack("<Q", 0)
        body += b"\0" * (-len(body) % 32) + struct.pack("<4f", 1, 2, 3, 4)
    return body


def llama_quant_kvs() -> list[bytes]:
    """The general.* keys llama.cpp's converter writes for a quant of a fine-tune."""
    return [
        kv_string("general.architecture", "llama"),
        kv_string("general.name", "Support Bot 3B"),
        kv_string("general.license", "llama3.2"),
        kv_string("general.license.link", "https://huggingface.co/meta-llama/Llama-3.2-3B/blob/main/LICENSE.txt"),
        kv_u32("general.base_model.count", 2),
        kv_string("general.base_model.0.name", "Llama 3.2 3B Instruct"),
        kv_string("general.base_model.0.organization", "Meta Llama"),
        kv_string("general.base_model.0.repo_url", "https://huggingface.co/meta-llama/Llama-3.2-3B-Instruct"),
        kv_string("general.base_model.1.name", "support-lora"),
        kv_string("general.base_model.1.organization", "acme"),
        kv_string_array("general.tags", ["text-generation", "merge"]),
        kv_string("general.repo_url", "https://huggingface.co/acme/support-bot-3b"),
        kv_string_array("tokenizer.ggml.tokens", ["<s>", "</s>", "a", "b"]),
        kv_f32_array("tokenizer.ggml.scores", [0.0, 0.0, -1.0, -2.0]),
    ]
