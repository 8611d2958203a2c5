"""Answer support tickets with a chat model and a retrieval index."""

import os

from sentence_transformers import SentenceTransformer
from transformers import AutoModelForCausalLM, AutoTokenizer

CHAT_MODEL = os.environ.get("CHAT_MODEL", "meta-llama/Llama-3.1-8B-Instruct")
EMBEDDER = "all-MiniLM-L6-v2"


def load_chat():
    tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")
    model = AutoModelForCausalLM.from_pretrained(CHAT_MODEL, torch_dtype="auto")
    return tokenizer, model


def load_embedder():
    return SentenceTransformer(EMBEDDER)


def load_summariser():
    # Research model: licensed CC-BY-NC-4.0, not for products.
    return AutoModelForCausalLM.from_pretrained("CohereForAI/c4ai-command-r-v01")


def save(model):
    model.save_pretrained("./outputs/support-bot")
