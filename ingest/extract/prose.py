"""Indicator values stated in running prose rather than in tables.

Fact sheets, systematisations and evaluation reports state results in sentences. The
general patterns are built from the word lists of ``cues.toml`` ([values]):

* a result verb and a count: "se atendió a 2 300 personas", "atendieron en la sede
  1 150 jóvenes", "640 jóvenes obtuvieron empleo", "De ellos, 410 culminaron" (achieved;
  the noun of the last count stands in for "ellos");
* a subject and its value: "La tasa de colocación fue de 38,5 % en 2024", "El costo del
  curso ascendió a S/ 12 000" (achieved, cost when a money noun or sign says so,
  executionRate for "avance"/"ejecución" in percent); "Esa tasa …" is the last one named;
* a baseline or a target of the last indicator named: "tenía una línea de base de 29 %
  en 2020", "la meta para 2025 es de 45 %";
* a share: "el 38 % mujeres", "el 56 % de quienes culminaron fueron mujeres", "el 30 % de
  las consultas fueron de empresas" (achieved, in percent);
* a contribution to the programme the document is about: "la agencia X, que aportó US$
  300 000", "una donación de la agencia X por S/ 80 000" (cost of the programme, and the
  agency funds it);

and a few field-like forms:

* a field and an amount: "Presupuesto total: USD 1,200,000", "Segundo desembolso: 3 de
  mayo de 2021 USD 250,000" (cost, dated by the year printed with it);
* a list item and its count in brackets: "Talleres de oficios (420 capacitados)" (achieved);
* a coded logical-framework indicator opening with its target: "IC 2: 40% de jóvenes …";
* budgets of public bodies: "un PIA de S/ 12,500,000.00", "… y un PIM de S/
  13,100,000.00" (cost), "… con lo cual alcanza un avance del
  91.2% del PIM" (executionRate of the budget of the Pliego, or of the executing unit (UE) named).

Each rule is a pattern and a function that names the indicator from the match; the value is
read with :func:`.values.parse_value`. Labels that only make sense for one document's subject
("Presupuesto total") carry that subject in ``attributes["subject"]`` and a ``measures`` link.
Sentences inside a table are left to :mod:`.tables`.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass

from quipu.core.text import MONTH, MONTHS, NUMBER, fold, slug
from quipu.ingest.facts import Entity, Facts, Link, Observation, ObservationKind, rule
from quipu.ingest.models import Document

from . import verbs
from .record import add_link, add_mention, add_observation, compact_value
from .relations import CUES
from .spans import Intervals, Sentence, prose_sentences, span
from .topic import topic
from .values import parse_value

_NUM = r"(?:" + NUMBER + r")"  # grouped: NUMBER is an alternation
_MONEY = r"(?:USD|US\$|S/\.?)\s*" + _NUM
_RANGE = re.compile(
    rf"\bdesde\s+(?P<m1>{MONTH})\s+(?:de(?:l)?\s+)?(?P<y1>(?:19|20)\d{{2}})\s+(?:a|hasta|al)\s+(?P<m2>{MONTH})\s+(?:de(?:l)?\s+)?(?P<y2>(?:19|20)\d{{2}})",
    re.IGNORECASE,
)
# A year standing alone: not inside a norm number ("002-2024-TR") nor a date ("13.02.25").
_YEAR = re.compile(r"(?<![\d\-/.])((?:19|20)\d{2})(?![\d\-/])")


@dataclass(frozen=True)
class Found:
    """What a rule read: the indicator's name and the value as printed."""

    label: str
    kind: ObservationKind
    raw: str
    start: int  # offsets of the value in the sentence text
    end: int
    period: str | None = None
    aliases: tuple[str, ...] = ()
    scoped: bool = False  # the label names no subject: it is the document topic's
    unit: str | None = None
    of_subject: bool = False  # the value is the document topic's own (its cost), not an indicator's
    funder_before: int | None = None  # where the funder named before a contribution ends
    owner: str | None = None  # the key of the programme, service or plan whose own value this is
    rule: str = ""  # the rule's IRI, set by extract()


Rule = Callable[[re.Match[str], Sentence, "Context"], Found | None]


@dataclass
class Context:
    """What the rules may consult beyond their sentence."""

    document: Document
    facts: Facts
    subject: Entity | None
    owner: str | None = None  # whose budget the last budget sentence gave
    budget_owner: str | None = None  # the key of the plan the last budget sentence gave the budget of
    counted: str | None = None  # what the last count counted ("jóvenes"), for "De ellos, …" and shares
    counted_label: str | None = None  # and how it was counted ("Jóvenes colocados"), for shares of it
    last: str | None = None  # the last indicator a sentence named, for "Esa tasa …", "la meta …"
    institutions: Intervals | None = None  # their mentions by position, read on first need


def _period_of_range(text: str) -> str | None:
    found = _RANGE.search(text)
    if not found:
        return None
    m1, m2 = MONTHS[found.group("m1").lower()], MONTHS[found.group("m2").lower()]
    return f"{found.group('y1')}-{m1:02d}/{found.group('y2')}-{m2:02d}"


def _year_before(text: str, end: int) -> str | None:
    years = [m.group(1) for m in _YEAR.finditer(text, 0, end)]
    return years[-1] if years else None


def _capitalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-–")
    return text[:1].upper() + text[1:]


# ----------------------------------------------------------------------------- rules

_FIELD_MONEY = re.compile(
    r"(?<![\w])(?P<label>[A-ZÁÉÍÓÚ][a-záéíóúñ]+(?:\s+[A-Za-záéíóúñ]+){0,3})\s*:\s*"
    r"(?:\d{1,2}\s+(?:de\s+)?" + MONTH + r"\s+(?:de(?:l)?\s+)?(?P<year>(?:19|20)\d{2})\s+)?"
    r"(?P<raw>" + _MONEY + r")(?![\d,.])",
    re.IGNORECASE,
)
_MONEY_WORDS = re.compile(r"presupuesto|desembolso|costo|monto|aporte|financiamiento|inversi[oó]n|donaci[oó]n", re.IGNORECASE)


def _field_money(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    label = match.group("label")
    if not _MONEY_WORDS.search(label) or not label[0].isupper():
        return None
    return Found(_capitalise(label.lower()), "cost", match.group("raw"), match.start("raw"), match.end("raw"),
                 period=match.group("year"), scoped=True)


# "Pro joven emprendedor (950 capacitados)", "SOVIO –servicio … (350 jóvenes participantes)"
_COUNTED = re.compile(
    r"(?:^|[:,;(]\s*|\n)(?P<name>[A-ZÁÉÍÓÚ][\wáéíóúñ]*(?:\s+[\wáéíóúñ]+){0,3}?)\s*"
    r"(?:[-–—][^():;]{0,80}?)?[-–—]?\s*\(\s*(?P<raw>" + _NUM + r")\s+"
    r"(?P<what>(?:[a-záéíóúñ]+\s+){0,2}(?:participantes|capacitad[oa]s|beneficiari[oa]s|atendid[oa]s|insertad[oa]s|"
    r"colocad[oa]s|certificad[oa]s|formad[oa]s|inscrit[oa]s|asistentes|usuari[oa]s))\s*\)"
)


def _counted(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    label = f"{match.group('name').strip()}: {match.group('what')}"
    return Found(label, "achieved", match.group("raw"), match.start("raw"), match.end("raw"), unit="count")


# ----------------------------------------------------------------------------- general patterns
# Built from the word lists of cues.toml ([values]); each is a kind of sentence, tested on
# phrasings written for tests/extraction/test_extract_prose.py.

_LEXICON = tomllib.loads(CUES.read_text(encoding="utf-8"))["values"]
_VALUE = r"(?:(?:S/\.?|US\$|USD)\s*)?(?!(?:19|20)\d{2}\b)" + _NUM + r"(?:\s?%)?(?:\s+(?:millones|mil))?(?:\s+(?i:nuevos\s+soles|soles|d[oó]lares))?"
_MONEY_VALUE = r"(?:S/\.?|US\$|USD)\s*" + _NUM + r"(?:\s+(?:millones|mil))?"
_WORD = r"[a-záéíóúñü]+"
# A noun phrase of what was counted: words joined by "de"/"del", not crossing a clause.
# "colocó a 1 577 personas frente a una meta de 1 400": a comparison is no part of what was counted.
_STOP = r"(?!(?:que|y|e|en|durante|entre|con|para|a|al|lo|se|el|la|los|las|por|como|desde|hasta|fue|fueron|es|son|frente|respecto|sobre|seg[uú]n|superando|ante|mientras|pero|aunque|cuando|donde)\b)"
_NP = rf"{_STOP}{_WORD}(?:\s+(?:de(?:l)?\s+|en\s+)?{_STOP}{_WORD}){{0,4}}"
RESULT_VERB = r"(?:" + "|".join(_LEXICON["result_stems"]) + r")[a-záéíóú]*(?:ó|aron|ieron|ado|ados|ada|adas|ido|idos|ida|idas)"
_COPULA = r"(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(_LEXICON["copulas"], key=len, reverse=True)) + r")"
# What people earn: an amount said of it is a measurement ("El ingreso promedio … fue de S/ …").
_EARNINGS_NOUN = re.compile(r"(?:ingresos?|remuneraci[oó]n(?:es)?|salarios?|sueldos?|jornal(?:es)?)\b", re.IGNORECASE)
_MONEY_NOUN = re.compile(r"\b(?:" + "|".join(_LEXICON["money_nouns"]) + r")\b", re.IGNORECASE)
_RATE_NOUN = re.compile(r"^(?:" + "|".join(_LEXICON["rate_nouns"]) + r")\b", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"\b(?:entre|de(?:sde)?)\s+(?:el\s+)?(?P<a>(?:19|20)\d{2})\s+(?:y|a|al|hasta)\s+(?:el\s+)?(?P<b>(?:19|20)\d{2})\b", re.IGNORECASE)

# "se atendió a 2 300 personas", "atendieron en el centro 1 150 jóvenes": a result verb, then the count and what was counted.
_VERB_COUNT = re.compile(
    rf"\b(?:se\s+|han\s+sido\s+|fueron\s+|ha\s+|han\s+)?(?P<verb>{RESULT_VERB})\b(?:\s+(?:apenas|solo|s[oó]lo|casi|[a-záéíóú]+mente))?(?:\s+(?:en|a\s+trav[eé]s\s+de|durante|con)\s+[^\d.;:]{{0,40}}?)?"
    rf"\s+(?:a\s+)?(?:un\s+total\s+de\s+|m[aá]s\s+de\s+|cerca\s+de\s+)?(?P<raw>{_VALUE})\s+(?P<np>{_NP})",
    re.IGNORECASE,
)
# "1 150 jóvenes culminaron el curso", "De ellos, 640 obtuvieron empleo": the count, what was counted, the verb.
_COUNT_VERB = re.compile(
    rf"(?:^|[\s,;:(])(?P<raw>(?!(?:19|20)\d{{2}}\b){_NUM})\s+(?:(?P<np>{_NP})\s+)?(?:se\s+|fueron\s+|han\s+sido\s+)?(?P<verb>{RESULT_VERB})\b(?P<object>[^.;,\d]{{0,60}})",
    re.IGNORECASE,
)
# "La tasa de colocación fue de 38,5 % en 2024", "El costo del curso ascendió a S/ 12 000".
_SUBJECT_VALUE = re.compile(
    rf"(?:^|(?<=[\s•(])|(?<=^)(?:En|Durante|Hacia|Al\s+cierre\s+de)\s+(?:el\s+)?(?:a[ñn]o\s+)?(?:19|20)\d{{2}},?\s+(?=la\s|el\s))"
    rf"(?:La|El|Las|Los|Esta|Este|Esa|Ese|Dicha|Dicho|Su|la|el)\s+(?P<subject>{_WORD}(?:\s+(?!{_COPULA}\b)[\w%áéíóúñ\-]+){{0,12}}?)(?:,\s+[^,.;]{{3,60}},)?\s+"
    rf"(?P<copula>{_COPULA})\s+(?:a\s+)?(?:un\s+(?:total\s+de\s+)?|el\s+)?(?P<raw>{_VALUE})",
)
# "… tenía una línea de base de 29 % en 2020", "la meta para 2025 es de 45 %".
_BASELINE = re.compile(rf"\bl[ií]nea\s+(?:de\s+)?base\s+(?:\w+\s+){{0,2}}?(?:de|era\s+de|era|fue\s+de|fue|:)\s+(?P<raw>{_VALUE})", re.IGNORECASE)
_TARGET = re.compile(
    rf"\bmeta(?:s)?\s+(?:anual\s+)?(?:(?:para|al|del?)\s+(?:el\s+)?(?:a[ñn]o\s+)?(?P<year>(?:19|20)\d{{2}})\s+)?(?:\w+\s+){{0,2}}?(?:es|era|fue|ser[aá]|asciende\s+a|de|:)\s+(?:de\s+)?(?P<raw>{_VALUE})",
    re.IGNORECASE,
)
# "el 56 % de quienes culminaron fueron mujeres", "el 38 % mujeres": a share of what came before.
_SHARE = re.compile(
    rf"\b(?:el|un)\s+(?P<raw>{_NUM}\s?%)\s+(?:de\s+(?:los|las)\s+(?P<of>{_WORD})\s+|de\s+(?:quienes|ellos|ellas|estos|estas)\b[^,.;%]{{0,50}}?\s+)?(?:(?:eran|fueron|son|fue|es|correspondi[oó]|correspondieron|corresponde[n]?)\s+)?(?:(?P<prep>a|para)\s+)?(?P<group>{_WORD}(?:\s+{_WORD}){{0,3}}?)(?=\s*[,.;)]|\s+(?:y|e|lo|que|del|de)\b|$)",
    re.IGNORECASE,
)
# "la agencia X, que aportó US$ 300 000", "una donación de la agencia X por US$ 300 000".
_FUNDING = re.compile(
    r"\b(?:(?:" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in _LEXICON["funding_verbs"]) + r")\s+(?:un\s+monto\s+de\s+|la\s+suma\s+de\s+)?"
    r"|(?:" + "|".join(_LEXICON["funding_nouns"]) + r")\s+(?:de\s+[^.;]{0,90}?\s+)?(?:por|de|ascendente\s+a)\s+)"
    r"(?P<raw>" + _MONEY_VALUE + r")",
    re.IGNORECASE,
)
_SHARE_GROUPS = {fold(g) for g in _LEXICON["share_groups"]}
_HYPHEN_RANGE = re.compile(r"\b(?:periodo|per[ií]odo|horizonte|vigencia)\s+(?:de\s+)?((?:19|20)\d{2})\s?[-–]\s?((?:19|20)\d{2})\b", re.IGNORECASE)
_TIME_UNITS = {fold(u) for u in _LEXICON["time_units"]}


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;:.-–")


def _period_near(text: str, start: int, end: int) -> str | None:
    """The years a sentence dates its value with: a range ("entre 2022 y 2023"), else the
    year nearest the value."""
    found = _YEAR_RANGE.search(text)
    if found:
        return f"{found.group('a')}-{found.group('b')}"
    hyphened = _HYPHEN_RANGE.search(text)
    if hyphened:
        return f"{hyphened.group(1)}-{hyphened.group(2)}"  # "para el periodo 2023-2025"
    years = [(abs(m.start() - start) if m.start() >= end else abs(start - m.end()), m.group(1)) for m in _YEAR.finditer(text)]
    return min(years)[1] if years else None


# Participles that do not end in -ado/-ido.
_IRREGULAR = {"inscrib": "inscritos", "escrib": "escritos", "abr": "abiertos", "cubr": "cubiertos", "resolv": "resueltos",
              "devolv": "devueltos", "hic": "hechos", "hiz": "hechos", "dij": "dichos", "pus": "puestos",
              "consigu": "conseguidos", "obtuv": "obtenidos"}


# A subject that is the whole cost of what it names, not the cost of a part of it.
_WHOLE_COST = re.compile(r"^(?:presupuesto|costo\s+total|coste\s+total|monto\s+total|financiamiento|inversi[oó]n\s+total)\b", re.IGNORECASE)


def participle(verb: str) -> str:
    """ "colocaron" → "colocados", "atendió" → "atendidos": the label of what a result verb counted."""
    verb = verb.lower()
    for stem, participle in _IRREGULAR.items():
        if re.fullmatch(stem + r"(?:i[oó]|ieron|ido|idos|ida|idas|o|a|ieron)", verb):
            return participle
    for ending in ("ados", "adas", "idos", "idas", "ado", "ada", "ido", "ida"):
        if verb.endswith(ending):
            return verb[: -len(ending)] + ending.rstrip("s") + "s" if not ending.endswith("s") else verb
    if re.search(r"(?:benefici|intermedi|financi|ampli|negoci|inici|envi|vari)ó$", verb):
        return verb[:-1] + "ados"  # "benefició": a verb in -iar, not in -er
    for ending, replacement in (("aron", "ados"), ("ieron", "idos"), ("ió", "idos"), ("ó", "ados")):
        if verb.endswith(ending):
            return verb[: -len(ending)] + replacement
    return verb


_MASCULINE_IN_A = {"programas", "sistemas", "días", "dias", "problemas", "temas", "mapas", "planetas"}
_FEMININE = {"mujer", "mujeres", "madre", "madres", "red", "redes", "sede", "sedes", "mype", "mypes", "mipyme", "mipymes", "clase", "clases"}


def agree(form: str, noun: str) -> str:
    """A participle in the gender of the noun it follows: "ferias organizadas", "cursos dictados"."""
    word = noun.lower()
    feminine = word in _FEMININE or word not in _MASCULINE_IN_A and word.endswith(("a", "as", "ión", "iones", "dad", "dades", "tud", "tudes"))
    if feminine and re.search(r"(?:[ai]d|t|ch)os?$", form):  # "colocadas", "inscritas", "hechas"
        return re.sub(r"o(s?)$", r"a\1", form)
    return form


def _verb_count(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    np = re.sub(r"\s+(?:de|del|en|a|al|con|para|por)$", "", _clean(match.group("np")))  # "personas de | 30 años o más": not "personas de"
    if np and (fold(np.split()[0]) in _TIME_UNITS or fold(np.split()[0]) in ("mil", "millones", "millon")):
        return None  # "3 mil …": the number goes on in words
    if re.fullmatch(r"(?:19|20)\d{2}", match.group("raw")) or not np:
        return None
    # "se colocó a 1 240 jóvenes en un empleo formal": "Jóvenes colocados en un empleo formal".
    head = re.split(r"\s+(?=(?:en|a|al|por|para|con|sin)\s)", np, maxsplit=1)[0]
    rest = np[len(head):].strip()
    agreed = agree(participle(match.group("verb")), head.split()[0])
    words = head.split()
    if len(words) > 1 and re.search(r"(?:ad|id)[oa]s?$", words[1]):
        # "vacantes ofrecidas por …": what was counted, then the verb's participle, then the rest
        head, rest = words[0], f"{' '.join(words[1:])} {rest}".strip()
    counted = f"{head} {agreed}"
    actor = None if match.group(0).lower().startswith(("se ", "fueron ", "han sido ")) else _actor(sentence, context, match.start("verb"))
    if actor is not None and not rest:
        # "la VEA colocó a 1 577 personas": "Personas colocadas por la VEA". No measures link: the
        # development sets annotate one for a few of these indicators only (6 of 47 measured).
        counted = f"{counted} por {actor}"
    context.counted, context.counted_label = np, _capitalise(counted)
    label = _capitalise(f"{counted} {rest}".strip())
    period = _period_near(sentence.text, match.start("raw"), match.end("raw"))
    return Found(label, "achieved", match.group("raw").strip(), match.start("raw"), match.end("raw"), period=period,
                 unit="percent" if "%" in match.group("raw") else "count")


# Between the one who acted and its verb: its acronym, a time ("en 2026", "durante el año").
_BEFORE_VERB = re.compile(
    r"^\s*\)?\s*(?:\([^)]{1,20}\))?\s*(?:,?\s*(?:en|durante|entre)\s+(?:el\s+)?(?:a[ñn]o\s+)?(?:19|20)\d{2}(?:\s+y\s+(?:19|20)\d{2})?\s*,?)?\s*$",
    re.IGNORECASE,
)


def _actor(sentence: Sentence, context: Context, verb: int) -> str | None:
    """How the sentence names, with its article ("la VEA"), the programme or service that is
    the subject of the verb at ``verb`` (sentence offset), named right before it."""
    lo = sentence.passage.start + sentence.start
    best = _last_mention(sentence, context, ("programme", "service"), verb)
    if best is None or not _BEFORE_VERB.match(sentence.text[best[1] - lo : verb]):
        return None
    start, end = best[0] - lo, best[1] - lo
    # "el Programa X (PX) capacitó": the name, not the acronym that follows it
    bracket = re.search(r"\s*\(\s*$", sentence.text[:start])
    if bracket:
        named = [m.start - lo for m in context.facts.entities[best[2]].mentions if m.end - lo == bracket.start()]
        start, end = (named[0], bracket.start()) if named else (start, end)
    name = sentence.text[start:end]
    article = re.search(r"\b(el|la|los|las)\s+$", sentence.text[:start], re.IGNORECASE)
    return f"{article.group(1).lower()} {name}" if article else name


def _count_verb(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    raw = match.group("raw")
    np = _clean(match.group("np") or "") or context.counted
    if np and fold(np.split()[0]) in _TIME_UNITS:
        return None  # "en 18 meses lograron …": a duration, not a result
    if not np or re.fullmatch(r"\d{1,2}", raw) and not match.group("np"):
        return None
    context.counted = np
    what = _clean(f"{match.group('verb')} {match.group('object')}")
    # "1 200 buscadores colocados en …" names them with the participle; "410 culminaron …" with "que".
    joiner = "" if re.search(r"(?:ad|id)[oa]s?$", match.group("verb"), re.IGNORECASE) else "que "
    label = _capitalise(f"{np} {joiner}{' '.join(what.split()[:6])}")
    context.counted_label = label
    period = _period_near(sentence.text, match.start("raw"), match.end("raw"))
    return Found(label, "achieved", raw, match.start("raw"), match.end("raw"), period=period, unit="count")


def _subject_value(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    # The subject ends where its time or place begins: "realizadas desde marzo 2021 a …", "en 2023".
    whole = match.group("subject")
    subject = _clean(re.split(r"\s+(?:desde|durante|hasta|entre|en\s+el\s+periodo|(?:en|para|al)\s+(?:el\s+)?(?:a[ñn]o\s+)?(?:19|20)\d{2})\b", whole)[0])
    # "el número de consultas atendidas en la sede": what was counted ends at its participle.
    cut = re.split(r"(?<=\w)\s+(?=[a-záéíóúñ]+(?:ad|id)[oa]s\b)", subject, maxsplit=1)[0] if len(subject.split()) > 2 else subject
    if not re.search(r"\s(?:de|del|la|las|los|el|en|a|al|y)$", cut) and not _EARNINGS_NOUN.match(subject):
        # not "la tasa … de los | egresados": the participle is a noun there; and an income's
        # participle says whose it is ("… de los jóvenes colocados")
        subject = cut
    raw = match.group("raw").strip()
    if not subject or re.fullmatch(r"(?:19|20)\d{2}", raw) or re.search(r"\s(?:de|del|la|las|los|el|en|a|al|y)$", subject):
        return None  # "El número de … fue de": a subject cut before its noun names nothing
    costs = re.match(r"cost[oó]|tuvo\s+un\s+costo|demand[oó]", match.group("copula"), re.IGNORECASE)
    if costs:
        subject = f"costo de {subject}"
    kind: ObservationKind
    if re.match(r"(?:devengado|ejecuci[oó]n\s+(?:financiera|presupuestal)|gasto\s+ejecutado)\b", subject, re.IGNORECASE) and re.match(r"(?:S/|US\$|USD)", raw):
        kind, unit = "budgetAccrued", ("USD" if re.match(r"US\$|USD", raw) else "PEN")  # what was spent
        owner = _named_in(sentence, context, ("programme", "service", "plan"), match.start("raw")) or context.budget_owner or _only_poi(context)
        if owner is not None:
            period = _period_of_range(whole) or _period_near(sentence.text, match.start("raw"), match.end("raw"))
            return Found(context.facts.entities[owner].label, kind, raw, match.start("raw"), match.end("raw"), period=period,
                         unit=unit, owner=owner)
    elif not costs and _EARNINGS_NOUN.match(subject) and re.match(r"(?:S/|US\$|USD)", raw):
        # "El ingreso promedio mensual … fue de S/ 1 097.20": what people earn is measured, not spent
        kind, unit = "achieved", ("USD" if re.match(r"US\$|USD", raw) else "PEN")
    elif costs or _MONEY_NOUN.search(subject) or re.match(r"(?:S/|US\$|USD)", raw):
        kind, unit = "cost", ("USD" if re.match(r"US\$|USD", raw) else "PEN")
    elif "%" in raw and _RATE_NOUN.match(subject):
        kind, unit = "executionRate", "percent"
    else:
        kind, unit = "achieved", "percent" if "%" in raw else "count"
    if kind == "cost" and _WHOLE_COST.match(subject):
        # "El presupuesto del SCCL fue de …", "El costo total del plan asciende a …": its own cost.
        owner = _named_in(sentence, context, ("programme", "service", "plan"), match.start("raw"))
        if owner is None and context.subject is not None and re.search(r"\bdel?\s+(?:la\s+)?(?:plan|programa|proyecto|servicio)\b", subject, re.IGNORECASE):
            owner = context.subject.key
        if owner is not None:
            period = _period_of_range(whole) or _period_near(sentence.text, match.start("raw"), match.end("raw"))
            return Found(context.facts.entities[owner].label, kind, raw, match.start("raw"), match.end("raw"), period=period,
                         unit=unit, owner=owner)
    if re.match(r"(?:esa|ese|esta|este|dicha|dicho)\b", match.group(0), re.IGNORECASE) and context.last is not None:
        subject = context.last  # "Esa tasa …": the indicator the sentence before named
    context.last = _capitalise(subject)
    period = _period_of_range(whole) or _period_near(sentence.text, match.start("raw"), match.end("raw"))
    return Found(_capitalise(subject), kind, raw, match.start("raw"), match.end("raw"), period=period, unit=unit, scoped=True)


def _stated_level(kind: ObservationKind) -> Rule:
    def read(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
        if context.last is None:
            return None
        year = match.groupdict().get("year") or _period_near(sentence.text, match.start("raw"), match.end("raw"))
        raw = match.group("raw").strip()
        return Found(context.last, kind, raw, match.start("raw"), match.end("raw"), period=year,
                     unit="percent" if "%" in raw else None, scoped=True)  # the same indicator as the sentence before

    read.__name__ = f"stated_{kind}"
    return read


def _share(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    # "de quienes culminaron fueron mujeres": the group is what follows the copula.
    parts = re.split(r"\b(?:eran|fueron|son|fue|es|correspondi[oó]|correspondieron)\s+", match.group(0))
    group = _clean(re.split(r"\b(?:eran|fueron|son|fue|es)\s+", match.group("group"))[-1])
    stated = len(parts) > 1 or match.group("prep")
    if not stated and fold(group) not in _SHARE_GROUPS:
        return None  # "el 74 % provienen …": no group the share is of
    prep = f"{match.group('prep')} " if match.group("prep") else ""
    if match.group("of"):
        label = f"% de {match.group('of')} {prep}{group}"  # "el 30 % de las consultas fueron de empresas"
        return Found(label, "achieved", match.group("raw").replace(" ", ""), match.start("raw"), match.end("raw"),
                     unit="percent", scoped=True)
    else:
        whole = context.counted_label or context.counted or context.last
        if not group or whole is None:
            return None
        label = _capitalise(f"{whole}: {prep}{group} (%)")
    return Found(label, "achieved", match.group("raw"), match.start("raw"), match.end("raw"), unit="percent", scoped=True,
                 period=_period_near(sentence.text, match.start("raw"), match.end("raw")))


def _funding(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    raw = match.group("raw").strip()
    unit = "USD" if re.match(r"US\$|USD", raw) else "PEN"
    near = _named_in(sentence, context, ("programme", "service"), match.start()) or _named_just_before(sentence, context)
    period = _period_near(sentence.text, match.start("raw"), match.end("raw"))
    if near is not None and (context.subject is None or near != context.subject.key):
        return Found(context.facts.entities[near].label, "cost", raw, match.start("raw"), match.end("raw"), unit=unit,
                     owner=near, funder_before=match.start(), period=period)
    if context.subject is None:
        return None
    return Found(context.subject.label, "cost", raw, match.start("raw"), match.end("raw"), unit=unit, of_subject=True,
                 funder_before=match.start(), period=period)


# "X cofinanció el Proyecto Y con S/ 310 000", "asignó al Programa Y S/ 486 200", "financiará
# el Servicio Y con …": the amount is the cost borne for the programme or service named between
# the verb and the amount; the funder is the body before the verb.
_FUNDED_WITH = re.compile(
    r"\b(?:(?:co)?financi(?:ó|o|a|an|aron|ará|arán|aba|aban)|asign(?:ó|a|an|aron|ará|arán)|destin(?:ó|a|an|aron|ará|arán))"
    r"\s+(?:a\s+la|a\s+los|a\s+las|al|a|el|la|los|las)\s+(?P<what>[^.;:]{2,90}?)\s+(?:con\s+)?(?:un\s+monto\s+de\s+|la\s+suma\s+de\s+)?"
    r"(?P<raw>" + _MONEY_VALUE + r")"
)
# "…, y la Municipalidad Z con S/ 85 500": another funder of the same thing, the verb left out.
_GAPPED_FUNDING = re.compile(r",?\s+(?:y|e)\s+(?:la|el|los|las)?\s*[^.;:]{2,90}?\s+con\s+(?P<raw>" + _MONEY_VALUE + r")")


def _funded_thing(sentence: Sentence, context: Context, what: int, raw: int) -> str | None:
    """The programme or service named first between a funding verb and its amount (the
    longest name that starts there, not a shorter one nested inside it)."""
    lo = sentence.passage.start + sentence.start
    best: tuple[int, int, str] | None = None
    for entity in context.facts.entities.values():
        if entity.type in ("programme", "service"):
            for mention in entity.mentions:
                if lo + what <= mention.start and mention.end <= lo + raw:
                    candidate = (mention.start, -(mention.end - mention.start), entity.key)
                    best = candidate if best is None or candidate < best else best
    return best[2] if best else None


def _funded_with(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    owner = _funded_thing(sentence, context, match.start("what"), match.start("raw"))
    return None if owner is None else _cost_for(owner, match, sentence, context, funder_before=match.start())


def _gapped_funding(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    earlier = [m for m in _FUNDED_WITH.finditer(sentence.text[: match.start()]) if m.end() <= match.start() + 1]
    if not earlier or sentence.text[earlier[-1].end() : match.start()].strip(" ,"):
        return None  # the clause must follow the funded amount right away
    owner = _funded_thing(sentence, context, earlier[-1].start("what"), earlier[-1].start("raw"))
    return None if owner is None else _cost_for(owner, match, sentence, context, funder_before=match.start("raw"))


def _cost_for(owner: str, match: re.Match[str], sentence: Sentence, context: Context, funder_before: int) -> Found:
    """The amount of ``match`` as the cost borne for ``owner``, its funder named before ``funder_before``."""
    raw = match.group("raw").strip()
    return Found(context.facts.entities[owner].label, "cost", raw, match.start("raw"), match.end("raw"),
                 unit="USD" if re.match(r"US\$|USD", raw) else "PEN", owner=owner, funder_before=funder_before,
                 period=_period_near(sentence.text, match.start("raw"), match.end("raw")))


_JUST_BEFORE = 400  # characters back to the programme a sentence without one goes on about


def _named_just_before(sentence: Sentence, context: Context) -> str | None:
    """The programme or service named last in the few lines before the sentence."""
    lo = sentence.passage.start + sentence.start
    best: tuple[int, str] | None = None
    for entity in context.facts.entities.values():
        if entity.type in ("programme", "service"):
            for mention in entity.mentions:
                if lo - _JUST_BEFORE <= mention.start < lo and (best is None or mention.start > best[0]):
                    best = (mention.start, entity.key)
    return best[1] if best else None


# "• IC 2: 40% de jóvenes egresados …": a coded indicator opening with its target.
_CODED = re.compile(
    r"^[•\-–*\s]*(?P<code>I[A-Z]{0,2})\s?(?P<n>\d{1,2})\s*:\s*(?P<raw>" + _NUM + r")(?P<pct>\s?%)?\s+(?P<rest>\S[^\n]{5,})"
)


def coded_key(code: str, number: str) -> str:
    """One key for "IP 1", "IP1" and "IP 01", shared with :mod:`.cards`."""
    return f"indicator/{code.lower()}-{int(number)}"


def _coded(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    code = f"{match.group('code')} {int(match.group('n'))}"
    rest = re.sub(r"\s+", " ", sentence.text[match.start("rest") :]).strip(" .")
    what = f"% {rest}" if match.group("pct") else f"Número de {rest}"
    raw = match.group("raw") + (match.group("pct") or "").strip()
    return Found(f"{code}: {what}", "target", raw, match.start("raw"), match.end("pct") if match.group("pct") else match.end("raw"),
                 aliases=(code, code.replace(" ", "")), unit="percent" if match.group("pct") else "count")


# "un PIA de S/ 12,500,000.00", "un PIM de S/ 13,100,000.00", the names written out too
_BUDGET = re.compile(
    r"\b(?:(?P<pia>PIA|[Pp]resupuesto\s+[Ii]nstitucional\s+de\s+[Aa]pertura(?:\s*\(PIA\))?)|"
    r"(?P<pim>PIM|[Pp]resupuesto\s+[Ii]nstitucional\s+[Mm]odificado(?:\s*\(PIM\))?))(?:\s+(?:de|del|para)\s+[^.;:]{0,100}?)?"
    r"\s+(?:fue\s+de|es\s+de|era\s+de|de|por|ascendente\s+a|ascendi[oó]\s+a|asciende\s+a)\s+(?P<raw>S/\.?\s*" + _NUM + r")"
)
_UNIT = re.compile(r"\bU(?:nidad)?\s*E(?:jecutora)?\b|\bUE\b")
# A part of the budget (an objective's, an action's, a unit's), not the institution's.
_PART = re.compile(r"\bUnidad(?:es)?\s+Ejecutoras?\b|\bUE\b|\b[OA]EI\b")
_VERSION_WINDOW = 300
_VERSION = re.compile(r"\bversi[oó]n\s*(?:N[°º]\s*)?(?P<n>\d{1,2})\b", re.IGNORECASE)


def _owner(sentence: Sentence, context: Context, end: int) -> str | None:
    """The acronym (or name) of the last institution the sentence names before ``end``."""
    lo = sentence.passage.start + sentence.start
    if context.institutions is None:
        # Only the mentions near the sentence count: scanning all of them for each budget
        # sentence grew with the square of the document. Ties go to the first in
        # (entity, mention) order, as the scan had it.
        context.institutions = Intervals()
        entities = (e for e in context.facts.entities.values() if e.type == "institution")
        for order, entity in enumerate(entities):
            for number, mention in enumerate(entity.mentions):
                context.institutions.add(mention.start, mention.end, (order, number, entity))
    best: tuple[int, int, int, Entity] | None = None
    for start, stop, (order, number, entity) in context.institutions.near(lo, lo + end):
        if lo <= start and stop <= lo + end and (best is None or (-start, order, number) < best[:3]):
            best = (-start, order, number, entity)
    return str(best[3].attributes.get("acronym") or best[3].label) if best else None


def _budget(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    if _PART.search(sentence.text) or len(_BUDGET.findall(sentence.text)) > 1:
        return None  # a part of the budget, or a change from one amount to another
    name = "Presupuesto Institucional de Apertura (PIA)" if match.group("pia") else "Presupuesto Institucional Modificado (PIM)"
    year = _year_before(sentence.text, match.start("raw"))  # "El PIM de … para 2025 fue de …"
    owner = _owner(sentence, context, match.start("raw")) or context.owner
    context.owner = owner
    label = " ".join(p for p in (name, year, f"del {owner}" if owner else None) if p)
    # The version is named in the sentence, or in the lines just before it when a PDF's
    # line breaks cut the statement ("… POI 2024 Actualizado Versión 2 … | y un PIM de …").
    lo = sentence.passage.start + sentence.start
    window = context.document.text[max(0, lo - _VERSION_WINDOW) : lo] + sentence.text[: match.start()]
    versions = list(_VERSION.finditer(window))
    version = versions[-1] if versions else None
    stated = _VERSION.search(sentence.text, 0, match.start())  # the sentence itself names the version
    qualifier = f" (POI versión {version.group('n')})" if version and match.group("pim") else ""
    label += qualifier  # the PIM changes with each version of the plan
    short = "PIA" if match.group("pia") else "PIM"
    kind: ObservationKind = "budgetOpening" if match.group("pia") else "budgetModified"
    return Found(label, kind, match.group("raw"), match.start("raw"), match.end("raw"), period=year,
                 # one alias per version, or resolution would merge the versions' budgets
                 aliases=tuple(a for a in (f"{short} {year} del {owner}{qualifier}" if year and owner else None,) if a), unit="PEN",
                 # the PIM of a version of the plan is that version's; a body's budget is its plan's
                 # when the document has one plan; else the plan named
                 owner=_version_plan(context, year, stated) if qualifier else _only_poi(context) if owner
                 else _plan_in(sentence, context) or _only_poi(context))


def _version_plan(context: Context, year: str | None, version: re.Match[str] | None) -> str | None:
    """The key of the version of the year's operational plan, when the document names it."""
    key = f"plan/poi-{year}-v{version.group('n')}" if year and version else None
    return key if key in context.facts.entities else None


# "… con lo cual equivale a un avance del 91.2% del PIM" (also "financiero", "presupuestal")
_ADVANCE = re.compile(r"\b(?:equivale|corresponde|representa)\s+a?\s*un\s+avance\s+(?:financier[oa]\s+|presupuestal\s+|de\s+ejecuci[oó]n\s+)?del?\s+(?P<raw>" + _NUM + r"\s?%)")
_PLIEGO = re.compile(r"\bPliego\s+(?P<n>\d{3})\s*:?\s*(?P<who>[A-Z][A-Z-]{1,12})\b")
_UE_NUMBER = re.compile(r"\b(?:Unidad\s+Ejecutora|UE)\s*:?\s*(?P<n>\d{3})\s*-\s*\d+")
_UE_NAME = re.compile(r"\bUE\s*:?\s*\d{1,3}\s*:\s*\d+\s*(?:[\"“](?P<quoted>[^\"”]{3,60})[\"”]|(?P<code>[A-Z][A-Z-]{1,15})\b)")
_PLIEGO_WINDOW = 800


def _advance(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    text = sentence.text
    year = _year_before(text, match.start())
    if _UNIT.search(text):
        number, name = _UE_NUMBER.search(text), _UE_NAME.search(text)
        if not number or not name:
            return None
        who = re.sub(r"\s+", " ", name.group("quoted") or name.group("code"))
        label = f"Avance financiero UE {number.group('n')} {who}"
    else:
        start = sentence.passage.start + sentence.start
        window = context.document.text[max(0, start - _PLIEGO_WINDOW) : start + match.start()]
        pliegos = list(_PLIEGO.finditer(window))
        if not pliegos:
            return None
        label = f"Ejecución presupuestal del Pliego {pliegos[-1].group('n')} {pliegos[-1].group('who')}"
    return Found(label, "executionRate", match.group("raw").replace(" ", ""), match.start("raw"), match.end("raw"),
                 period=year, unit="percent")


def _only_poi(context: Context) -> str | None:
    """The document's operational plan, when it names exactly one (no versions): the budget
    figures of a report belong to it."""
    plans = [k for k, e in context.facts.entities.items() if e.type == "plan" and e.attributes.get("plan_kind") == "POI"]
    return plans[0] if len(plans) == 1 else None


def _plan_in(sentence: Sentence, context: Context) -> str | None:
    """The plan a sentence names ("El POI 2025 se formuló con un PIA de …"), whose budget it gives."""
    return _named_in(sentence, context, ("plan",), len(sentence.text))


def _named_in(sentence: Sentence, context: Context, types: tuple[str, ...], end: int) -> str | None:
    """The key of the last entity of ``types`` the sentence names before ``end``."""
    best = _last_mention(sentence, context, types, end)
    return best[2] if best else None


def _last_mention(sentence: Sentence, context: Context, types: tuple[str, ...], end: int) -> tuple[int, int, str] | None:
    """(start, end, key), in document offsets, of the last mention of an entity of ``types`` that
    the sentence holds before ``end`` (a sentence offset)."""
    lo = sentence.passage.start + sentence.start
    best: tuple[int, int, str] | None = None
    for entity in context.facts.entities.values():
        if entity.type in types:
            for mention in entity.mentions:
                if lo <= mention.start and mention.end <= lo + end and (best is None or mention.start > best[0]):
                    best = (mention.start, mention.end, entity.key)
    return best


# "El proyecto contó con un presupuesto total de USD 1 850 000", "Su presupuesto fue de …":
# the budget of the programme, service or plan the sentence names (else the document's).
_OWN_BUDGET = re.compile(
    r"\b(?:un|el|su|Su|El)\s+presupuesto(?:\s+(?:total|anual|global|asignado|de\s+inversi[oó]n))?"
    r"(?:\s+(?:del?\s+[^.;]{1,40}?\s+)?(?:para|en)\s+(?:el\s+)?(?:periodo|per[ií]odo|a[ñn]o)?\s*(?:19|20)\d{2}(?:\s?[-–]\s?(?:19|20)\d{2})?)?"
    r"\s+(?:fue\s+de|es\s+de|era\s+de|de|ascendi[oó]\s+a|asciende\s+a|por)\s+(?P<raw>" + _MONEY_VALUE + r")"
)


def _own_budget(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    owner = _named_in(sentence, context, ("programme", "service", "plan"), match.start("raw")) or _named_just_before(sentence, context) or (
        context.subject.key if context.subject is not None else None)
    if owner is None:
        return None
    raw = match.group("raw").strip()
    unit = "USD" if re.match(r"US\$|USD", raw) else "PEN"
    period = _period_of_range(match.group(0)) or _period_near(sentence.text, match.start("raw"), match.end("raw"))
    return Found(context.facts.entities[owner].label, "cost", raw, match.start("raw"), match.end("raw"), period=period,
                 unit=unit, owner=owner)


# What was spent, budgeted or executed, said with a verb of the budget cycle: "En 2024 se
# devengaron S/ 3 306 057.10", "a junio se había ejecutado US$ 2 695 335.75" (accrued);
# "con un presupuesto aprobado de USD 2 650 000", "cuyo costo total asciende a S/ …",
# "demandará S/ … en el año fiscal 2027", "por un monto total de …" (cost); "consignó S/ 540
# 000 en su PIA 2026" (opening budget); "es decir, el 93,6 % del PIM", "el avance financiero
# llegaba a 47,8 %" (execution rate). The figure belongs to the programme, service or plan the
# sentence names before it, else the one named just before, else the document's subject.
_SPENT = r"(?:se\s+)?(?:devengaron|devengó|(?:ha|han|había|habían)\s+devengado|(?:se\s+)?(?:ejecutaron|(?:ha|han|había|habían)\s+ejecutado)|(?:el\s+)?(?:gasto\s+)?devengado\s+(?:fue\s+de|ascendi[oó]\s+a|alcanz[oó]|sum[oó]|lleg[oó]\s+a|a)|ejecuci[oó]n\s+financiera\s+(?:fue\s+de|de|ascendi[oó]\s+a|alcanz[oó]))"
_BUDGETED = (
    r"(?:presupuesto\s+(?:aprobado|asignado|comprometido|estimado|previsto|programado)\s+(?:de|por|ascendente\s+a)"
    r"|cost[oe]\s+(?:total\s+|estimado\s+|anual\s+)?(?:asciende|ascend[ií]a|ascender[aá]|se\s+estima\s+en|estimado\s+en|de)\s*a?"
    r"|demandar[aá]n?|requerir[aá]n?|se\s+estima\s+en|(?:hasta\s+)?por\s+(?:la\s+suma|un\s+monto)\s+(?:total\s+)?de"
    r"|valorizad[oa]s?\s+en|con\s+una\s+inversi[oó]n\s+(?:total\s+)?de|con\s+un\s+costo\s+(?:operativo\s+|total\s+|anual\s+)?de"
    # "… que comprometió USD 640 000", "al que asignó S/ …", "lo financia con US$ …"
    r"|" + verbs.expand(r"{V:comprometer|asignar|destinar|invertir}") + r"|(?:co)?financi(?:a|an|ó|aron|aba)\s+con)"
)
_BUDGET_STATED = re.compile(
    rf"\b(?:(?P<spent>{_SPENT})|(?P<budgeted>{_BUDGETED}))\s+(?:de\s+)?(?:un\s+total\s+de\s+)?(?P<raw>{_MONEY_VALUE})"
    rf"|(?P<raw2>{_MONEY_VALUE})\s+(?:en|a)\s+su\s+(?P<line>PIA|PIM)\b"
    rf"|(?P<raw5>{_MONEY_VALUE})\s+devengad[oa]s\b"  # "con S/ 1 861 027.45 devengados"
    rf"|\b(?:es\s+decir,?\s+|esto\s+es,?\s+|lo\s+que\s+(?:representa|equivale\s+a)\s+)?el\s+(?P<raw3>{_NUM}\s?%)\s+del\s+(?:PIM|PIA|presupuesto(?:\s+(?:comprometido|aprobado|asignado|programado|total))?)\b"
    rf"|\bavance\s+(?:financiero|presupuestal|de\s+(?:la\s+)?ejecuci[oó]n\s+financiera)\s+(?:lleg(?:aba|ó|a)\s+a|alcanz(?:aba|ó|a)|fue\s+de|era\s+de|ascend(?:ía|ió)\s+a|de|del)\s+(?:un\s+|el\s+)?(?P<raw4>{_NUM}\s?%)",
    re.IGNORECASE,
)


def _budget_stated(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    at = next(g for g in ("raw", "raw2", "raw3", "raw4", "raw5") if match.group(g))
    raw = match.group(at).strip()
    if _PART.search(sentence.text[: match.start(at)]):
        return None  # an executing unit's or an objective's share of the budget, not a programme's
    if at in ("raw3", "raw4"):
        kind: ObservationKind = "executionRate"
    elif at == "raw2":
        kind = "budgetOpening" if match.group("line").upper() == "PIA" else "budgetModified"
    else:
        kind = "budgetAccrued" if match.group("spent") or at == "raw5" else "cost"
    owner = _named_in(sentence, context, ("programme", "service", "plan"), match.start(at))
    if owner is None and kind in ("budgetAccrued", "executionRate"):
        # what was spent of a budget stated before ("El PIM … fue de S/ … ; se devengó S/ …")
        owner = context.budget_owner or _only_poi(context)
    owner = owner or _named_just_before(sentence, context) or (context.subject.key if context.subject is not None else None)
    if owner is None:
        return None
    unit = "percent" if kind == "executionRate" else "USD" if re.match(r"US\$|USD", raw) else "PEN"
    period = _period_of_range(sentence.text) or _period_near(sentence.text, match.start(at), match.end(at))
    return Found(context.facts.entities[owner].label, kind, raw, match.start(at), match.end(at), period=period, unit=unit, owner=owner)


# "se cumplió el 82,7 % de la meta", "llegó al 94,8 % del PIM", "un avance de ejecución financiera de 93,8 %":
# the share of a target or a budget that was reached.
_REACHED = re.compile(
    r"\b(?:(?:se\s+)?(?:(?:cumpli[oó]|alcanz[oó]|logr[oó]|ejecut[oó])\s+(?:el|al)|lleg[oó]\s+(?:al|a\s+un))\s+(?P<raw>" + _NUM + r"\s?%)\s+(?:de\s+(?:la|las)\s+metas?|del?\s+(?:PIM|PIA|presupuesto))"
    r"|\b(?:esto\s+es,?\s+|es\s+decir,?\s+)?el\s+(?P<raw3>" + _NUM + r"\s?%)\s+de\s+lo\s+(?:presupuestado|programado|previsto|asignado)"
    r"|\bavance\s+(?:de\s+(?:la\s+)?ejecuci[oó]n\s+)?(?:financier[oa]\s+|presupuestal\s+|f[ií]sic[oa]\s+)?(?:de|del)\s+(?P<raw2>" + _NUM + r"\s?%))",
    re.IGNORECASE,
)


def _reached(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    at = next(g for g in ("raw", "raw2", "raw3") if match.group(g))
    raw = match.group(at)
    # a share of the budget: said so, or said of money the sentence spent ("el devengado llegó a
    # S/ …, esto es, el 95 % de lo programado")
    budget = re.search(r"PIM|PIA|presupuest|financier", match.group(0), re.IGNORECASE) or (
        (match.group("raw3") or match.group("raw2")) and re.search(r"deveng|S/|US\$|USD", sentence.text))
    owner = _plan_in(sentence, context)
    if budget and owner is None and context.budget_owner is not None:
        owner = context.budget_owner
    if owner is not None:
        return Found(context.facts.entities[owner].label, "executionRate", raw, match.start(at), match.end(at),
                     period=_period_near(sentence.text, match.start(at), match.end(at)), unit="percent", owner=owner)
    if context.last is None:
        return None
    return Found(context.last, "executionRate", raw, match.start(at), match.end(at), unit="percent", scoped=True,
                 period=_period_near(sentence.text, match.start(at), match.end(at)))


# "el 71,4 % de los jóvenes colocados conservaba su empleo", "de los cuales 41 % se encuentra empleado":
# a share and what the people it counts did or were.
_SHARE_VERB = re.compile(
    rf"\b(?:(?:el|un)\s+|de\s+(?:los|las)\s+cuales\s+(?:el\s+)?)(?P<raw>{_NUM}\s?%)\s+(?:de\s+(?:los|las)\s+(?P<of>{_WORD}(?:\s+(?:{_WORD}|en\s+(?:19|20)\d{{2}})){{0,4}}?)\s+)?"
    rf"(?P<verb>(?:se\s+)?[a-záéíóúñ]+(?:aba|ía|ó|aron|ieron|a|e|an|en|ió))\b(?P<rest>[^.;,]{{3,60}})",
    re.IGNORECASE,
)
_NOT_SHARE_VERBS = {"del", "de", "que", "para", "con", "en", "entre", "menos", "restante", "fue", "es", "era", "son", "eran", "fueron"}


def _plural_present(verb: str) -> str:
    """ "conservaba" → "conservan", "calificó" → "califican", "se encuentra" → "se encuentran":
    how an indicator names what the people it counts do."""
    *before, last = verb.split()
    for ending, plural in (("aban", "an"), ("aba", "an"), ("aron", "an"), ("ieron", "en"), ("ían", "en"), ("ía", "en"),
                           ("ió", "en"), ("ó", "an"), ("an", "an"), ("en", "en"), ("a", "an"), ("e", "en")):
        if last.endswith(ending):
            return " ".join([*before, last[: -len(ending)] + plural])
    return verb


def _share_verb(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    verb = match.group("verb").lower()
    if verb.split()[-1] in _NOT_SHARE_VERBS or fold(verb.split()[-1]) in _SHARE_GROUPS:
        return None
    whole = match.group("of") or context.counted_label or context.counted or context.last
    if not whole:
        return None
    rest = _clean(match.group("rest"))
    label = _capitalise(f"{whole} que {_plural_present(verb)} {' '.join(rest.split()[:7])} (%)")
    return Found(label, "achieved", match.group("raw"), match.start("raw"), match.end("raw"), unit="percent", scoped=True,
                 period=_period_near(sentence.text, match.start("raw"), match.end("raw")))


# "La meta del proyecto era colocar a 1 500 jóvenes": a target stated as what to do.
_TARGET_VERB = re.compile(
    rf"\bmetas?\b[^.;:]{{0,40}}?\s+(?:era|es|fue|ser[aá]|consist[ií]a\s+en|consiste\s+en)\s+(?P<verb>[a-záéíóú]+(?:ar|er|ir))\s+(?:a\s+)?(?P<raw>{_NUM})\s+(?P<np>{_NP})",
    re.IGNORECASE,
)


def _target_verb(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    np = _clean(match.group("np"))
    if not np or fold(np.split()[0]) in _TIME_UNITS:
        return None
    verb = match.group("verb").lower()
    participle = verb[:-2] + ("ados" if verb.endswith("ar") else "idos")
    head = re.split(r"\s+(?=(?:en|a|al|por|para|con|sin)\s)", np, maxsplit=1)[0]
    label = _capitalise(f"{head} {participle} {np[len(head):].strip()}".strip())
    context.last = label
    return Found(label, "target", match.group("raw"), match.start("raw"), match.end("raw"),
                 period=_period_near(sentence.text, match.start("raw"), match.end("raw")), unit="count")


# "Las mujeres representaron el 56,3 % de las personas colocadas", "Tambopata concentró el
# 78,4 % de los registros": a group and its share of what follows.
_SHARE_OF = re.compile(
    rf"(?:^|[,;]\s*|\by\s+)(?:(?:las|los|la|el)\s+)?(?P<group>[A-Za-zÁÉÍÓÚÑáéíóúñ]+(?:\s+[a-záéíóúñ]+){{0,2}}?)\s+"
    rf"(?:representa(?:ron|ba|n)?|concentr(?:ó|a|aron|aba)|fueron|eran|son|constituy(?:eron|en|ó)|sumaron|equival(?:en|ieron))\s+"
    rf"(?:el|un)\s+(?P<raw>{_NUM}\s?%)\s+(?:de|del)\s+(?:(?:las|los|la|el)\s+)?(?P<of>total|{_WORD}(?:\s+{_WORD}){{0,3}}?)(?=\s*[,.;]|\s*$|\s+(?:y|que|en|con)\b)",
    re.IGNORECASE,
)


def _share_of(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    group = _clean(match.group("group"))
    whole = context.counted_label or context.counted if fold(match.group("of")) == "total" else _capitalise(_clean(match.group("of")))
    if not whole or not group:
        return None
    label = _capitalise(f"{whole}: {group} (%)")
    return Found(label, "achieved", match.group("raw"), match.start("raw"), match.end("raw"), unit="percent", scoped=True,
                 period=_period_near(sentence.text, match.start("raw"), match.end("raw")))


# (a word the sentence must hold, or words one of which it must, so most sentences skip the
# pattern; pattern; rule)
_RULES: list[tuple[str | tuple[str, ...], re.Pattern[str], Rule]] = [
    (":", _FIELD_MONEY, _field_money),
    ("(", _COUNTED, _counted),
    ("", _SUBJECT_VALUE, _subject_value),
    ("", _FUNDING, _funding),
    (("financ", "asign", "destin"), _FUNDED_WITH, _funded_with),
    (("financ", "asign", "destin"), _GAPPED_FUNDING, _gapped_funding),
    ("", _VERB_COUNT, _verb_count),
    ("", _COUNT_VERB, _count_verb),
    ("base", _BASELINE, _stated_level("baseline")),
    ("meta", _TARGET, _stated_level("target")),
    ("meta", _TARGET_VERB, _target_verb),
    ("%", _SHARE, _share),
    (":", _CODED, _coded),
    ("S/", _BUDGET, _budget),
    ("avance", _ADVANCE, _advance),
    ("%", _SHARE_OF, _share_of),
    ("%", _SHARE_VERB, _share_verb),
    ("%", _REACHED, _reached),
    ("presupuesto", _OWN_BUDGET, _own_budget),
    (("s/", "us$", "usd", "%"), _BUDGET_STATED, _budget_stated),  # an amount or a share is always there (any case)
]


# ----------------------------------------------------------------------------- facts


def _indicator(context: Context, found: Found) -> Entity:
    """The indicator a value belongs to; a label scoped to the topic keys on the topic too."""
    if found.aliases and re.fullmatch(r"I[A-Z]{0,2} \d{1,2}", found.aliases[0]):
        code, number = found.aliases[0].split()
        key = coded_key(code, number)
    elif found.scoped and context.subject is not None:
        key = f"indicator/{slug(found.label)}--{context.subject.key.split('/', 1)[1]}"
    else:
        key = f"indicator/{slug(found.label)}"
    if key not in context.facts.entities and len(found.label.split()) >= 2 and found.kind in ("achieved", "target", "executionRate"):
        # "Jóvenes colocados" after "Jóvenes colocados en un empleo formal": the one named before.
        key = _named_before(context, found.label) or key
    entity = context.facts.entity(key, "indicator", found.label)
    entity.alt_labels.update(a for a in found.aliases if a != entity.label)
    if found.unit in ("percent", "count"):
        entity.attributes.setdefault("unit", found.unit)
    if found.scoped and context.subject is not None:
        entity.attributes.setdefault("subject", context.subject.key)
    return entity


def _named_before(context: Context, label: str) -> str | None:
    """The key of an indicator already found whose name begins with ``label`` (a shorter way
    of naming it), when there is exactly one."""
    wanted = fold(label) + " "
    found = [key for key, e in context.facts.entities.items() if e.type == "indicator" and fold(e.label).startswith(wanted)]
    return found[0] if len(found) == 1 else None


def _funder(context: Context, sentence: Sentence, before: int) -> Entity | None:
    """The institution a contribution is from: the last one the sentence names before it."""
    key = _named_in(sentence, context, ("institution",), before)
    return context.facts.entities[key] if key is not None else None


def _record(context: Context, sentence: Sentence, found: Found) -> None:
    value = parse_value(found.raw) or parse_value(re.sub(r"\s+(?:mil(?:lones)?|nuevos\s+soles|soles)$", "", found.raw, flags=re.IGNORECASE))
    evidence = span(sentence.passage, sentence.start, sentence.end)
    if found.owner is not None:
        indicator = context.facts.entities[found.owner]  # the programme's or the plan's own value
        if found.kind in ("budgetOpening", "budgetModified"):
            context.budget_owner = found.owner
        if found.funder_before is not None and indicator.type in ("programme", "service"):
            funder = _funder(context, sentence, found.funder_before)
            if funder is not None:
                add_link(context.facts, Link(funder.key, "funds", indicator.key, evidence, rule=rule("prose/funding")))
    elif found.of_subject and context.subject is not None:
        indicator = context.subject  # a contribution to the programme the document is about
        funder = _funder(context, sentence, found.funder_before or found.start)
        if funder is not None and context.subject.type in ("programme", "service"):
            add_link(context.facts, Link(funder.key, "funds", context.subject.key, evidence, rule=rule("prose/funding")))
    else:
        indicator = _indicator(context, found)
    if indicator.type not in ("programme", "service", "institution", "plan"):
        # The sentence is where an indicator of its own is named. A named thing is named
        # where its name is: a mention as long as the sentence would hide the names inside it.
        add_mention(indicator, evidence)
    number = value.value if value else None
    if number is not None and re.search(r"\bmil\b", found.raw):
        number *= 1000
    unit = (value.unit if value else None) or found.unit
    # The same figure printed again ("S/ 12,500,000.00" and "S/12,500,000.00") is one statement;
    # a sentence repeating a table's total is another, with its own source.
    add_observation(
        context.facts,
        Observation(indicator=indicator.key, kind=found.kind, raw=found.raw, evidence=evidence,
                    value=number, unit=unit, period=found.period, rule=found.rule),
        also_same=compact_value,
    )


def extract(document: Document, facts: Facts) -> None:
    """Add the indicator values that sentences state."""
    context = Context(document, facts, topic(document, facts))
    for sentence in prose_sentences(document):
        text = sentence.text
        taken: list[tuple[int, int]] = []
        lowered = text.lower()
        for gate, pattern, read in _RULES:
            gates = (gate,) if isinstance(gate, str) else gate
            if not any(g in text or g in lowered for g in gates):
                continue
            for match in pattern.finditer(text):
                found = read(match, sentence, context)
                if found is None or any(a < found.end and found.start < b for a, b in taken):
                    continue
                found = dataclasses.replace(found, rule=rule("prose/" + read.__name__.strip("_").replace("_", "-")))
                taken.append((found.start, found.end))
                _record(context, sentence, found)
