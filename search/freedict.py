"""A general English → Spanish dictionary: FreeDict's, read from Debian's dictd files.

The bilingual vocabulary (:mod:`quipu.search.glossary`) knows the domain; an English
question also has words no glossary holds ("harvest", "river", "Peruvian"). FreeDict's
English–Spanish dictionary (Debian's ``dict-freedict-eng-spa``, about 5,900 headwords
from the Ergane word lists) gives their Spanish equivalents. It is licensed GPL-2+,
so Quipu (MIT) ships none of it: it is read at run time from the installed package,
whose path is the setting ``QUIPU_DICTIONARY_PATH`` (the Debian path when installed).
Without it, search works as before, without the general dictionary.

The dictd format: ``NAME.index`` has one line per entry, ``headword<TAB>offset<TAB>length``
(offset and length in dictd's base 64), into ``NAME.dict.dz``, a gzip (dictzip) text
where an entry reads::

    headword /pronunciation/
    1. first sense, its renderings
    2. second sense

Opening reads the index and inflates the text (about 200 kB: 14 ms on 2 cores, 1.4 MB
held), once, on the first English query; an entry is parsed the first time its headword
is looked up.

Two faults of this build are recognised and its entries left out. Many multi-word
headwords lost their words after the first: "employment /implɔiməntikstʃeindʒ/" is
"employment exchange" (bolsa de trabajo), "son /sˈʌn/" is "son-in-law" (yerno). Their
pronunciation gives them away: longer than the written word by more than two sounds, or
stressed (ˈ), a mark only the entries of a later repair of such multi-word entries carry
in this dictionary. Multi-word renderings lost their spaces ("bolsadetrabajo"); such a
rendering matches no index term, so it is dropped where the index is known
(:func:`quipu.search.expansion.expand` keeps the renderings whose terms the index has).
"""

from __future__ import annotations

import gzip
import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from quipu.core.settings import DEBIAN_DICTIONARY, get_settings
from quipu.core.text import fold

log = logging.getLogger(__name__)

MAX_RENDERINGS = 3  # Spanish renderings kept per headword, first senses first
MAX_WORDS = 3  # a longer rendering is an explanation, not a term
MAX_PHRASE = 4  # words of the longest English headword looked up

_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_SENSE_NUMBER = re.compile(r"^\s*\d+\.\s*")
_NOTE = re.compile(r"<[^>]*>|\([^)]*\)|\[[^\]]*\]")
_HEAD = re.compile(r"^(?P<word>.*?)\s+/(?P<sound>[^/]*)/\s*$")
_SOUND_MARKS = re.compile(r"[ˈˌːˑ.\s‿]")


def b64_number(text: str) -> int:
    """A number written in dictd's base 64 ("A" = 0, "BA" = 64)."""
    number = 0
    for char in text:
        number = number * 64 + _B64[char]
    return number


@dataclass(frozen=True)
class Entry:
    """One dictionary entry: its headword, pronunciation and senses (each a list of renderings)."""

    headword: str
    sound: str
    senses: tuple[tuple[str, ...], ...]

    @property
    def truncated(self) -> bool:
        """A multi-word headword that kept only its first word (see the module's docstring)."""
        if not self.sound:
            return False
        if "ˈ" in self.sound and " " not in self.headword.strip():
            return True
        letters = len(re.sub(r"\W", "", self.headword))
        return len(_SOUND_MARKS.sub("", self.sound)) > letters + 2

    def renderings(self) -> list[str]:
        """The renderings of every sense in order, each once."""
        seen: set[str] = set()
        found = []
        for sense in self.senses:
            for rendering in sense:
                if fold(rendering) not in seen:
                    seen.add(fold(rendering))
                    found.append(rendering)
        return found


def parse_entry(text: str) -> Entry | None:
    """An entry of a dictd text; None for an empty one."""
    lines = [line for line in text.strip("\n").split("\n") if line.strip()]
    if not lines:
        return None
    head = _HEAD.match(lines[0])
    headword, sound = (head.group("word"), head.group("sound")) if head else (lines[0].strip(), "")
    senses = []
    for line in lines[1:]:
        line = _NOTE.sub(" ", _SENSE_NUMBER.sub("", line))
        sense = tuple(r for r in (_clean(part) for part in re.split(r"[,;]", line)) if r)
        if sense:
            senses.append(sense)
    return Entry(headword.strip(), sound, tuple(senses))


def _clean(rendering: str) -> str:
    """A rendering without its punctuation; empty when it is no term ("no...nunca", a sentence)."""
    rendering = rendering.replace("‐", "-").strip(" \t¿?¡!.:")
    if not rendering or "..." in rendering or "%" in rendering or len(rendering.split()) > MAX_WORDS:
        return ""
    return " ".join(rendering.split())


class FreeDict:
    """English headword (folded) → Spanish renderings, from one dictd database."""

    def __init__(self, index: dict[str, list[tuple[int, int]]], text: bytes) -> None:
        self._index = index
        self._text = text
        self._parsed: dict[str, list[str]] = {}

    @classmethod
    def open(cls, base: Path) -> FreeDict:
        """Read ``base.index`` and ``base.dict.dz`` (or an uncompressed ``base.dict``)."""
        index: dict[str, list[tuple[int, int]]] = {}
        with open(f"{base}.index", encoding="utf-8") as lines:
            for line in lines:
                fields = line.rstrip("\n").split("\t")
                if len(fields) != 3 or fields[0].startswith("00database") or fields[0].startswith("00-database"):
                    continue
                headword, offset, length = fields
                index.setdefault(fold(headword), []).append((b64_number(offset), b64_number(length)))
        packed = Path(f"{base}.dict.dz")
        text = gzip.decompress(packed.read_bytes()) if packed.exists() else Path(f"{base}.dict").read_bytes()
        return cls(index, text)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, headword: object) -> bool:
        return isinstance(headword, str) and headword in self._index

    def entries(self, headword: str) -> list[Entry]:
        """Every entry of a (folded) headword, in the order of the file."""
        found = []
        for offset, length in self._index.get(headword, []):
            entry = parse_entry(self._text[offset : offset + length].decode("utf-8", "replace"))
            if entry is not None:
                found.append(entry)
        return found

    def lookup(self, headword: str) -> list[str]:
        """Up to :data:`MAX_RENDERINGS` Spanish renderings of a folded English word or phrase,
        first senses first, from its entries that are not truncated multi-word ones."""
        found = self._parsed.get(headword)
        if found is None:
            renderings: dict[str, str] = {}  # folded → as written, first senses first
            for entry in self.entries(headword):
                if not entry.truncated:
                    for rendering in entry.renderings():
                        renderings.setdefault(fold(rendering), rendering)
            found = self._parsed[headword] = list(renderings.values())[:MAX_RENDERINGS]
        return found

    def translate(self, word: str) -> tuple[str, list[str]]:
        """(the headword found, its renderings) for a folded English word, trying its
        inflections ("placed" → place, "activities" → activity); ("", []) when none is found."""
        for form in inflections(word):
            renderings = self.lookup(form)
            if renderings:
                return form, renderings
        return "", []

    def phrases(
        self, tokens: Sequence[str], skip: frozenset[str] = frozenset(), min_length: int = 1
    ) -> Iterator[tuple[str, list[str]]]:
        """(English phrase, Spanish renderings) for the words of ``tokens`` (folded, in order),
        longest headwords first; a lone word of ``skip`` (stop words) or shorter than
        ``min_length`` is not looked up."""
        i = 0
        while i < len(tokens):
            for n in range(min(MAX_PHRASE, len(tokens) - i), 1, -1):
                phrase = " ".join(tokens[i : i + n])
                renderings = self.lookup(phrase)
                if renderings:
                    yield phrase, renderings
                    i += n
                    break
            else:
                if tokens[i] not in skip and len(tokens[i]) >= min_length:
                    _, renderings = self.translate(tokens[i])
                    if renderings:
                        yield tokens[i], renderings
                i += 1


def inflections(word: str) -> list[str]:
    """``word`` and the forms it may be an inflection or a spelling of, most likely first."""
    forms = [word]
    if len(word) > 4 and word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses", "oes")):
        forms.append(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.append(word[:-1])
    if len(word) > 4 and word.endswith("ied"):
        forms.append(word[:-3] + "y")
    for ending in ("ed", "ing"):
        stem = word[: -len(ending)]
        if len(stem) >= 3 and word.endswith(ending):
            forms += [stem + "e", stem]
            if len(stem) > 3 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # planned → plan
    for british, american in (("our", "or"), ("ise", "ize"), ("isation", "ization"), ("tre", "ter")):
        for form in list(forms):
            if form.endswith(british):
                forms.append(form[: -len(british)] + american)
            elif form.endswith(american):
                forms.append(form[: -len(american)] + british)
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=4)
def open_dictionary(path: Path | None) -> FreeDict | None:
    """The dictionary of a dictd database (``path`` names it with or without ``.index``),
    read once; None, said once at INFO, when there is none."""
    if path is None or path == Path(""):
        log.info("No general English-Spanish dictionary (QUIPU_DICTIONARY_PATH is empty)")
        return None
    base = Path(str(path).removesuffix(".index").removesuffix(".dz").removesuffix(".dict"))
    if not Path(f"{base}.index").is_file() or not (Path(f"{base}.dict.dz").is_file() or Path(f"{base}.dict").is_file()):
        log.info(
            "No general English-Spanish dictionary at %s: English words the bilingual vocabulary does not "
            "know are left to cognates (apt-get install dict-freedict-eng-spa)",
            base,
        )
        return None
    began = time.perf_counter()
    dictionary = FreeDict.open(base)
    log.info(
        "General English-Spanish dictionary %s: %d headwords, read in %.0f ms",
        base,
        len(dictionary),
        1000 * (time.perf_counter() - began),
    )
    return dictionary


def default_dictionary() -> FreeDict | None:
    """The dictionary QUIPU_DICTIONARY_PATH names (:func:`open_dictionary`)."""
    return open_dictionary(get_settings().dictionary_path)


__all__ = [
    "DEBIAN_DICTIONARY",
    "Entry",
    "FreeDict",
    "b64_number",
    "default_dictionary",
    "inflections",
    "open_dictionary",
    "parse_entry",
]
