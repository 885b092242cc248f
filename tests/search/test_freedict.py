"""The general English → Spanish dictionary: dictd files read, entries parsed and cleaned."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest

from quipu.search.freedict import (
    DEBIAN_DICTIONARY,
    FreeDict,
    b64_number,
    inflections,
    open_dictionary,
    parse_entry,
)

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

HAS_FREEDICT = Path(f"{DEBIAN_DICTIONARY}.index").is_file()
needs_freedict = pytest.mark.skipif(
    not HAS_FREEDICT, reason="Debian's dict-freedict-eng-spa is not installed (make install does it)"
)


def b64(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 64)
        digits = _B64[digit] + digits
        if not number:
            return digits


def write_dictd(base: Path, entries: list[str], *, compressed: bool = True) -> Path:
    """A dictd database of ``entries`` (each "headword /sound/" and its sense lines) at ``base``."""
    text, lines = b"00-database-short\nA test dictionary\n", ["00databaseshort\tA\tj"]
    for entry in entries:
        data = (entry.strip("\n") + "\n").encode()
        lines.append(f"{entry.split(' /')[0]}\t{b64(len(text))}\t{b64(len(data))}")
        text += data
    base.with_name(base.name + ".index").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if compressed:
        base.with_name(base.name + ".dict.dz").write_bytes(gzip.compress(text))
    else:
        base.with_name(base.name + ".dict").write_bytes(text)
    return base


# Entries in the shape of FreeDict's eng-spa, written for these tests.
ENTRIES = [
    "budget /bʌdʒət/\npresupuesto\n",
    # senses numbered; the first senses' renderings come first, three at most
    "work /wəːk/\n1. funcionar\n2. trabajar\n3. trabajo\n4. obra\n",
    # a multi-word headword that lost its second word: its sound is far longer than "job"
    "job /dʒɔbsiːkər/\nbuscadordeempleo\n",
    "job /dʒɔb/\n1. trabajo\n2. cargo, función\n",
    # a stressed sound on a one-word headword: a repaired multi-word entry ("son-in-law")
    "son /sˈʌn/\nyerno\n",
    "son /sʌn/\nhijo\n",
    # a multi-word headword that kept its words
    "labour exchange /leibərikstʃeindʒ/\nbolsa de trabajo\n",
    # notes, grammar labels and what is no term
    "robbed /rɔbd/\nrobadas al sueño <f>, hurtado (coloquial)\n",
    "never /nevər/\njamás, no...nunca\n",
    "how long /haulɔŋ/\n¿cuánto tiempo?\n",
    "place /pleis/\n1. colocar\n2. sitio\n",
    "activity /æktivitiː/\nactividad\n",
]


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory) -> FreeDict:
    base = write_dictd(tmp_path_factory.mktemp("dictd") / "test-eng-spa", ENTRIES)
    return FreeDict.open(base)


@pytest.mark.parametrize(("text", "number"), [("A", 0), ("B", 1), ("BA", 64), ("x2E", 49 * 64 * 64 + 54 * 64 + 4)])
def test_base64_numbers(text, number):
    assert b64_number(text) == number
    assert b64(number) == text


@pytest.mark.parametrize(
    ("headword", "renderings"),
    [
        ("budget", ["presupuesto"]),  # one sense, one rendering
        ("work", ["funcionar", "trabajar", "trabajo"]),  # first senses first, three at most
        ("job", ["trabajo", "cargo", "función"]),  # the truncated "job seeker" entry left out
        ("son", ["hijo"]),  # the stressed "son(-in-law)" entry left out
        ("labour exchange", ["bolsa de trabajo"]),  # a phrase that kept its words
        ("robbed", ["robadas al sueño", "hurtado"]),  # <f> and (notes) dropped
        ("never", ["jamás"]),  # "no...nunca" is no term
        ("how long", ["cuánto tiempo"]),  # question marks dropped
        ("zorblax", []),  # not in the dictionary
    ],
)
def test_lookup(dictionary, headword, renderings):
    assert dictionary.lookup(headword) == renderings


def test_the_database_entries_are_not_headwords(dictionary):
    assert "00databaseshort" not in dictionary
    assert len(dictionary) == 10


@pytest.mark.parametrize(
    ("word", "found"),
    [
        ("placed", "place"),  # -ed on a stem in -e
        ("activities", "activity"),  # -ies
        ("jobs", "job"),  # -s
        ("working", "work"),  # -ing
        ("budget", "budget"),  # itself
        ("zorblaxed", ""),  # nothing
    ],
)
def test_translate_tries_inflections(dictionary, word, found):
    assert dictionary.translate(word)[0] == found


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("planned", "plan"),  # a doubled consonant before -ed
        ("labour", "labor"),  # British and American spellings
        ("organise", "organize"),
        ("centre", "center"),
        ("boxes", "box"),
    ],
)
def test_inflections(word, form):
    assert inflections(word)[0] == word and form in inflections(word)


def test_phrases_are_matched_before_words(dictionary):
    tokens = ["the", "labour", "exchange", "of", "the", "budget"]
    stop = frozenset({"the", "of"})
    assert list(dictionary.phrases(tokens, stop)) == [
        ("labour exchange", ["bolsa de trabajo"]),
        ("budget", ["presupuesto"]),
    ]


def test_short_words_can_be_left_out(dictionary):
    assert list(dictionary.phrases(["job", "budget"], min_length=4)) == [("budget", ["presupuesto"])]


def test_an_uncompressed_dict_is_read_too(tmp_path):
    base = write_dictd(tmp_path / "plain", ["budget /bʌdʒət/\npresupuesto\n"], compressed=False)
    assert FreeDict.open(base).lookup("budget") == ["presupuesto"]


def test_parse_entry_without_a_sound():
    entry = parse_entry("poverty\npobreza\n")
    assert entry is not None and entry.headword == "poverty" and not entry.truncated
    assert entry.renderings() == ["pobreza"]


def test_open_dictionary_by_name_or_index_path(tmp_path):
    base = write_dictd(tmp_path / "d", ["budget /bʌdʒət/\npresupuesto\n"])
    for path in (base, tmp_path / "d.index"):
        found = open_dictionary(path)
        assert found is not None and found.lookup("budget") == ["presupuesto"]


@pytest.mark.parametrize(
    "path", [None, Path(""), Path("/nonexistent/freedict-eng-spa")], ids=["unset", "empty", "missing"]
)
def test_no_dictionary_is_said_once_and_searched_without(path, caplog):
    open_dictionary.cache_clear()
    with caplog.at_level(logging.INFO, logger="quipu.search.freedict"):
        assert open_dictionary(path) is None
        assert open_dictionary(path) is None
    assert len(caplog.records) == 1 and "dictionary" in caplog.records[0].getMessage()


@needs_freedict
@pytest.mark.parametrize(
    ("word", "spanish"),
    [
        ("poverty", "pobreza"),
        ("budget", "presupuesto"),
        ("workers", "trabajador"),  # a plural, found as its singular
        ("salary", "salario"),
        ("health", "salud"),
        ("school", "escuela"),
        ("son", "hijo"),  # not "yerno": the truncated "son-in-law" entry is left out
    ],
)
def test_the_installed_debian_dictionary(word, spanish):
    installed = open_dictionary(DEBIAN_DICTIONARY)
    assert installed is not None and len(installed) > 4000
    assert spanish in installed.translate(word)[1]


@needs_freedict
def test_an_english_query_is_expanded_with_the_installed_dictionary():
    from quipu.search.expansion import expand

    expansion = expand("How did the harvest by the river change?")  # the dictionary QUIPU_DICTIONARY_PATH names
    assert {"cosecha", "río"} <= set(expansion.dictionary)


@needs_freedict
@pytest.mark.parametrize(
    "word",
    [
        # "unemployment" is not in this small dictionary at all: the glossary translates it.
        "employment",  # only "employment exchange" (bolsa de trabajo), truncated to its first word
        "tooth",  # only "toothbrush" and "toothpaste", idem
    ],
)
def test_the_installed_dictionary_drops_truncated_phrases(word):
    installed = open_dictionary(DEBIAN_DICTIONARY)
    assert installed is not None and installed.lookup(word) == []
