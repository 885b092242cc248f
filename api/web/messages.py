"""The words of the web pages, one catalog per language.

Every text the pages show is a message here, named by an id: a template writes
``{{ t.search }}``, code reads ``catalog.messages["search"]``. Spanish is the default and
the reference: a language is added by adding its ``MESSAGES`` and ``TYPE_NAMES`` entries
with every id that Spanish has (``tests/web/test_helpers.py`` checks that each language
has them all) and its own name in ``this_language``. ``?lang=`` picks a language and a
cookie remembers it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT = "es"

# Message id -> text, per language. Texts with {placeholders} are filled with str.format.
MESSAGES: dict[str, dict[str, str]] = {
    "es": {
        "tagline": "Grafo de conocimiento y búsqueda en documentos de política de empleo",
        "skip": "Saltar al contenido",
        "nav": "Navegación principal",
        "search": "Buscar",
        "documents": "Documentos",
        "entities": "Entidades",
        "query": "SPARQL",
        "language": "Idioma",
        "search_label": "Pregunta o palabras clave",
        "search_placeholder": "p. ej. ¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?",
        "results_for": "Resultados para",
        "no_results": "No se encontraron pasajes.",
        "showing": "Se muestran {shown} de {total} pasajes",
        "filters": "Filtrar resultados",
        "answer_card": "Respuesta del grafo",
        "narrow_to": "Solo pasajes que nombran",
        "facet_document": "Documento",
        "facet_year": "Año",
        "facet_type": "Tipo",
        "facet_region": "Región",
        "facet_entity": "Entidad",
        "remove_filter": "quitar filtro",
        "clear_filters": "Quitar todos los filtros",
        "section": "Sección",
        "page": "pág.",
        "original": "Archivo original",
        "ocr_desc": "Texto leído por OCR de la imagen de una página escaneada (confianza media del motor); cotéjelo con el original.",
        "in_context": "Ver en el documento",
        "intro": "Busque en español o en inglés. Cada resultado enlaza al pasaje en su documento.",
        "explore": "Explorar",
        "stats": "{documents} documentos, {passages} pasajes, {entities} entidades",
        "title": "Título",
        "publisher": "Editor",
        "year": "Año",
        "type": "Tipo",
        "passages": "Pasajes",
        "contents": "Contenido",
        "labels": "Nombres",
        "alt_labels": "Otros nombres",
        "acronym": "Sigla",
        "facts": "Datos",
        "property": "Propiedad",
        "value": "Valor",
        "sources": "Fuentes",
        "mentions_total": "{shown} de {total} menciones",
        "incoming": "Enlaces entrantes",
        "neighbourhood": "Vecindario",
        "neighbourhood_desc": "{label} y las entidades enlazadas con ella. Cada nodo lleva a su página.",
        "more_neighbours": "y {n} entidades más (véanse Datos y Enlaces entrantes)",
        "nothing": "Nada.",
        "observations": "Valores del indicador",
        "chart": "Gráfico",
        "chart_desc": "Línea de base, meta y valor logrado de {label} por periodo.",
        "period": "Periodo",
        "kind": "Tipo de valor",
        "raw": "Valor impreso",
        "unit": "Unidad",
        "document": "Documento",
        "quote": "Cita",
        "baseline": "Línea de base",
        "target": "Meta",
        "achieved": "Logrado",
        "executionRate": "Tasa de ejecución",
        "cost": "Costo",
        "budgetOpening": "PIA",
        "budgetModified": "PIM",
        "budgetCertified": "Certificado",
        "budgetAccrued": "Devengado",
        "no_chart": "No hay valores numéricos que graficar.",
        "as_rdf": "Como RDF",
        "query_title": "Consulta SPARQL",
        "examples": "Consultas de ejemplo",
        "query_label": "Consulta (SPARQL 1.1)",
        "run": "Ejecutar",
        "results": "Resultados",
        "rows": "{n} filas",
        "truncated_rows": "Se muestran las primeras {n} filas.",
        "download": "Descargar",
        "error": "Error",
        "not_found": "No encontrado",
        "back_home": "Volver al inicio",
        "all_types": "Todos los tipos",
        "filter": "Filtrar",
        "name_filter": "Nombre, sigla o código",
        "mentions": "Menciones",
        "label": "Nombre",
        "this_language": "Español",
    },
    "en": {
        "tagline": "Knowledge graph and search over employment-policy documents",
        "skip": "Skip to content",
        "nav": "Main navigation",
        "search": "Search",
        "documents": "Documents",
        "entities": "Entities",
        "query": "SPARQL",
        "language": "Language",
        "search_label": "Question or keywords",
        "search_placeholder": "e.g. youth employment programmes in Puno",
        "results_for": "Results for",
        "no_results": "No passages found.",
        "showing": "Showing {shown} of {total} passages",
        "filters": "Narrow results",
        "answer_card": "Answer from the graph",
        "narrow_to": "Only passages naming",
        "facet_document": "Document",
        "facet_year": "Year",
        "facet_type": "Type",
        "facet_region": "Region",
        "facet_entity": "Entity",
        "remove_filter": "remove filter",
        "clear_filters": "Clear all filters",
        "section": "Section",
        "page": "p.",
        "original": "Original file",
        "ocr_desc": "Text read by OCR from the image of a scanned page (the engine's mean confidence); check it against the original.",
        "in_context": "Read in the document",
        "intro": "Search in Spanish or English. Every result links to the passage in its document.",
        "explore": "Explore",
        "stats": "{documents} documents, {passages} passages, {entities} entities",
        "title": "Title",
        "publisher": "Publisher",
        "year": "Year",
        "type": "Type",
        "passages": "Passages",
        "contents": "Contents",
        "labels": "Names",
        "alt_labels": "Other names",
        "acronym": "Acronym",
        "facts": "Facts",
        "property": "Property",
        "value": "Value",
        "sources": "Sources",
        "mentions_total": "{shown} of {total} mentions",
        "incoming": "Incoming links",
        "neighbourhood": "Neighbourhood",
        "neighbourhood_desc": "{label} and the entities linked to it. Each node leads to its page.",
        "more_neighbours": "and {n} more entities (see Facts and Incoming links)",
        "nothing": "Nothing.",
        "observations": "Indicator values",
        "chart": "Chart",
        "chart_desc": "Baseline, target and achieved value of {label} by period.",
        "period": "Period",
        "kind": "Kind of value",
        "raw": "As printed",
        "unit": "Unit",
        "document": "Document",
        "quote": "Quote",
        "baseline": "Baseline",
        "target": "Target",
        "achieved": "Achieved",
        "executionRate": "Execution rate",
        "cost": "Cost",
        "budgetOpening": "Opening budget (PIA)",
        "budgetModified": "Modified budget (PIM)",
        "budgetCertified": "Certified",
        "budgetAccrued": "Accrued",
        "no_chart": "There are no numeric values to chart.",
        "as_rdf": "As RDF",
        "query_title": "SPARQL query",
        "examples": "Example queries",
        "query_label": "Query (SPARQL 1.1)",
        "run": "Run",
        "results": "Results",
        "rows": "{n} rows",
        "truncated_rows": "Showing the first {n} rows.",
        "download": "Download",
        "error": "Error",
        "not_found": "Not found",
        "back_home": "Back to the start page",
        "all_types": "All types",
        "filter": "Filter",
        "name_filter": "Name, acronym or code",
        "mentions": "Mentions",
        "label": "Name",
        "this_language": "English",
    },
}

# The names of the ontology's entity types (norm, institution …), per language.
TYPE_NAMES: dict[str, dict[str, str]] = {
    "es": {
        "norm": "Norma", "institution": "Institución", "programme": "Programa", "service": "Servicio",
        "region": "Región", "indicator": "Indicador", "objective": "Objetivo", "action": "Acción",
        "activity": "Actividad", "plan": "Plan", "country": "País",
    },
    "en": {
        "norm": "Norm", "institution": "Institution", "programme": "Programme", "service": "Service",
        "region": "Region", "indicator": "Indicator", "objective": "Objective", "action": "Action",
        "activity": "Activity", "plan": "Plan", "country": "Country",
    },
}

LANGUAGES: tuple[str, ...] = tuple(MESSAGES)


@dataclass(frozen=True)
class Catalog:
    """The messages of one language, and the names it gives the entity types."""

    lang: str
    messages: Mapping[str, str]
    type_names: Mapping[str, str]

    def __getitem__(self, message_id: str) -> str:
        return self.messages[message_id]

    def type_name(self, name: str | None) -> str:
        """How this language names an entity type; the type itself when it has no name for it."""
        return self.type_names.get(name or "", name or "")


def catalog(lang: str) -> Catalog:
    """The catalog of ``lang``; Spanish for a language there is none of."""
    lang = lang if lang in MESSAGES else DEFAULT
    return Catalog(lang, MESSAGES[lang], TYPE_NAMES[lang])


def next_language(lang: str) -> str:
    """The language the switch on every page offers: the one after ``lang``, round the list."""
    return LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)] if lang in LANGUAGES else DEFAULT


__all__ = ["DEFAULT", "LANGUAGES", "MESSAGES", "TYPE_NAMES", "Catalog", "catalog", "next_language"]
