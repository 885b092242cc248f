"""What a question asks of the graph: the entities it names, the relations, measures and periods.

``¿Cuál fue la meta 2024 del indicador de colocación?`` names an indicator, asks for the
measure *target* and the period *2024*; ``Who runs the employment centres?`` names a
service and targets ``qp:runBy``. Everything is read from words: cue patterns (Spanish and
English stems, over accent- and case-folded text) for relations and measures, four-digit
years for periods, the entity catalog for names. The words of a recognised name are taken
out before cues and years are read, so "FONDOEMPLEO" is not a question about funding and
"POI 2024" is not a question about 2024.

English names are recognised through the English labels the vocabulary gives entities
(``ontology/entities.ttl``), and, for entities it has none for, by translating the question's
words with the bilingual glossary and lexicon and finding an entity whose Spanish name's
content words all appear among the translations (in any order: English puts the head noun
last, Spanish first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from quipu.core.language import detect_language
from quipu.core.text import fold
from quipu.search.catalog import CatalogEntity, EntityCatalog
from quipu.search.glossary import default_vocabulary


@dataclass(frozen=True)
class Cue:
    """A pattern of question words (folded) and what it asks about."""

    pattern: re.Pattern[str]
    asks: tuple[str, ...]


UP, DOWN = ">", "<"  # prefixes of a structural relation asked one way only (see Intent.wants)
VERSIONS = "versions"  # asks about an entity's versions or updates: the norms that approved each


def _cue(pattern: str, *asks: str) -> Cue:
    return Cue(re.compile(pattern), asks)


# Relations. A national programme is also a unit of its ministry, so "who runs" reaches
# org:subOrganizationOf.
RELATIONS = (
    _cue(r"\baprob|\baprueb|\bapprov", "qp:approvedBy"),
    _cue(r"\bcre(a|o|ad|ar|aci)|\bcreat|\borigin|\bestablish|\bestableci", "qp:createdBy"),
    _cue(r"\bregul|\blineamiento|\bguideline|\breglament|\bdirectiva|\bdirective", "qp:regulatedBy"),
    _cue(r"\bbase legal|\blegal basis|\bmarco (legal|normativo)|\blegal framework", "qp:legalBasis", "qp:regulatedBy"),
    _cue(r"\bencarg|\ba cargo|\bin charge|\bruns?\b|\brunning\b|\bmanag|\badminist|\bejecuta(do|da|dos|das)? por"
         r"|\bgestion(o|a|an|aba|aron)\b|\bgestionad[oa]s? por|\bimplement(s|ed|an|o|aron)\b|\bejecutan?\b"
         r"|\bquien(es)? (ejecuta|opera|gestiona|implementa|brinda|ofrece|presta)|\bwho (operates|implements|provides)"
         r"|\boperad[oa]s? por|\boperated by|\bimplementad[oa]s? por|\bimplemented by|\bpuso en marcha|\bponer en marcha"
         r"|\bset up|\blaunch",
         "qp:runBy", "qp:competentAuthority", "org:subOrganizationOf"),
    # "financiero", "financial" (statements, execution) are no source of money
    _cue(r"\bfinanc(?!ier|ial)|\bcofinanc|\bfund(s|ed|ing|er|ers)?\b|\bpaid for|\bpays? for|\bpag[oa] (de|por)|\baport|\brecursos"
         r"|\bcomes? from\b|\bprovien|\bproceden|\bfuente",
         "qp:fundedBy"),
    _cue(r"\bevalu", "qp:evaluatedBy", "qp:evaluates"),
    _cue(r"\b(en )?(que|cuales|cuantas|cuantos) (regiones|departamentos|provincias|ciudades|sedes|lugares|zonas|ambitos)"
         r"|\bdonde\b|\bwhere\b|\b(which|what|how many) (regions|departments|provinces|cities|places|areas)",
         "qp:operatesIn"),
    # "what is X part of": X's own link up (outgoing)
    _cue(r"\bforma(n)? parte|\bes parte|\bson parte|\bpart of\b|\bpertenec|\bbelong|\bdepend|\bintegrad[oa]s? (en|a)\b",
         UP + "qp:partOf", UP + "org:subOrganizationOf"),
    # "what are X's parts": the links that point at X (incoming)
    _cue(r"\bcomponentes|\bcomponents|\bcompon|\bcomprend|\bconforma|\bincluy|\bincludes?\b|\bmake up|\bmade up"
         r"|\bconsist(e|en|ia|ian|io|ieron|s|ed|ing)?\b|\bpartes de\b|\bparts of\b|\b(que|cuales|which|what) (servicios|unidades|organos|areas|services|units)\b",
         DOWN + "qp:partOf", DOWN + "org:subOrganizationOf"),
    _cue(r"\bmodific|\bamend|\bactualiz|\bupdat|\bversi|\bcambi", "eli:amends", VERSIONS),
    _cue(r"\bcit(a|an|o|ed|es)\b|\bmenciona|\brefiere", "eli:cites"),
    _cue(r"\bmide\b|\bmiden\b|\bmeasur", "qp:measures"),
    _cue(r"\bresponsable|\bresponsible", "qp:responsibleUnit"),
    _cue(r"\bpoblacion objetivo|\bbeneficiari|\bdirigid|\btarget group|\baimed at|\bpara quien|\bpublico"
         r"|\bwho (does it|do they) serve|\bwho is it for",
         "qp:targetGroup"),
)
# Asked with none of the specific relations above (nor about updates), a question about norms
# ("¿qué decreto…?", "which law…?") targets any of the normative ones.
NORM_RELATIONS = ("qp:regulatedBy", "qp:createdBy", "qp:approvedBy", "qp:legalBasis")
_OPERATES = re.compile(r"\bopera(n|ba|ban)?\b|\boperates?\b")
_NORM_WORDS = re.compile(r"\bnormas?\b|\bnormativ|\bleye?s?\b|\blaws?\b|\bdecret|\bdecree|\bresoluci|\bresolution")

# Measures: the kinds of indicator value (ontology/schemes.ttl, observation kinds). A
# planned amount is a budget or a cost, so budget words reach both.
BUDGET_KINDS = frozenset({"budgetOpening", "budgetModified", "budgetCertified", "budgetAccrued", "cost"})
MEASURES = (
    _cue(r"\bpresupuesto institucional de apertura\w*|\bpia\b|\bopening budget|\binitial budget", "budgetOpening"),
    _cue(r"\bpresupuesto institucional modificado\w*|\bpim\b|\bmodified budget", "budgetModified"),
    _cue(r"\blinea (de )?base\w*|\bbaseline\w*|\bvalor (de )?base|\bpunto de partida|\bstarting point", "baseline"),
    _cue(r"\bmetas?\b|\btargets?\b(?! group)|\bgoals?\b|\bprogramad\w*|\bprogram(o|aron)\b|\bplanned|\baim(ed)? (to|at)\b|\bse propus\w*",
         "target"),
    _cue(r"\blogr\w*|\balcanz\w*|\bachiev\w*|\breached|\bejecutad[oa]s?\b(?! por)|\bse ejecuto|\bobtuv\w*"
         r"|\bobtien\w*|\bobtain\w*|\bresult(ado)?s?\b(?! ?(\d|n[o°º]\b|esperad))",
         "achieved"),
    _cue(r"\bavance\w*|\b(tasa|porcentaje|nivel|grado) de (ejecucion|cumplimiento)|\bexecution rate|\bcumplimiento"
         r"|\bprogress\w*",
         "executionRate"),
    _cue(r"\bcost[oa]?s?\b|\bcosto\w*|\bcuest[ao]n?\b|\bcosted|\bcost\w*", "cost"),
    _cue(r"\bpresupuest\w*|\bbudget\w*", *sorted(BUDGET_KINDS)),
    _cue(r"\bcertificad\w*|\bcertified", "budgetCertified"),
    _cue(r"\bdevengad\w*|\bgast[oa]\w*|\bspen[dt]\w*|\bexpenditure\w*|\baccrued|\bcuanto (se )?ejecut\w*", "budgetAccrued"),
)

# Words that ask for an indicator's values without naming a measure.
VALUES = re.compile(r"\bvalor(es)?\b|\bvalues?\b|\bcifras?\b|\bfigures?\b|\bdatos\b|\bdata\b|\bcuant[oa]s\b|\bhow many\b|\bhow much\b")
# Words that ask for an entity: who, where, or which (what) followed by a noun.
_WHO = re.compile(r"\bquien(es)?\b|\bwho(m|se)?\b|\bwhere\b|\bdonde\b|\b(que|cual(es)?|which|what)\s+(?!es\b|fue\b|is\b|was\b|were\b|are\b)[a-z]{4,}")
# Words that ask how two named entities are related, whatever the relation.
BETWEEN = re.compile(r"\brelaci|\brelat|\bvincul|\blink|\bconnect")

# Words that name the type of the entity a question wants back.
TYPES = (
    _cue(r"\bnormas?\b|\bnorms?\b|\bley(es)?\b|\blaws?\b|\bdecret|\bdecree|\bresoluci|\bresolution|\bordenanza|\bordinance",
         "norm"),
    _cue(r"\binstituci|\binstitution|\bentidad|\bministeri|\bministry|\bdireccion|\bdirectorate|\borganismo|\borganization"
         r"|\borganisation|\bagenc|\bunidad|\bunits?\b|\boficina|\boffice|\bbody\b",
         "institution"),
    # the noun, not the verb "programó" (planned)
    _cue(r"\bprogramas?\b|\bprogram(me)?s?\b|\bproyecto|\bproject", "programme"),
    _cue(r"\bservicio|\bservice", "service"),
    _cue(r"\bregion(es)?\b|\bregions?\b|\bdepartamento|\bdepartment|\bwhere\b|\bdonde\b", "region"),
    _cue(r"\bindicador|\bindicator", "indicator"),
    _cue(r"\bplan(es)?\b|\bplans?\b", "plan"),
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"\w+")
# Content words a name must have to be recognised from its words in any order, or in translation.
MIN_NAME_WORDS = 3
_PARENTHESES = re.compile(r"\([^)]*\)")
# Spanish function words, and the number sign "Nº" folded ("no", "nro"), left out of a name's content words.
_SPANISH_FUNCTION = frozenset("de del la las el los y e en para por con a al o u un una su sus que se no nro".split())
STEM = 5  # leading letters two Spanish word forms must share (juvenil ~ juventud)
SLACK = 2  # other words that may come between the words of a name (articles, an adjective)


@dataclass(frozen=True)
class Intent:
    """What a question asks: relations (compact property names), entity types, measures, periods.

    A structural relation (qp:partOf, org:subOrganizationOf) may be asked one way only:
    ``>qp:partOf`` asks what the named entity is part of, ``<qp:partOf`` what its parts are.
    """

    properties: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    periods: frozenset[str] = frozenset()
    values: bool = False  # asks for an indicator's values ("¿qué valores…?", "how many")
    versions: bool = False  # asks about updates: the approvals of the entity's versions
    between: bool = False  # asks how the entities it names are related
    named: frozenset[str] = field(default_factory=frozenset)  # keys of the entities it names

    def naming(self, keys: Iterable[str]) -> Intent:
        return replace(self, named=frozenset(keys))

    def wants(self, prop: str, direction: str) -> bool:
        """Whether the question targets ``prop`` read from the card's entity in ``direction``."""
        arrow = UP if direction == "out" else DOWN
        return prop in self.properties or arrow + prop in self.properties

    def accepts(self, other_type: str | None, own_type: str | None = None) -> bool:
        """Whether an entity of ``other_type`` is the kind of answer the question's nouns ask
        for ("¿qué programa…?"); any kind when it names none. A programme is also a unit of
        an institution, and a country a place. A noun of the card entity's own type alone
        most often names that entity ("who funded the REDPROEMPLEO project?"), so it does
        not narrow the answer."""
        if not self.types or self.types == {own_type}:
            return True
        kinds = set(self.types)
        if "institution" in kinds:
            kinds.add("programme")
        if "region" in kinds:
            kinds.add("country")
        return other_type in kinds

    @property
    def asks_values(self) -> bool:
        return bool(self.measures or self.periods or self.values)

    def score(self, prop: str, direction: str, other: str, other_type: str | None, own_type: str | None) -> float:
        """How much a link ``prop`` to ``other`` bears on the question: 2 for a targeted relation,
        3 more for reaching another entity the question names, 1 more for an entity of a type it
        asks for. A link between two named entities bears on its own only on a question that
        asks how they are related; otherwise the question presupposes it ("what does X run in
        Y?" is not asking whether X is in Y)."""
        score = 0.0
        if self.wants(prop, direction):
            score += 2.0
        if other in self.named:
            if self.between:
                score += 3.0
            elif prop == "qp:operatesIn":
                score = 0.0  # a place the question names is where it asks, not what
            elif score:
                score += 3.0
        if other_type in self.types and other_type != own_type:
            score += 1.0
        return score


def read_question(question: str, named: Iterable[CatalogEntity] = ()) -> Intent:
    """The relations, types, measures and periods ``question`` asks about; the names of the
    entities in ``named`` are not read as cue words or years, and the words of a measure
    ("presupuesto institucional modificado") are not read as a relation ("modificado")."""
    text = " " + fold(question) + " "
    for entity in named:
        for name in sorted({entity.label, *entity.names}, key=len, reverse=True):
            folded = fold(name).strip()
            if len(folded) > 2:
                text = re.sub(r"(?<!\w)" + re.escape(folded) + r"(?!\w)", " ", text)
    measures: set[str] = set()
    for cue in MEASURES:
        if cue.pattern.search(text):
            measures.update(cue.asks)
            text = cue.pattern.sub(" ", text)
    properties = {p for cue in RELATIONS if cue.pattern.search(text) for p in cue.asks}
    # "¿qué entidad opera el centro?" asks who runs it; "¿dónde opera?" was read as a place above
    if _OPERATES.search(text) and "qp:operatesIn" not in properties:
        properties.update(("qp:runBy", "qp:competentAuthority", "org:subOrganizationOf"))
    if "qp:fundedBy" in properties and measures:  # "where does the budget come from?"
        properties.discard("qp:operatesIn")
    if not properties & {*NORM_RELATIONS, VERSIONS} and _NORM_WORDS.search(text):
        properties.update(NORM_RELATIONS)
    types = {t for cue in TYPES if cue.pattern.search(text) for t in cue.asks}
    values = bool(VALUES.search(text))
    if (measures or values) and not _WHO.search(text):
        # "how many … did the evaluation of X count?": a question for figures that asks for no
        # entity names its source or scope with relation words, and asks no relation
        properties.clear()
    versions = VERSIONS in properties
    properties.discard(VERSIONS)
    return Intent(
        properties=frozenset(properties),
        types=frozenset(types),
        measures=frozenset(measures),
        periods=frozenset(_YEAR.findall(text)),
        values=values,
        versions=versions,
        between=bool(BETWEEN.search(text)),
    )


def named_entities(catalog: EntityCatalog, question: str) -> list[CatalogEntity]:
    """The entities ``question`` names: by any of their names; by the content words of a long
    name (an indicator's, a plan's) in any order; and, for an English question, by the
    Spanish translations of its words. Of two entities where the words of one's name hold
    the other's, only the longer counts ("Ventanilla Única de Promoción del Empleo" is not
    also the service "Promoción del Empleo")."""
    found = catalog.recognise(question)
    sequences = [_stem_list(_words(question))]
    if detect_language(question) == "en":
        sequences.append(_stem_list(_words(default_vocabulary().translate(question).text)))
    covered = {e.key: words for e in catalog.entities.values() if (words := _covered(e, sequences))}
    keys = {e.key for e in found}
    # Words that a name of an entity named outright holds may be that entity's long name
    # ("the Jóvenes Productivos national youth employment programme"), not another entity.
    named_words = [frozenset(_stem_list(_words(_PARENTHESES.sub(" ", n)))) for e in found for n in (e.label, *e.names)]
    found += [
        catalog.entities[k] for k, words in covered.items()
        if k not in keys and len(words) >= MIN_NAME_WORDS and not any(words <= other for other in named_words)
    ]
    return [e for e in found if e.key not in covered or not any(covered[e.key] < other for other in covered.values())]


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w not in _SPANISH_FUNCTION and (len(w) > 1 or w.isdigit())]


def _stem_list(words: Iterable[str]) -> list[str]:
    return [w[:STEM] for w in words]


def _span(sequence: list[str], words: frozenset[str]) -> int | None:
    """The length of the shortest run of ``sequence`` that holds every one of ``words``."""
    best = None
    for start, first in enumerate(sequence):
        if first not in words:
            continue
        seen: set[str] = set()
        for end in range(start, len(sequence)):
            if sequence[end] in words:
                seen.add(sequence[end])
                if len(seen) == len(words):
                    best = end - start + 1 if best is None else min(best, end - start + 1)
                    break
    return best


def _covered(entity: CatalogEntity, sequences: list[list[str]]) -> frozenset[str] | None:
    """The stems of the longest name of ``entity`` whose content words (a parenthesised
    acronym aside) all lie close together, in any order, in one of ``sequences``: within
    :data:`SLACK` more words than the name has."""
    best: frozenset[str] | None = None
    for name in (entity.label, *entity.names):
        words = frozenset(_stem_list(_words(_PARENTHESES.sub(" ", name))))
        if not words or (best is not None and len(words) <= len(best)):
            continue
        if any((span := _span(seq, words)) is not None and span <= len(words) + SLACK for seq in sequences):
            best = words
    return best


__all__ = ["BUDGET_KINDS", "Intent", "named_entities", "read_question"]
