"""Text primitives every layer shares: folding, slugs, lines and sentences with their
offsets, printed numbers.

Each exists once. Offsets are into the string given, so what a caller finds can be
traced back to the cleaned document text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# --- folding -----------------------------------------------------------------------

_QUOTES = "\"“”«»„‟'‘’`´"
_DASHES = "‐‑‒–—―−"


def strip_accents(text: str) -> str:
    """``text`` without combining marks (NFKD): 'Promoción' → 'Promocion'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, accents dropped, whitespace collapsed: the form two spellings share.
    Cached: search folds the same query terms and names again and again."""
    return re.sub(r"\s+", " ", strip_accents(text.lower())).strip()


def fold_char(char: str) -> str:
    """One character folded to one character: lower case, no accent, quotes and dashes unified."""
    if char in _QUOTES:
        return '"'
    if char in _DASHES:
        return "-"
    base = strip_accents(char).lower()
    return base if len(base) == 1 else char.lower() if len(char.lower()) == 1 else char


_FOLD_TABLE: dict[int, str] = {}


def fold_same_length(text: str) -> str:
    """``text`` folded character by character (:func:`fold_char`), so offsets into the
    result are offsets into ``text``: what a gazetteer matches on."""
    missing = {c for c in set(text) if ord(c) not in _FOLD_TABLE}
    for char in missing:
        _FOLD_TABLE[ord(char)] = fold_char(char)
    return text.translate(_FOLD_TABLE)


def slug(text: str) -> str:
    """IRI-safe slug of a name: folded, runs of other characters as one '-'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


# --- lines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a text, stripped, with the offsets of what is left (start == end when blank)."""

    text: str
    start: int
    end: int


def text_lines(text: str, *, strip: str | None = None) -> list[Line]:
    """Every line of ``text`` (blank ones included), stripped of ``strip`` (whitespace by
    default; ``""`` keeps each line whole) at both ends, with offsets into ``text``."""
    found: list[Line] = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip(strip)
        lead = len(raw) - len(raw.lstrip(strip))
        found.append(Line(stripped, position + lead, position + lead + len(stripped)))
        position += len(raw) + 1
    return found


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed so that ``text[start:end]`` has no surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- sentences -----------------------------------------------------------------------

# A sentence ends at . ; ! ? … (and any closing quote or bracket) followed by space and
# what starts a sentence: an upper-case letter, a digit, a bullet or an opening mark.
_SENTENCE_END = re.compile(r"([.;!?…][\"'”’»)\]]*)\s+(?=[¿¡\"'“«(\[]*[A-ZÁÉÍÓÚÑÜ0-9•\-–])")
# A blank line, or a line break before a list item, ends one too.
_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[•\-–*·]|\d+[.)]\s))")
# Words whose final period does not end a sentence ("Sr. Pérez", "Art. 5", "D.S. Nro. 001").
ABBREVIATIONS = frozenset({
    "sr", "sra", "srta", "dr", "dra", "lic", "ing", "arq", "art", "arts", "inc", "cap", "cf", "ej",
    "nro", "nº", "n°", "num", "núm", "no", "pag", "pág", "pags", "págs", "vs", "aprox", "etc",
    "av", "jr", "ud", "uds", "mr", "mrs", "s/",
})
_LAST_WORD = re.compile(r"([\w/°º]+)\W*$")


def _abbreviation(text: str, end: int) -> bool:
    """Whether the period at ``end`` closes an abbreviation or a single letter ("D.S.")."""
    if text[end] != ".":
        return False
    word = _LAST_WORD.search(text, max(0, end - 12), end + 1)
    if word is None:
        return False
    name = word.group(1)
    return name.lower() in ABBREVIATIONS or (len(name) == 1 and name.isalpha())


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence or list item of ``text[start:end]``, trimmed and
    never empty; offsets are into ``text``."""
    end = len(text) if end is None else end
    cuts: list[tuple[int, int]] = [
        (m.end(1), m.end()) for m in _SENTENCE_END.finditer(text, start, end) if not _abbreviation(text, m.start())
    ]
    cuts += [(m.start(), m.end()) for m in _BREAK.finditer(text, start, end)]
    spans, at = [], start
    for cut_start, cut_end in sorted(cuts):
        if cut_start >= at:
            spans.append(trim_span(text, at, cut_start))
            at = cut_end
    spans.append(trim_span(text, at, end))
    return [(s, e) for s, e in spans if e > s]


def sentence_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets where a sentence after the first begins inside ``text[start:end]``."""
    return [s for s, _ in sentence_spans(text, start, end)[1:]]


# --- dates -------------------------------------------------------------------------

# Spanish month names and their numbers ("setiembre" is how Peru mostly spells September).
MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
# A month name, as a regular expression (an alternation in a group, lower case: match with re.IGNORECASE).
MONTH = "(?:" + "|".join(MONTHS) + ")"


# --- numbers -------------------------------------------------------------------------

# A currency sign or name around a printed amount.
CURRENCY = re.compile(r"^(?:S/\.?|US\$|USD|\$)\s*|\s*(?:soles|nuevos\s+soles|d[oó]lares)$", re.IGNORECASE)
# A printed number: digits grouped by "," "." or single spaces, an optional sign. An apostrophe
# may mark the millions, as accounting offices print them ("1'286,400.00").
NUMBER = (
    r"[-+]?\d{1,3}(?:['’]\d{3})*(?:[ ,.]\d{3})+(?:[.,]\d+)?"
    r"|[-+]?\d{1,3}(?:['’]\d{3})+(?:[.,]\d+)?"
    r"|[-+]?\d+(?:[.,]\d+)?"
)


def parse_number(text: str) -> float | None:
    """The float a printed number stands for ("1 234,5", "S/ 2,000.00", "97.4 %"), or None.

    Both separators present: the last one is the decimal mark. One kind only: a comma
    or point followed by exactly three digits (every group) is a thousands separator,
    otherwise a decimal mark ("51,6", "97.4"). Spaces and apostrophes always group
    thousands ("1'286,400.00").
    """
    text = text.strip().replace("\u00a0", " ")
    text = CURRENCY.sub("", text).strip().rstrip("%").strip()
    if not re.fullmatch(NUMBER, text):
        return None
    sign = -1.0 if text.startswith("-") else 1.0
    grouped = bool(re.search(r"['’]", text))  # after a millions mark, ",400" groups thousands too
    text = re.sub(r"[ '’]", "", text.lstrip("+-"))
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif "," in text or "." in text:
        mark = "," if "," in text else "."
        groups = text.split(mark)
        if len(groups) > 2 or (len(groups[-1]) == 3 and (len(groups[0]) <= 3 or grouped) and groups[0] != "0"):
            text = text.replace(mark, "")
        else:
            text = text.replace(mark, ".")
    return sign * float(text)
