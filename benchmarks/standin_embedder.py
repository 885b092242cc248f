"""A cheap, deterministic STAND-IN for a real embedding model, for scale benchmarks only.

It is not a language model: it hashes the lower-cased word tokens and the character
4-grams of a text into a 384-dimensional vector (signed feature hashing), damps large
counts and L2-normalises the result. Texts that share words or word pieces get a positive
cosine, so dense retrieval still has a meaningful (lexical) signal, at a tiny fraction of
a model's cost: the scale benchmark measures Quipu's pipeline and indexes, not the model.

Its name, ``standin-hash-384``, says what it is wherever an index records the embedder, so
an index built with it is never mistaken for one built with a real model.

    from standin_embedder import StandInEmbedder   # with benchmarks/ on sys.path
    embedder = StandInEmbedder()
    vectors = embedder.embed_passages(["texto uno", "texto dos"])   # (2, 384) float32
"""

from __future__ import annotations

import re
import zlib

import numpy as np

DIMENSION = 384
_WORD = re.compile(r"\w+")
_WORD_WEIGHT = 1.0
_GRAM_WEIGHT = 0.35
# Odd 64-bit constants (from the splitmix64 / murmur3 finalisers and the golden ratio).
_K = np.array([0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xFF51AFD7ED558CCD], dtype=np.uint64)
_MIX = np.uint64(0xC4CEB9FE1A85EC53)
_WHITESPACE = np.array([9, 10, 11, 12, 13, 0xA0], dtype=np.uint32)


def _mix(h: np.ndarray) -> np.ndarray:
    """Scramble 64-bit hashes so that their low bits (the bucket) and top bit (the sign) vary."""
    h = h ^ (h >> np.uint64(33))
    h = h * _MIX
    return h ^ (h >> np.uint64(29))


class StandInEmbedder:
    """Signed feature hashing of words and character 4-grams; see the module's docstring."""

    name = "standin-hash-384"
    dimension = DIMENSION
    multilingual = False

    def embed_passages(self, texts: list[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """One L2-normalised float32 row per text. ``batch_size`` only bounds how many texts
        are hashed together (memory); ``progress`` is accepted for the protocol and ignored."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        step = max(batch_size, 1024)
        parts = [self._embed(texts[i : i + step]) for i in range(0, len(texts), step)]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([text])[0]

    def _embed(self, texts: list[str]) -> np.ndarray:
        n = len(texts)
        lowered = [t.lower() for t in texts]
        sums = np.zeros(n * DIMENSION, dtype=np.float64)

        # Character 4-grams, all texts at once: the texts joined by NUL, as code points.
        joined = "\x00".join(lowered)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).copy()
        codes[np.isin(codes, _WHITESPACE)] = 32
        if codes.size >= 4:
            c = codes.astype(np.uint64)
            h = c[:-3] * _K[0] + c[1:-2] * _K[1] + c[2:-1] * _K[2] + c[3:] * _K[3]
            is_sep = codes == 0
            valid = ~(is_sep[:-3] | is_sep[1:-2] | is_sep[2:-1] | is_sep[3:])
            lengths = np.fromiter((len(t) + 1 for t in lowered), dtype=np.int64, count=n)
            owner = np.repeat(np.arange(n, dtype=np.int64), lengths)[: codes.size - 3]
            h = _mix(h[valid])
            owner = owner[valid]
            bucket = (h % np.uint64(DIMENSION)).astype(np.int64)
            sign = np.where((h >> np.uint64(63)) == 1, -_GRAM_WEIGHT, _GRAM_WEIGHT)
            sums += np.bincount(owner * DIMENSION + bucket, weights=sign, minlength=n * DIMENSION)

        # Words: CRC-32 of each lower-cased token's UTF-8 bytes.
        crc = zlib.crc32
        hashes: list[int] = []
        owners: list[int] = []
        for index, text in enumerate(lowered):
            words = _WORD.findall(text)
            hashes.extend([crc(w.encode()) for w in words])
            owners.extend([index] * len(words))
        if hashes:
            h = _mix(np.array(hashes, dtype=np.uint64) * _K[3])
            bucket = (h % np.uint64(DIMENSION)).astype(np.int64)
            sign = np.where((h >> np.uint64(63)) == 1, -_WORD_WEIGHT, _WORD_WEIGHT)
            sums += np.bincount(np.array(owners, dtype=np.int64) * DIMENSION + bucket, weights=sign,
                                minlength=n * DIMENSION)

        vectors = sums.reshape(n, DIMENSION)
        vectors = np.sign(vectors) * np.log1p(np.abs(vectors))  # frequent features do not swamp the rest
        norms = np.linalg.norm(vectors, axis=1)
        empty = norms == 0
        vectors[empty, 0] = 1.0  # a text with no features still gets a unit vector
        norms[empty] = 1.0
        return (vectors / norms[:, None]).astype(np.float32)
