"""Names of institutions, programmes and services found by their shape.

A name is a capitalised noun phrase headed by a noun that says what it names
("Dirección General de …", "Gobierno Regional de …", "Programa Nacional …", "Servicio …"),
with lower-case connectors (de, del, la, y, para …) inside and ending at its last
capitalised word. Names the gazetteer knows keep the gazetteer's key. Regional
directorates ("DRTPE Cusco", "Gerencia Regional de Trabajo … de Junín") get one key per
region. Hierarchy comes from the name: "… del MTPE" is a sub-organisation
of the MTPE, a regional directorate of its regional government, and a name ending
"de <Region>" operates in that region.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import islice

from quipu.core.text import slug
from quipu.ingest.facts import VOCABULARY, Entity, EntityType, Facts, Link, Span, rule
from quipu.ingest.models import Document, Passage

from . import gazetteer
from .record import add_link, add_mention, mention_offsets
from .spans import Intervals, iter_sentences, span

# Head nouns and the entity type they make. Multi-word heads first.
# An institution works where its name says ("Dirección Regional … de Piura"): known from
# how Peru names its regional bodies, not stated by a sentence, so attributed to the vocabulary.
NAME_RULE = VOCABULARY + "/place-in-name"
# "la Oficina Zonal del MTPE", "el Centro de Empleo de la DRTPE": the name says whose it is.
OF_RULE = rule("entities/of-in-name")
_INSTITUTION_HEADS = (
    "Gobierno Regional|Gobiernos Regionales|Municipalidad|Ministerio|Viceministerio|Vice Ministerio|Despacho Viceministerial|Despacho Ministerial|Dirección|"
    # field offices of a directorate or an agency: "Zona de Trabajo … de Tarma", "Intendencia Regional de Ica"
    "Zona de Trabajo|Intendencia|"
    "Subdirección|Sub Dirección|Subgerencia|Sub Gerencia|Subunidad|Sub Unidad|Oficina|Gerencia|Unidad Ejecutora|Unidad|Secretaría|Superintendencia|Organización|Organismo|Fondo|Agencia|"
    r"Instituto|Centro(?!s?\s+de\s+Empleo)|Consejo|Comisión|Comité|Asociación|Fundación|Universidad|Observatorio|Consultora|"
    "Presidencia|Defensoría|Confederación|Federación|Cámara|Compañía|Empresa|Corporación|Sociedad"
)
_PROGRAMME_HEADS = "Programa|Proyecto"
# "Punto de Orientación …", "Ventanillas Provinciales de Empleo": a point of service, services of a kind;
# "Módulo Itinerante de Empleo", "Feria Laboral «X»", "Taller de Búsqueda de Empleo": a point of
# service, a fair or a workshop a service office runs, named with capitals
_SERVICE_HEADS = (
    "Servicio|Ventanillas|Ventanilla|Bolsa|Certificado|Centro de Empleo|Centros de Empleo|Sistema|"
    "Punto(?= de | [A-ZÁÉÍÓÚ])|Módulo|Feria|Taller|"  # see _SERVICE_EVENT
    # a programme's school of trades or farmer field school is a training service, not a body
    "Escuelas? de (?:Oficios|Campo)"
)



def _wrappable(heads: str) -> str:
    """Heads of several words may be wrapped at any space ("Centro de\nEmpleo Huancavelica"),
    as hard-wrapped text (pdftotext, memos) breaks lines anywhere."""
    return heads.replace(" ", r"(?: +| *\n *)")


_HEAD = re.compile(
    rf"(?P<institution>{_wrappable(_INSTITUTION_HEADS)})|(?P<programme>{_PROGRAMME_HEADS})|(?P<service>{_wrappable(_SERVICE_HEADS)})"
)
# A "Sistema …" is a service only when it is about employment services.
_SERVICE_SYSTEM = re.compile(r"empleo|orientaci[oó]n|intermediaci[oó]n|capacitaci[oó]n|laboral|migra", re.IGNORECASE)
# A point of service, a fair or a workshop is an employment service only when its name says so
# ("Módulo Itinerante de Empleo", "Feria Laboral", "Taller de Empleabilidad", "Punto Itinerante de
# Empleo"; not "Módulo de Gestión de Expedientes", "Taller Informativo para Empresas", "Punto Focal").
_SERVICE_EVENT = re.compile(r"\b(?:emple\w*|laboral\w*|trabaj\w*)\b", re.IGNORECASE)
_EVENT_HEADS = {"Módulo", "Feria", "Taller", "Punto"}
_UN = re.compile(r"Naciones Unidas|United Nations")

_UPPER = "A-ZÁÉÍÓÚÑÜ"
_LOWER = "a-záéíóúñü"
# A currency is no word of a name: "cofinancia el Gobierno Regional de X con S/ 96 400".
_CURRENCY = r"(?:S|US|USD)\.?\s?[/$]"
_CAP_WORD = rf"(?:[{_UPPER}][{_UPPER}0-9]+(?:-[{_UPPER}0-9]+)+|(?!{_CURRENCY})[{_UPPER}][{_UPPER}{_LOWER}0-9]*|[\"“«][^\"”»\n]{{2,120}}[\"”»])"
_CONNECTOR = r"(?:de|del|la|las|los|el|y|e|para|a|en|al|sobre|contra)"
# A capitalised abstract noun, the kind of word that names a field of work (not a place).
_FIELD_WORD = rf"[{_UPPER}][{_LOWER}]+(?:ci[oó]n|si[oó]n|miento|ismo|uesto|ncia|dad|[ií]a|cio|ura|aje)\b"
# The edition of a fair or a workshop held every year: "III Feria Regional de Empleo".
_ORDINAL = r"(?:[IVX]{1,5}|\d{1,2}\s?[°ºª])\s+(?=Feria|Taller)"
_GAP = r" *\n? *"  # a space, or a single line break inside a paragraph (never a tab: cells part there)
# A name: head, then capitalised words with connectors between them, ending at a capitalised
# word. A line break may only sit next to a connector ("Trabajo y\nPromoción"): two
# capitalised words on two lines are more often a heading and a table cell than one name.
_NAME = re.compile(
    rf"(?<![{_UPPER}{_LOWER}])(?:{_ORDINAL})?(?:{_HEAD.pattern})"
    # a company's legal form ends its name: "Compañía Minera Andina S.A.A."
    # "con" joins two capitalised words of one name ("Proyecto Castañeros con Empleo Digno").
    # An article opens no run of connectors: "a la Dirección Ejecutiva la Unidad X" is two names.
    rf"(?:{_GAP}(?!(?:la|las|los|el)\b){_CONNECTOR}(?![{_LOWER}])(?:{_GAP}{_CONNECTOR}(?![{_LOWER}]))*{_GAP}{_CAP_WORD}| +(?:S\.A\.A\.|S\.A\.C\.|S\.A\.|S\.R\.L\.|E\.I\.R\.L\.)| +con +{_CAP_WORD}| +{_CAP_WORD}"
    # a list of the fields an office covers: "Oficina de Planeamiento, Presupuesto y Modernización",
    # "Cámara de Comercio, Industria y Turismo de X" (abstract nouns, never places: "de Piura, Tumbes y …")
    rf"|(?: *, *{_FIELD_WORD}(?:(?: +{_CONNECTOR})+ +[{_UPPER}][{_LOWER}]+)*)+ +(?:y|e) +{_FIELD_WORD})+"
)
# Where one name ends and the next (its parent, or a coordinated one) begins.
_SPLIT = re.compile(
    rf"\s+(?P<conn>de|del|y|e|en|para|a|al)(?:\s+(?:la|las|los|el))?\s+"
    rf"(?=(?:{_HEAD.pattern})\b|[{_UPPER}]{{3,}}(?:-[{_UPPER}]+)?\b(?![{_LOWER}]))"
)
# Words that say a name is the title of a document or a norm, not a body.
_TITLE_BEFORE = re.compile(
    r"(?:Reglamento|Resoluci[oó]n|Ley|Decreto|Directiva|Manual|Plan|Informe|Gu[ií]a|Lineamientos|Texto\s+[ÚU]nico|"
    r"Memoria|Estatuto|Oficio|Acta)\s+(?:de(?:l)?\s+(?:la\s+)?)?$",
    re.IGNORECASE,
)
# An article that makes the phrase a description ("cuenta con una Oficina de Enlace en Huaraz").
_GENERIC_BEFORE = re.compile(r"\b(?:un|una|otro|otra|cada|dicha|dicho|este|esta|ese|esa|cualquier)\s+$", re.IGNORECASE)
# Head + coordination ("Organización y Funciones"), budget and plan programmes, draft norms.
_NOT_A_NAME = re.compile(
    r"^\w+\s+(?:y|e)\s"
    r"|^Programas?\s+(?:Presupuestal|Anual|Multianual|Operativo|Estratégico|de\s+(?:Capacitaci|Inducci|Integridad|Trabajo|Inversi))"
    r"|^Proyectos?\s+(?:de\s+(?:Decreto|Ley|Resoluci|Inversi|Reglamento|Directiva))"
)
# Words after the head that do not make it a proper name on their own.
_KIND_WORDS = {
    "general", "generales", "regional", "regionales", "nacional", "nacionales", "ejecutora", "técnica", "conjunto",
    "local", "locales", "zonal", "sectorial", "central", "descentralizada", "de", "del", "la", "las", "los", "el",
    "y", "e", "para", "a", "en", "al",
}
_WORD_HYPHEN = re.compile(rf"([{_LOWER}])-\s*\n\s*([{_LOWER}])")

# Regional directorates of labour by acronym and region: "DRTPE Cusco", "GRTPE - Junín".
_REGIONAL = re.compile(r"\b(?P<acr>DRTPE|DRTE|DRT|GRTPE|GRTE)(?:\s*[-–]\s*|\s+(?:de\s+)?)(?=[A-ZÁÉÍÓÚÑ])")
_REGIONAL_LONG = {
    "DRTPE": "Dirección Regional de Trabajo y Promoción del Empleo",
    # older or shorter acronyms of the same bodies
    "DRTE": "Dirección Regional de Trabajo y Promoción del Empleo",
    "DRT": "Dirección Regional de Trabajo y Promoción del Empleo",
    "GRTPE": "Gerencia Regional de Trabajo y Promoción del Empleo",
    "GRTE": "Gerencia Regional de Trabajo y Promoción del Empleo",
}
# Companies named without a head noun, ended by their legal form: "Agroindustrias del Sur S.A.C.",
# "Consultores Asociados para el Desarrollo S.R.L.".
_COMPANY = re.compile(
    r"(?<![\w.])(?P<name>[A-ZÁÉÍÓÚÑ][\wáéíóúñ&\-]+(?:\s+(?:(?:de|del|para|el|la|los|las|y|e)\s+){0,2}[A-ZÁÉÍÓÚÑ][\wáéíóúñ&\-]+){0,7}"
    r"\s+(?:S\.A\.A\.|S\.A\.C\.|S\.R\.L\.|E\.I\.R\.L\.|S\.A\.))"
)
_ARTICLE_WORDS = {"La", "El", "Los", "Las", "Con", "Por", "En", "Y", "A", "Según", "Para"}

# A programme or project named after its kind in lower case: "el programa Lurawi Perú", "del proyecto
# «Rutas del Sur»". The name (without the kind) is the label; a kind word after the noun
# ("el programa Nacional de …", "el proyecto Regional") is no name, nor a word across a tab (a cell).
# A quoted name may follow a word or two that qualify the kind ("el servicio itinerante «Empleo
# Cerca»", "la línea «Certifica Ande»", "el programa regional «Qallariy»").
_LOWER_KIND = re.compile(
    r"\b(?:[Ee]l|del|al|[Uu]n|[Ss]u|[Ll]a|[Uu]na|de +la|a +la) +(?P<kind>programa|proyecto|servicio(?: +de)?|l[ií]nea|iniciativa) +"
    r"(?:(?:[a-záéíóúñ]+ +){1,2}(?=[«\"“]))?"
    r"(?P<name>[«\"“][^»\"”\n]{3,120}[»\"”]|(?!(?:Nacional|Regional|Presupuestal|Especial|Conjunto|Piloto)\b)"
    r"[A-ZÁÉÍÓÚÑ][\wáéíóúñ\-]+(?: +(?:(?:de|del|y|e|para|la|el) +){0,2}[A-ZÁÉÍÓÚÑ][\wáéíóúñ\-]+){0,5})"
)

# A civil-society body or a firm named after its kind in lower case: "la asociación civil Selva
# Viva", "la ONG italiana Terra Nuova", "por la consultora «Datos Andinos»". The name without
# the kind is the label (a name with a head noun, "la ONG Centro de …", is read as such).
_LOWER_BODY = re.compile(
    r"\b(?:[Ll]a|[Uu]na|de +la|a +la|por +la|con +la|[Ee]l|del|al|[Uu]n) +"
    r"(?P<kind>asociaci[oó]n(?: +civil)?|ONG|organizaci[oó]n +no +gubernamental|fundaci[oó]n|cooperativa|consultora|firma|empresa)"
    r"(?: +(?:italiana|española|alemana|canadiense|suiza|belga|francesa|peruana|local|regional|privada|consultora))? +"
    r"(?P<name>[«\"“][^»\"”\n]{3,120}[»\"”]|[A-ZÁÉÍÓÚÑ][\wáéíóúñ\-]+(?: +(?:(?:de|del|y|e|para|la|el) +){0,2}[A-ZÁÉÍÓÚÑ][\wáéíóúñ\-]+){0,5})"
)

# "GORE Cusco", "GORE-Piura": a regional government by its usual short name and its region.
_GORE = re.compile(r"\bGORE(?:\s*[-–]\s*|\s+(?:de\s+|del\s+)?)(?=[A-ZÁÉÍÓÚÑ])")
_BARE_REGIONAL = re.compile(r"\b(?:DRTPE|GRTPE)\b(?!\s*[-–]?\s*[A-ZÁÉÍÓÚÑ][a-záéíóúñ])")


def clean_name(text: str) -> str:
    """A name as a label: line-break hyphenation undone, spaces collapsed, outer quotes kept."""
    text = _WORD_HYPHEN.sub(r"\1\2", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^Gobierno Regional del (?:Departamento de )?", "Gobierno Regional de ", text)  # "del Cusco" is "de Cusco"
    text = re.sub(rf"(?:\s+{_CONNECTOR})+$", "", text)
    return _strip_end(text.lstrip(" ,;:.-–"))


_LEGAL_FORM_END = re.compile(r"\s(?:S\.A\.A|S\.A\.C|S\.A|S\.R\.L|E\.I\.R\.L)\.$")


def _strip_end(name: str) -> str:
    """Punctuation off the end of a name, but the full stop of a legal form ("… S.A.A.")."""
    stripped = name.rstrip(" ,;:.-–")
    return stripped + "." if _LEGAL_FORM_END.search(name.rstrip(" ,;:-–")) else stripped


def classify(name: str) -> EntityType | None:
    """Entity type a name's head noun gives, or None when the head says nothing."""
    if re.match(r"(?:Programa|Fondo)\s+(?:de\s+\w+\s+)?de\s+las\s+Naciones\s+Unidas", name):
        return "institution"
    if re.match(r"Servicio\s+Nacional\s+de(?:l)?\s", name):
        # SENATI, SENCICO, SENASA are public bodies; a national service "de Empleo …" is a service
        # of the employment family, as the vocabulary's Servicio Nacional de Empleo is.
        return "service" if re.match(r"Servicio\s+Nacional\s+de(?:l)?\s+Emple", name) else "institution"
    edition = re.match(_ORDINAL, name)
    match = _HEAD.match(name, edition.end() if edition else 0)
    if not match:
        return None
    if match.group("service"):
        if match.group("service") == "Sistema" and not _SERVICE_SYSTEM.search(name):
            return None
        event = match.group("service") in _EVENT_HEADS and not name.startswith("Punto de ")  # "Punto de Orientación …" is one
        if event and (not _SERVICE_EVENT.search(name[match.end() :]) or len(name.split()) > 10):
            return None  # not about employment ("Punto Focal de …"), or the title of one event (more than ten words)
        return "service"
    return "programme" if match.group("programme") else "institution"


def region_in(name: str) -> gazetteer.Seed | None:
    """The region a name ends with ("… de Ayacucho"), if any."""
    gaz = gazetteer.load()
    matches = [m for m in gazetteer.find(name, gaz) if gaz.seeds[m.key].type == "region"]
    if matches and name[matches[-1].end :].strip(" \"”)") == "":
        before = name[: matches[-1].start].rstrip()
        if re.search(r"\b(?:de|del|en)$", before) or not before.endswith(("Empleo", "Trabajo")):
            return gaz.seeds[matches[-1].key]
    return None


def _cut_caps(raw: str) -> str:
    """Cut a name before an unknown all-capitals word that starts a heading or table cell
    ("Oficina Zonal de Chimbote ANEXO TÉCNICO"): one followed by another
    word in capitals or by the end of the line."""
    gaz = gazetteer.load()
    for word in re.finditer(r"(?<=\s)[A-ZÁÉÍÓÚÑ]{3,}\b", raw):
        tail = raw[word.end() :]
        if gaz.lookup(word.group()) is not None:
            continue
        if re.match(r"[ \t]+[A-ZÁÉÍÓÚÑ]{2,}\b|[ \t]*(?:\n|$)", tail):
            return raw[: word.start()].rstrip()
    return raw


def _cut_region(raw: str) -> str:
    """Cut "… en Ucayali", "… en la región Junín": a place the named thing works in."""
    gaz = gazetteer.load()
    for match in gazetteer.find(raw, gaz):
        if gaz.seeds[match.key].type != "region":
            continue
        before = raw[: match.start]
        cut = re.search(r"\s+en\s+(?:(?:la|las)\s+regi[oó]n(?:es)?\s+(?:de\s+)?)?$", before)
        if cut:
            return raw[: cut.start()]
    return raw


def _trim(name: str) -> str:
    """Drop a trailing part that is no longer the name: a norm number, a lone connector."""
    name = _cut_region(_cut_caps(name))
    name = re.split(r"\s+(?:N\s*[°º]|Nº|Nro\.?)", name)[0]
    name = re.sub(r"\s+N$", "", name)
    name = re.sub(rf"(?:\s+{_CONNECTOR})+$", "", name)
    return name


# Several bodies of one kind named at once by their places: "las Oficinas Zonales de Ilo y de
# Omate", "los Gobiernos Regionales de Piura, Tumbes y Lambayeque". Each is one body.
_PLACE = r"[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s+(?:de\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)?"
_PLURAL_NAMES = re.compile(
    r"\b(?P<head>(?:Oficinas|Direcciones|Gerencias|Subgerencias|Subdirecciones|Municipalidades|Gobiernos|Unidades|Agencias|Sedes)"
    r"(?:\s+(?:Zonales|Regionales|Provinciales|Distritales|Desconcentradas|Descentralizadas|Ejecutoras))*)"
    # "de Ilo y de Omate"; zonal units are also named by the bare place ("Unidades Zonales Junín y Tacna")
    rf"(?:\s+(?P<of>de)\s+|(?<=Zonales)\s+)(?P<first>{_PLACE})(?P<rest>(?:\s*,\s*(?:de\s+)?{_PLACE})*\s+(?:y|e)\s+(?:de\s+)?{_PLACE})"
)


def singular(words: str) -> str:
    """The singular of a plural name's head words: "Oficinas Zonales" -> "Oficina Zonal"."""
    def one(word: str) -> str:
        for plural, single in (("ciones", "ción"), ("siones", "sión"), ("ales", "al"), ("ades", "ad"), ("es", "")):
            if word.endswith(plural) and (plural != "es" or word.endswith(("res", "les", "nes"))):
                return word[: -len(plural)] + single
        return word[:-1] if word.endswith("s") else word

    return " ".join(one(w) for w in words.split())


def plural_names(text: str) -> list[tuple[str, int, int]]:
    """(singular name, start, end) of each body a plural name lists; the first spans the head
    and its place, the others their own place with the word that joins it to the list."""
    found = []
    for match in _PLURAL_NAMES.finditer(text):
        head = singular(re.sub(r"\s+", " ", match.group("head")))
        if match.group("of"):
            head += " de"
        found.append((f"{head} {match.group('first')}", match.start(), match.end("first")))
        for item in re.finditer(rf"(?:,|\by\b|\be\b)\s*(?:de\s+)?(?P<place>{_PLACE})", match.group("rest")):
            at = match.start("rest")
            found.append((f"{head} {item.group('place')}", at + item.start("place"), at + item.end("place")))
    return found


# Bodies a regional government has one of, named by their kind alone: "el Consejo Regional".
_ONE_OF_A_KIND = {"Consejo Regional", "Gerencia General Regional", "Gerencia General", "Gobernación Regional", "Consejo Directivo"}


def _is_generic(name: str) -> bool:
    """Only a head and words of kind ("Dirección Regional", "Unidad Ejecutora"): no proper name."""
    if name in _ONE_OF_A_KIND:
        return False
    head = _HEAD.match(name)
    rest = name[head.end() :] if head else name
    words = re.findall(r"[\w\"“”]+", rest)
    return not words or all(w.lower() in _KIND_WORDS for w in words)


def _service_label(name: str) -> str:
    """'Servicio "Ruta Laboral"' -> 'Ruta Laboral'; 'Servicio de Colocación Juvenil' ->
    'Colocación Juvenil'; 'Servicio Nacional de Empleo' stays (an adjective follows the head)."""
    match = re.match(r"Servicios?\s+(?:de(?:l)?\s+)?(?P<rest>.+)$", name)
    if not match:
        return name
    rest = match.group("rest").strip()
    if rest[0] in "\"“":
        return rest.strip("\"“”").strip()
    first = rest.split()[0].lower()
    if first in _KIND_WORDS or first in {"público", "publico", "único", "unico", "integrado", "especializado"}:
        return name
    return rest


class _Names:
    """Which entity is the first (in ``facts.entities`` order) to have each name, while
    :func:`extract` runs: looking a new name up in every entity grew with the square of
    the document. Entities and names are only added meanwhile, the names through
    :func:`add_entity` and its callers, which mark the entity they return for re-reading."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.order: dict[str, int] = {}  # key -> position in facts.entities
        self.normal: dict[tuple[str, str], tuple[int, str]] = {}  # (type, normal form of a name) -> first entity
        self.alt: dict[str, tuple[int, str]] = {}  # alternative label of a named entity -> first entity
        self.dirty: set[str] = set()

    def refresh(self) -> None:
        entities = self.facts.entities
        new = len(entities) - len(self.order)
        if new:
            for key, at in zip(islice(reversed(entities), new), range(len(entities) - 1, -1, -1)):
                self.order[key] = at
                self.dirty.add(key)
        for key in self.dirty:
            entity, first = entities[key], (self.order[key], key)
            for name in (entity.label, *entity.alt_labels):
                normal = (entity.type, gazetteer._norm_form(name))
                self.normal[normal] = min(self.normal.get(normal, first), first)
            if entity.type in _NAMED:
                for name in entity.alt_labels:
                    self.alt[name] = min(self.alt.get(name, first), first)
        self.dirty.clear()


def _names(facts: Facts) -> _Names | None:
    return facts.__dict__.get("_entity_names")


def _find_existing(facts: Facts, type_: EntityType, label: str) -> Entity | None:
    wanted = gazetteer._norm_form(label)
    names = _names(facts)
    if names is not None:
        names.refresh()
        found = names.normal.get((type_, wanted))
        return facts.entities[found[1]] if found else None
    for entity in facts.entities.values():
        if entity.type != type_:
            continue
        if gazetteer._norm_form(entity.label) == wanted or any(gazetteer._norm_form(a) == wanted for a in entity.alt_labels):
            return entity
    return None


_QUOTED_END = re.compile(r"[«\"“](?P<name>[^«»\"“”]{3,80})[»\"”]$")


def add_entity(facts: Facts, type_: EntityType, label: str, key: str | None = None) -> Entity:
    """The entity a name denotes: the gazetteer's, one already found under this name, or a new one."""
    gaz = gazetteer.load()
    seed = gaz.lookup(label)
    if seed is None:
        # "Programa Impulsa Perú", "Servicio de Capacitación Laboral": the head word and a known name
        bare = re.match(r"(?:Programa|Proyecto|Servicio)\s+(?:de(?:l)?\s+)?(.+)$", label)
        candidate = gaz.lookup(bare.group(1)) if bare else None
        if candidate is not None and candidate.type == type_:
            seed = candidate
    if seed is not None:
        entity = facts.entity(seed.key, seed.type, seed.label)
        entity.alt_labels.update(f for f in seed.forms | seed.acronyms if f != seed.label)
        if label != seed.label:
            entity.alt_labels.add(label)
    else:
        entity = _find_existing(facts, type_, label) or facts.entity(key or f"{type_}/{slug(label)}", type_, label)
        quoted = _QUOTED_END.search(label) if type_ in ("programme", "service") else None
        if quoted and quoted.start() > 0:
            # "Programa Nacional … «Trabaja Sin Barreras»": documents also call it by the quoted name
            entity.alt_labels.update({quoted.group("name"), quoted.group(0)})
    names = _names(facts)
    if names is not None:
        names.dirty.add(entity.key)  # its caller may still add names to it
    return entity


_NAMED = ("institution", "programme", "service")
# A mention of a named entity, by position: (entity key, the mention).
NamedMention = tuple[str, Span]


def _mention(entity: Entity, passage: Passage, start: int, end: int, named: Intervals[NamedMention] | None = None) -> None:
    """Adds the mention at ``passage[start:end]`` unless the entity has one at those offsets."""
    mention = span(passage, start, end)
    if add_mention(entity, mention, also_same=mention_offsets) and named is not None and entity.type in _NAMED:
        named.add(mention.start, mention.end, (entity.key, mention))


def _named_mentions(facts: Facts) -> Intervals[NamedMention]:
    """The mentions of named entities by position: the checks below look only near a name,
    where scanning every mention of the document made extraction quadratic."""
    named: Intervals[NamedMention] = Intervals()
    for entity in facts.entities.values():
        if entity.type in _NAMED:
            for m in entity.mentions:
                named.add(m.start, m.end, (entity.key, m))
    return named


def _covering(named: Intervals[NamedMention], lo: int, hi: int) -> str:
    """How existing named mentions sit against [lo, hi): 'inside' (one covers it), 'overlap', or ''."""
    state = ""
    for start, end, _ in named.near(lo, hi):
        if start <= lo and hi <= end:
            return "inside"
        if start < hi and lo < end and not (lo <= start and end <= hi):
            state = "overlap"
    return state


def _first_covering(facts: Facts, named: Intervals[NamedMention], order: dict[str, int], lo: int, hi: int) -> Entity | None:
    """The named entity first found in the document (of those with a mention covering [lo, hi))."""
    keys = {key for start, end, (key, _) in named.near(lo, hi) if start <= lo and hi <= end}
    if len(keys) > 1 and not keys <= order.keys():
        # entities are only added during extraction: number the ones added since last time
        new = len(facts.entities) - len(order)
        order.update(zip(islice(reversed(facts.entities), new), range(len(facts.entities) - 1, -1, -1)))
    if not keys:
        return None
    return facts.entities[min(keys, key=order.__getitem__) if len(keys) > 1 else keys.pop()]


def _drop_nested(facts: Facts, named: Intervals[NamedMention], lo: int, hi: int, keep: str) -> None:
    """Drop mentions of other named entities that lie strictly inside a longer name."""
    inside: dict[str, list[Span]] = defaultdict(list)
    for start, end, (key, m) in named.near(lo, hi):
        if key != keep and lo <= start and end <= hi and (end - start) < (hi - lo):
            inside[key].append(m)
    for key, spans in inside.items():
        entity = facts.entities[key]
        entity.mentions[:] = [m for m in entity.mentions if m not in spans]
        for m in set(spans):
            named.remove(m.start, m.end, (key, m))


def regional_directorate(facts: Facts, acronym: str, region: gazetteer.Seed) -> Entity:
    label = f"{_REGIONAL_LONG[acronym]} de {region.label}"
    entity = add_entity(facts, "institution", label)
    prefix = "GRTPE" if acronym.startswith("G") else "DRTPE"
    entity.alt_labels.add(f"{prefix} {region.label}")
    if acronym != prefix:
        entity.alt_labels.add(f"{acronym} {region.label}")
    entity.attributes.setdefault("acronym", prefix)
    entity.attributes.setdefault("region", region.key)
    return entity


def regional_government(facts: Facts, region: gazetteer.Seed) -> Entity:
    """The government a region's directorates belong to (Lima Metropolitana: its municipality)."""
    if region.key == "region/lima-metropolitana":
        return add_entity(facts, "institution", "Municipalidad Metropolitana de Lima")
    return add_entity(facts, "institution", f"Gobierno Regional de {region.label}")


_COORDINATED = re.compile(r"\s+(?P<conn>y|e)\s+(?:el|la|los|las|al|del)\s+")


_HEAD_WORDS = {w.split()[0][:6] for w in re.split(r"\|", re.sub(r"\(\?![^)]*\)", "", _INSTITUTION_HEADS + "|" + _PROGRAMME_HEADS + "|" + _SERVICE_HEADS))}


def _starts_a_name(text: str) -> bool:
    """Whether ``text`` opens with a head noun (singular or plural: "Direcciones") or an acronym."""
    word = re.match(r"[\wÁÉÍÓÚÑáéíóúñ]+", text)
    if word is None:
        return False
    return word.group()[:6] in _HEAD_WORDS or bool(re.fullmatch(r"[A-ZÁÉÍÓÚÑ]{2,}", word.group()))


def _parts(raw: str) -> list[tuple[int, int, str]]:
    """(start, end, connector before) of each name a match holds, split where a new head begins
    (never inside a name the gazetteer knows), or where a coordination with an article starts."""
    gaz = gazetteer.load()
    known = [(m.start, m.end) for m in gazetteer.find(raw, gaz) if gaz.seeds[m.key].type != "region"]
    splits = [m for m in _SPLIT.finditer(raw) if not any(a < m.start() < b for a, b in known)]
    # "… y la Cooperación" goes on the same name; "… y la Oficina …", "… y la OIT" start another.
    # A service is not named "A y la B": after a service's head, "y el Taller …" is a second one.
    service = bool((head := _HEAD.match(raw)) and head.lastgroup == "service")
    splits += [
        m for m in _COORDINATED.finditer(raw)
        if not any(a < m.start() < b for a, b in known)
        and (_starts_a_name(raw[m.end():]) or any(a == m.end() for a, _ in known) or service)
    ]
    for _, b in known:  # "Ministerio de la Producción y Cámaras de Comercio …"
        after = re.match(r"\s+(?P<conn>y|e)\s+", raw[b:])
        if after:
            splits += [m for m in re.finditer(r"\s+(?P<conn>y|e)\s+", raw) if m.start() == b]
    unique = {m.start(): m for m in splits}
    parts = []
    at, conn = 0, ""
    for split in sorted(unique.values(), key=lambda m: m.start()):
        if split.start() < at:
            continue
        parts.append((at, split.start(), conn))
        at, conn = split.end(), split.group("conn")
    parts.append((at, len(raw), conn))
    return parts


def _resolve_part(facts: Facts, name: str) -> tuple[Entity | None, gazetteer.Seed | None, bool]:
    """The entity a name part denotes, the region it ends with, and whether it is a regional directorate."""
    gaz = gazetteer.load()
    if re.fullmatch(r"[A-ZÁÉÍÓÚÑ]{3,}(?:-[A-Z]+)?", name):  # a bare acronym as parent ("de la OGPP")
        seed = gaz.lookup(name)
        if seed is not None:
            return add_entity(facts, seed.type, seed.label), None, False
        names = _names(facts)
        if names is not None:
            names.refresh()
            found = names.alt.get(name)
            return (facts.entities[found[1]] if found else None), None, False
        for entity in facts.entities.values():
            if entity.type in _NAMED and name in entity.alt_labels:
                return entity, None, False
        return None, None, False
    type_ = classify(name)
    if type_ is None or _is_generic(name) or _NOT_A_NAME.match(name):
        return None, None, False
    if re.match(r"(?:Gobiernos|Direcciones|Centros|Programas|Servicios|Oficinas|Gerencias)\b", name) and gaz.lookup(name) is None:
        return None, None, False  # plural: a class of bodies, not one
    region = region_in(name)
    regional = re.match(r"(Dirección|Gerencia) Regional de Trabajo y Promoción del Empleo", name)
    if regional and region is not None:
        return regional_directorate(facts, "GRTPE" if regional.group(1) == "Gerencia" else "DRTPE", region), region, True
    label = _service_label(name) if type_ == "service" and gaz.lookup(name) is None else name
    entity = add_entity(facts, type_, label)
    if label != name:
        entity.alt_labels.add(name)
    return entity, region, bool(regional)


def extract(document: Document, facts: Facts) -> None:
    """Add the institutions, programmes and services named by their shape, with hierarchy links."""
    gaz = gazetteer.load()
    regional_by_region: dict[str, Entity] = {}
    named = _named_mentions(facts)
    order: dict[str, int] = {}  # entity key -> position in facts.entities
    facts.__dict__["_entity_names"] = _Names(facts)
    try:
        _extract(document, facts, gaz, regional_by_region, named, order)
    finally:
        del facts.__dict__["_entity_names"]
    # A bare "DRTPE" names the document's regional directorate when there is only one.
    if len(regional_by_region) == 1:
        entity = next(iter(regional_by_region.values()))
        entity.alt_labels.add("DRTPE" if "Dirección" in entity.label else "GRTPE")
        for passage in document.passages:
            for match in _BARE_REGIONAL.finditer(passage.text):
                _mention(entity, passage, match.start(), match.end())
    _drop_countries_inside_names(facts)
    _titles_with_subtitles(facts)


# "Surco a Surco: trabajo decente para …": a programme's name, then its subtitle.
_SUBTITLED = re.compile(r"^[«\"“]?(?P<name>[^:«»\"“”]{3,60}?)\s*:\s+\S")


def _titles_with_subtitles(facts: Facts) -> None:
    """A programme or service titled with a subtitle after a colon also goes by the name
    before the colon, so that the short name elsewhere in the document is the same entity."""
    for entity in facts.entities.values():
        if entity.type not in ("programme", "service"):
            continue
        match = _SUBTITLED.match(entity.label)
        if match is not None and 2 <= len(match.group("name").split()) <= 8:
            entity.alt_labels.add(match.group("name").strip())


def _drop_countries_inside_names(facts: Facts) -> None:
    """"Suiza" in "Agencia Suiza para el Desarrollo", "Corea" in "… Internacional de Corea": a
    country inside the name of a body is no mention of the country; one left with no mention
    is no entity of the document."""
    named = sorted(
        mention_offsets(m) for e in facts.entities.values() if e.type in _NAMED for m in e.mentions
    )
    for key in [k for k in facts.entities if k.startswith("country/")]:
        entity = facts.entities[key]
        entity.mentions = [
            m for m in entity.mentions
            if not any(a <= mention_offsets(m)[0] and mention_offsets(m)[1] <= b and (a, b) != mention_offsets(m) for a, b in named)
        ]
        if not entity.mentions and not any(key in (l.subject, l.object) for l in facts.links):
            del facts.entities[key]


def region_in_service_names(facts: Facts, gaz: gazetteer.Gazetteer) -> None:
    """A service or programme whose name ends with a region ("Centro de Empleo Ica", "Ventanilla
    Joven Pasco") works in that region: read from the name, like an office's "… de Piura".
    Run after the links sentences state, so that one a sentence states keeps its source."""
    for entity in list(facts.entities.values()):
        if entity.type not in ("service", "programme") or not entity.mentions:
            continue
        found = [m for m in gazetteer.find(entity.label, gaz) if gaz.seeds[m.key].type == "region"]
        if not found or found[-1].end != len(entity.label.rstrip(" \"”)")) or found[-1].start == 0:
            continue
        seed = gaz.seeds[found[-1].key]
        if not seed.key.startswith("region/"):
            continue  # a country
        region = facts.entity(seed.key, "region", seed.label)
        region.attributes["vocabulary"] = True
        add_link(facts, Link(entity.key, "operatesIn", region.key, entity.mentions[0], rule=NAME_RULE))


def _extract(
    document: Document,
    facts: Facts,
    gaz: gazetteer.Gazetteer,
    regional_by_region: dict[str, Entity],
    named: Intervals[NamedMention],
    order: dict[str, int],
) -> None:
    for sentence in iter_sentences(document):
        passage, text, base = sentence.passage, sentence.text, sentence.start
        for match in _NAME.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            if _TITLE_BEFORE.search(before) or _GENERIC_BEFORE.search(before):
                continue
            raw = _trim(match.group())
            resolved: list[tuple[Entity | None, str, Link | None]] = []
            parts = _parts(raw)
            for index, (p_start, p_end, conn) in enumerate(parts):
                piece = raw[p_start:p_end]
                trimmed = _strip_end(_trim(piece))
                name = clean_name(trimmed)
                synthetic = False
                if index + 1 < len(parts) and parts[index + 1][2] in ("de", "del"):
                    # "Dirección Regional de Trabajo … del Gobierno Regional de Cusco": Cusco's directorate
                    parent_name = clean_name(raw[parts[index + 1][0] : parts[index + 1][1]])
                    government_of = re.match(r"Gobierno Regional (?:de\s+)?(.+)$", parent_name)
                    if government_of and re.match(r"(Dirección|Gerencia) Regional de", name) and region_in(name) is None:
                        name = f"{name} de {government_of.group(1)}"
                        synthetic = True
                lo = passage.start + base + match.start() + p_start
                hi = lo + len(trimmed)
                if not name or _covering(named, lo, hi) in ("inside", "overlap") and not re.fullmatch(r"[A-Z]{3,}(?:-[A-Z]+)?", name):
                    # a name the gazetteer or an acronym definition already covers
                    covering = _covering(named, lo, hi)
                    entity = _first_covering(facts, named, order, lo, hi) if covering == "inside" else None
                    resolved.append((entity, conn, None))
                    continue
                entity, region, regional = _resolve_part(facts, name)
                evidence = span(passage, base + match.start() + p_start, base + match.start() + p_start + len(trimmed))
                if entity is not None and synthetic:
                    # the name as written is how the document calls it (resolution does not merge
                    # on such a name: every regional government has a body called so)
                    entity.alt_labels.add(clean_name(trimmed))
                if entity is not None:
                    if not re.fullmatch(r"[A-Z]{3,}(?:-[A-Z]+)?", name):
                        _mention(entity, passage, base + match.start() + p_start, base + match.start() + p_start + len(trimmed), named)
                        _drop_nested(facts, named, lo, hi, entity.key)
                    if region is not None and entity.type == "institution":
                        if regional or name.startswith(("Dirección Regional", "Gerencia Regional")):
                            regional_by_region[region.key] = entity
                            government = regional_government(facts, region)
                            # Known structure, not what the sentence says: a regional directorate
                            # belongs to its regional government.
                            add_link(facts, Link(entity.key, "subOrganizationOf", government.key, evidence, rule=VOCABULARY))
                    if (
                        region is not None
                        and region.key.startswith("region/")  # a Peruvian region, not a country
                        and not synthetic
                        and region.key in facts.entities
                        and not entity.key.startswith(("institution/gobierno-regional", "institution/municipalidad"))
                    ):
                        # "… de Piura" in an institution's name: it works in Piura (read from the name).
                        add_link(facts, Link(entity.key, "operatesIn", region.key, evidence, rule=NAME_RULE))
                resolved.append((entity, conn, None))
            # "X de/del Y": X belongs to Y (institution) or is run by Y (programme, service)
            for (child, _, _), (parent, conn, _) in zip(resolved, resolved[1:]):
                if child is None or parent is None or conn not in ("de", "del") or parent.type != "institution":
                    continue
                evidence = span(passage, base + match.start(), base + match.start() + len(_strip_end(_trim(raw))))
                if child.type == "institution":
                    if child.key.startswith("institution/direccion-regional") and parent.key.startswith(
                        "institution/gobierno-regional"
                    ):
                        region_key = "region/" + parent.key.split("gobierno-regional-de-", 1)[-1]
                        seed = gaz.seeds.get(region_key)
                        if seed is not None and "region" not in child.attributes:
                            child = regional_directorate(facts, "DRTPE", seed)
                            regional_by_region[region_key] = child
                    add_link(facts, Link(child.key, "subOrganizationOf", parent.key, evidence, rule=OF_RULE))
                else:
                    add_link(facts, Link(parent.key, "runs", child.key, evidence, rule=OF_RULE))
        for name, start, end in plural_names(text):
            entity, _, _ = _resolve_part(facts, name)
            if entity is not None:
                _mention(entity, passage, base + start, base + end, named)
        for match in _COMPANY.finditer(text):
            words = list(re.finditer(r"\S+", match.group("name")))
            skip = 0
            while skip < len(words) - 1 and words[skip].group() in _ARTICLE_WORDS:
                skip += 1  # "La Agroindustrias …" at a sentence's start: the article is no part of it
            # offsets come from the word matches: the name may wrap a line or hold two spaces
            start = match.start("name") + words[skip].start()
            end = match.start("name") + words[-1].end()
            name = " ".join(word.group() for word in words[skip:])
            lo = passage.start + base + start
            if _covering(named, lo, passage.start + base + end) in ("inside", "overlap", "same"):
                continue  # a name with a head noun already read it ("Compañía Minera … S.A.A.")
            company = add_entity(facts, "institution", name)
            _mention(company, passage, base + start, base + end, named)
        for match in _LOWER_KIND.finditer(text):
            name = match.group("name").strip("«»\"“”")
            lo = passage.start + base + match.start("name")
            if _covering(named, lo, lo + len(match.group("name"))) in ("inside", "overlap") or len(name) < 4:
                continue  # the vocabulary or a name with its head already read it
            quoted = match.group("name")[:1] in "«\"“"
            if len([w for w in name.split() if w[:1].isupper()]) < (1 if quoted else 2) or re.search(r"\s(?:y|e)\s+[A-ZÁÉÍÓÚÑ]{2,}\b", name):
                continue  # one word ("el servicio de Conciliación") or two services ("… de ABE y SOVIO")
            kind = match.group("kind").split()[0]
            type_: EntityType = "service" if kind == "servicio" else "programme"
            if any(n.startswith(name + " ") for e in facts.entities.values() if e.type == type_ for n in (e.label, *e.alt_labels)):
                continue  # the short form of a longer name ("el servicio Puente Joven"): short-names reads it
            found_entity = add_entity(facts, type_, name)
            found_entity.alt_labels.add(f"{match.group('kind').capitalize()} {name}")
            if quoted:
                found_entity.alt_labels.add(match.group("name"))  # as written, quotes and all
            _mention(found_entity, passage, base + match.start("kind"), base + match.end("name"), named)
        for match in _LOWER_BODY.finditer(text):
            raw_name = match.group("name")
            name = raw_name.strip("«»\"“”")
            lo = passage.start + base + match.start("name")
            if _covering(named, lo, lo + len(raw_name)) in ("inside", "overlap", "same") or len(name) < 4:
                continue  # a name with a head noun, or the vocabulary, already read it
            quoted = raw_name[:1] in "«\"“"
            if len([w for w in name.split() if w[:1].isupper()]) < (1 if quoted else 2) or gazetteer.find(name, gaz):
                continue  # one bare word ("la empresa Textiles"), or a place ("la empresa de Cusco")
            body = add_entity(facts, "institution", name)
            if quoted:
                body.alt_labels.add(raw_name)
            # the mention spans the kind too, so a cue before it reads "cofinanciado por la"
            _mention(body, passage, base + match.start("kind"), base + match.end("name"), named)
        for match in _GORE.finditer(text):
            found = [m for m in gazetteer.find(text[match.end() : match.end() + 40], gaz) if m.start == 0 and gaz.seeds[m.key].type == "region"]
            if found:
                government = regional_government(facts, gaz.seeds[found[0].key])
                government.alt_labels.add(re.sub(r"\s+", " ", text[match.start() : match.end() + found[0].end]))
                _mention(government, passage, base + match.start(), base + match.end() + found[0].end, named)
        for match in _REGIONAL.finditer(text):
            after = text[match.end() :]
            found = [m for m in gazetteer.find(after[:40], gaz) if m.start == 0 and gaz.seeds[m.key].type == "region"]
            if not found:
                continue
            region = gaz.seeds[found[0].key]
            entity = regional_directorate(facts, match.group("acr"), region)
            regional_by_region[region.key] = entity
            _mention(entity, passage, base + match.start(), base + match.end() + found[0].end, named)
