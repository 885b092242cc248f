"""Optical character recognition of scanned pages, behind a small protocol.

An engine turns a page image into positioned words with a confidence; the layout rules
then read them like a text layer. :class:`TesseractOcr` runs the ``tesseract`` program
(Debian packages ``tesseract-ocr`` and ``tesseract-ocr-spa``) through pytesseract.
Another engine only needs a ``read(image) -> OcrPage`` method.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from .layout import Word


@dataclass(frozen=True)
class OcrPage:
    """What OCR read on one page: words with boxes, the page width, and a confidence in [0, 1]."""

    words: list[Word] = field(default_factory=list)
    width: float = 0.0
    confidence: float = 0.0

    def scaled(self, factor: float) -> OcrPage:
        """The same page with boxes in other units (pixels to points)."""
        words = [Word(w.text, w.x0 * factor, w.x1 * factor, w.top * factor, w.bottom * factor, w.size * factor)
                 for w in self.words]
        return OcrPage(words, self.width * factor, self.confidence)


class OcrEngine(Protocol):
    name: str

    def read(self, image) -> OcrPage:
        """Words of a page image (a PIL image), their boxes in the image's pixels."""
        ...


class TesseractOcr:
    """Tesseract through pytesseract, with the given language models (``spa``, ``spa+eng``)."""

    def __init__(self, languages: str = "spa") -> None:
        self.languages = languages
        self.name = f"tesseract:{languages}"

    def read(self, image) -> OcrPage:
        import pytesseract

        # Tesseract's OpenMP threads fight over a few cores: one thread per page was six
        # times faster on 2 cores (benchmarks/pdf.py). A value the user set is kept.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        data = pytesseract.image_to_data(image, lang=self.languages, output_type=pytesseract.Output.DICT)
        # Tesseract reports each word's box; the line's height stands for the font size,
        # so that words of one line share it.
        line_heights: dict[tuple[int, int, int], int] = {}
        for i, level in enumerate(data["level"]):
            if level == 4:  # a line
                key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
                line_heights[key] = data["height"][i]
        words: list[Word] = []
        weighted, letters = 0.0, 0
        for i, text in enumerate(data["text"]):
            text = (text or "").strip()
            confidence = float(data["conf"][i])
            if not text or confidence < 0:
                continue
            left, top, width, height = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            size = float(line_heights.get(key, height) or height)
            words.append(Word(text, float(left), float(left + width), float(top), float(top + height), size * 0.8))
            weighted += confidence * len(text)
            letters += len(text)
        confidence = (weighted / letters / 100.0) if letters else 0.0
        return OcrPage(words, float(image.width), round(confidence, 3))


# OCR reads the degree-like sign of "N°" (número) as "*", "?" or "º" with a space; before
# a number it can only be that sign. Repaired so that citations of norms are recognised.
_NUMBER_SIGN = re.compile(r"\b([Nn])\s?[*?°º•]\s*(?=\d)")


def repair(text: str) -> str:
    """Undo the OCR misreadings that would hide a fact (the sign of "N° 045")."""
    return _NUMBER_SIGN.sub(lambda m: m.group(1) + "° ", text)


class NoOcr:
    """No OCR: scanned pages are skipped, and ``reason`` tells the ingest report why."""

    name = "none"

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def read(self, image) -> OcrPage:
        raise RuntimeError(self.reason)


@lru_cache(maxsize=8)
def find_engine(setting: str = "auto", languages: str = "spa") -> OcrEngine:
    """The OCR engine the settings ask for; :class:`NoOcr`, with the reason, when there is none.

    ``setting`` is ``auto`` (Tesseract when it is installed with the language models) or ``off``.
    """
    if setting == "off":
        return NoOcr("OCR is off (QUIPU_OCR=off)")
    if shutil.which("tesseract") is None:
        return NoOcr("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-spa)")
    try:
        import pytesseract

        installed = set(pytesseract.get_languages(config=""))
    except Exception as exc:  # noqa: BLE001 - a broken installation is reported, not raised
        return NoOcr(f"Tesseract does not run ({type(exc).__name__}: {exc})")
    missing = [lang for lang in languages.split("+") if lang not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        return NoOcr(f"Tesseract lacks the language model(s) {', '.join(missing)} (apt-get install {packages})")
    return TesseractOcr(languages)
