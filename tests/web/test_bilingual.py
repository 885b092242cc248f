"""Every kind of page, fetched from the real server in English and in Spanish: each speaks one.

A page in one language must show no message of the other language's catalog (leaving out
the messages both languages write alike, and the placeholders of those that take
values). Text that comes from the documents is Spanish whatever the page's language, so
the passages, snippets, quotes, section titles, code and query text are not read; nor is
anything marked with another ``lang`` (the language switch, an error's own words), nor an
entity's other names.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import httpx
import pytest

from quipu.api.web.messages import catalog

pytestmark = pytest.mark.slow

# Elements whose text is the documents' (or a query's), not the interface's.
DATA_TAGS = {"textarea", "pre", "code", "blockquote", "mark", "cite", "script", "style", "svg"}
DATA_CLASSES = {"text", "snippet", "quote", "mention", "turtle", "alt-labels"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
SEPARATORS = re.compile(r"\s*(?:[:·—|()«»“”,;×§]|\s-\s)\s*")
NOT_COMPARED = {"this_language"}  # the switch names the other language in that language, on purpose


class _Segments(HTMLParser):
    """The interface's text of a page: its text and shown attributes, outside data and other languages."""

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[bool] = []  # per open element: is its content skipped?
        self.texts: list[str] = []

    def _skipped(self, tag: str, attrs: dict[str, str | None]) -> bool:
        classes = set((attrs.get("class") or "").split())
        other_language = attrs.get("lang") not in (None, self.lang) and tag != "html"
        section_title = (attrs.get("id") or "").startswith("s-") or (attrs.get("href") or "").startswith("#s-")
        return tag in DATA_TAGS or bool(classes & DATA_CLASSES) or other_language or section_title

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        skipped = (self.stack[-1] if self.stack else False) or self._skipped(tag, named)
        if not skipped:
            self.texts.extend(v for k, v in attrs if k in SHOWN_ATTRIBUTES and v)
        if tag not in VOID:
            self.stack.append(skipped)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip():
            self.texts.append(data)


def interface_text(html: str, lang: str) -> list[str]:
    """The pieces of interface text of a page in ``lang``, cut at separators (": ", " · " …)."""
    parser = _Segments(lang)
    parser.feed(html)
    pieces = []
    for text in parser.texts:
        pieces.append(" ".join(text.split()))
        pieces.extend(p for p in SEPARATORS.split(" ".join(text.split())) if p)
    return pieces


def _pattern(message: str) -> re.Pattern[str] | None:
    """What a message looks like on a page: its words, with anything where it takes a value."""
    parts = [literal for literal, *_ in string.Formatter().parse(message)]
    if sum(len(re.sub(r"\W", "", p)) for p in parts) < 4:
        return None  # too little of its own to recognise ("{label}: {value}")
    return re.compile(".+?".join(re.escape(p) for p in parts))


def foreign_messages(page_lang: str, other_lang: str) -> dict[str, re.Pattern[str] | str]:
    """The messages of ``other_lang`` a page in ``page_lang`` must not show, by id."""
    own = {text.casefold() for text in catalog(page_lang).messages.values()}
    found: dict[str, re.Pattern[str] | str] = {}
    for message_id, text in catalog(other_lang).messages.items():
        if message_id in NOT_COMPARED or text.casefold() in own:
            continue
        if "{" in text:
            if (pattern := _pattern(text)) is not None:
                found[message_id] = pattern
        elif re.search(r"\w\w", text) and not re.fullmatch(r"[A-Z0-9]+", text):
            found[message_id] = text  # (an acronym, "PIM", is both languages')
    return found


def leaks(html: str, page_lang: str, other_lang: str) -> list[str]:
    """The other language's messages a page shows: ``id: the text``."""
    pieces = interface_text(html, page_lang)
    found = []
    for message_id, message in foreign_messages(page_lang, other_lang).items():
        for piece in pieces:
            if isinstance(message, str):
                # A word or two must be a whole piece; a sentence may sit inside a longer one.
                hit = piece == message or (len(message.split()) >= 3 and message in piece)
            else:
                hit = message.search(piece) is not None
            if hit:
                found.append(f"{message_id}: {piece!r}")
                break
    return found


def page_lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found, "the page names no language"
    return found.group(1)


# ------------------------------------------------------------------ the pages


def page_urls(get: Callable[[str], httpx.Response]) -> Iterator[tuple[str, str, int]]:
    """(kind, URL, expected status) of one page of each kind, found through the site itself."""
    yield "home", "/", 200
    yield "search", "/?q=bolsa+de+trabajo", 200
    yield "search with a filter", "/?q=centro+de+empleo&type=informe+de+evaluaci%C3%B3n", 200
    documents = get("/documents").text
    yield "documents", "/documents", 200
    doc = re.search(r'href="(/documents/[^"#]+)"', documents)
    assert doc, "no document is listed"
    yield "document", doc.group(1), 200
    yield "entities", "/entities", 200
    yield "entities of a type", "/entities?type=country", 200
    yield "entity", "/entity/institution/mtpe", 200
    rows = get("/v1/observations").json()["results"]
    indicator = next(r["indicator_key"] for r in rows if r["value"] is not None and r["indicator_key"].startswith("indicator/"))
    yield "indicator", f"/entity/{indicator}", 200
    yield "SPARQL", "/query", 200
    yield "SPARQL example", "/query?example=plan-approvals", 200
    yield "SPARQL result", "/query?query=SELECT+%3Fs+WHERE+%7B+%3Fs+a+%3Fo+%7D+LIMIT+3", 200
    yield "SPARQL error", "/query?query=SELEC+%3Fx", 400
    yield "not found", "/entity/institution/no-such-thing", 404


@pytest.fixture(scope="module")
def pages(web_server: str) -> list[tuple[str, str, int]]:
    with httpx.Client(base_url=web_server, timeout=60) as client:
        return list(page_urls(client.get))


@pytest.mark.parametrize(("lang", "other"), [("en", "es"), ("es", "en")])
def test_each_page_speaks_one_language(web_server, pages, lang, other):
    problems = []
    with httpx.Client(base_url=web_server, timeout=60, headers={"Accept-Language": lang}) as client:
        for kind, url, status in pages:
            response = client.get(url)
            assert response.status_code == status, (kind, url, response.status_code)
            assert page_lang(response.text) == lang, (kind, url)
            assert response.headers["vary"] == "Accept-Language, Cookie", (kind, url)
            problems += [f"{kind} ({url}) {leak}" for leak in leaks(response.text, lang, other)]
    assert not problems, "\n".join(problems)


def test_english_is_chosen_by_the_header_or_by_an_english_question(web_server):
    with httpx.Client(base_url=web_server, timeout=60) as client:
        by_header = client.get("/?q=bolsa+de+trabajo", headers={"Accept-Language": "en-GB,en;q=0.9,es;q=0.5"})
        assert page_lang(by_header.text) == "en" and "Results for" in by_header.text
        by_question = client.get("/?q=Which+regions+did+the+VUPE+operate+in%3F")  # no Accept-Language
        assert page_lang(by_question.text) == "en" and "Results for" in by_question.text
        spanish = client.get("/?q=%C2%BFEn+qu%C3%A9+regiones+oper%C3%B3+la+VUPE%3F")
        assert page_lang(spanish.text) == "es" and "Resultados para" in spanish.text
        # The header outranks the question; ?lang= outranks both, and is remembered.
        assert page_lang(client.get("/?q=youth+employment", headers={"Accept-Language": "es"}).text) == "es"
        chosen = client.get("/?q=youth+employment&lang=es", headers={"Accept-Language": "en"})
        assert page_lang(chosen.text) == "es" and chosen.cookies.get("lang") == "es"


def test_numbers_and_names_follow_the_language(web_server):
    with httpx.Client(base_url=web_server, timeout=60) as client:
        spanish = client.get("/", headers={"Accept-Language": "es"}).text
        english = client.get("/", headers={"Accept-Language": "en"}).text
        passages = int(re.search(r"([\d.]+) pasajes", spanish).group(1).replace(".", ""))
        assert passages >= 1000  # big enough to be grouped
        assert f"{passages:,} passages" in english
        assert f"{passages:,}".replace(",", ".") + " pasajes" in spanish
        documents = client.get("/documents", headers={"Accept-Language": "en"}).text
        assert "<td>Evaluation report</td>" in documents and "<td>informe de evaluación</td>" not in documents
        countries = client.get("/entities?type=country", headers={"Accept-Language": "en"}).text
        assert ">United States<" in countries or ">Spain<" in countries
