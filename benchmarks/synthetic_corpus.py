"""Synthetic Peruvian employment-policy documents, for the scale benchmark.

Writes a folder of Markdown and plain-text documents that look enough like the real
genres (evaluation reports, operational plans, regional plans, systematisations, programme
fact sheets, norms) to exercise Quipu's whole pipeline: numbered and ``#`` headings, prose
that cites norms, institutions, programmes, services, regions and years, tab-separated and
Markdown pipe tables (indicator sheets, logic matrices, budget and execution tables with
codes such as OEI.01 and AEI.02.03), bulleted lists, captions and source lines, a few
documents in English, a few tiny ones, and a ``manifest.toml`` in Quipu's format.

Every sentence pattern, word and name list and title here was written for this generator;
the official names of real institutions, programmes, services and regions, and the form of
norm citations, are all it shares with real documents by design (OFFICIAL_NAMES; the test in
tests/benchmarks checks that no other run of 8 words appears in ../shared/corpus). Nothing
is read from the real corpus.

The output is a function of the seed alone (``random.Random(seed)``), and documents are
generated and written one at a time, so 1000x the real corpus (about 1 GB) needs little
memory.

    python benchmarks/synthetic_corpus.py OUT_DIR --passages 10000 --seed 0

``--passages`` is how many ~1,000-character passages of text to write (the real corpus:
about 1,010).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

PASSAGE_CHARS = 1000
DEFAULT_CHARS_PER_DOCUMENT = 170_000
MANIFEST_NAME = "manifest.toml"
ENGLISH_SHARE = 0.05
TINY_SHARE = 0.06
MARKDOWN_SHARE = 0.35
UNLISTED_SHARE = 0.04  # documents left out of the manifest (still ingested)
FREE_SHARE = 0.35  # sentences built from the lexicon rather than a template
YEARS = (2008, 2026)


@dataclass(frozen=True)
class CorpusInfo:
    """What :func:`write_corpus` wrote."""

    folder: Path
    documents: int
    characters: int  # of text in the documents (not counting the manifest)
    bytes: int  # the same, UTF-8 encoded
    paths: tuple[Path, ...]  # the documents, in the order written
    manifest: Path
    passages: int  # what was asked for
    seed: int


# --------------------------------------------------------------------------------------
# Vocabularies. Real official names (regions, institutions, programmes, services) are
# facts; everything else (invented programmes, phrasings, templates) is made up here.

# (label as Quipu's gazetteer knows it, acronym used in regional norm suffixes, capital city)
REGIONS: tuple[tuple[str, str, str], ...] = (
    ("Amazonas", "AMZ", "Chachapoyas"), ("Áncash", "ANC", "Huaraz"), ("Apurímac", "APU", "Abancay"),
    ("Arequipa", "AQP", "Arequipa"), ("Ayacucho", "AYA", "Huamanga"), ("Cajamarca", "CAJ", "Cajamarca"),
    ("Callao", "CLL", "Callao"), ("Cusco", "CUS", "Cusco"), ("Huancavelica", "HVCA", "Huancavelica"),
    ("Huánuco", "HCO", "Huánuco"), ("Ica", "ICA", "Ica"), ("Junín", "JUN", "Huancayo"),
    ("La Libertad", "LL", "Trujillo"), ("Lambayeque", "LAMB", "Chiclayo"), ("Lima", "LP", "Huacho"),
    ("Loreto", "LOR", "Iquitos"), ("Madre de Dios", "MDD", "Puerto Maldonado"), ("Moquegua", "MOQ", "Moquegua"),
    ("Pasco", "PAS", "Cerro de Pasco"), ("Piura", "PIU", "Piura"), ("Puno", "PUN", "Puno"),
    ("San Martín", "SM", "Moyobamba"), ("Tacna", "TAC", "Tacna"), ("Tumbes", "TUM", "Tumbes"),
    ("Ucayali", "UCA", "Pucallpa"), ("Lima Metropolitana", "MML", "Lima"),
)
REGION_LABELS = tuple(r[0] for r in REGIONS)

# National bodies, with the article a sentence needs.
NATIONAL = (
    "el Ministerio de Trabajo y Promoción del Empleo (MTPE)", "el MTPE", "el Ministerio de Trabajo",
    "el Viceministerio de Promoción del Empleo y Capacitación Laboral", "la Dirección General de Promoción del Empleo",
    "la Dirección General del Servicio Nacional del Empleo", "la Oficina General de Planeamiento y Presupuesto",
    "la Dirección General de Formación Profesional y Capacitación Laboral", "la SUNAFIL", "la SENAJU",
    "el Ministerio de Desarrollo e Inclusión Social", "el Ministerio de la Mujer y Poblaciones Vulnerables",
    "el Ministerio de Economía y Finanzas", "el Ministerio de Educación", "el Ministerio de la Producción",
    "el INEI", "el CEPLAN", "la Presidencia del Consejo de Ministros", "el Observatorio Socio Económico Laboral",
    "el Consejo Nacional de Trabajo y Promoción del Empleo", "FONDOEMPLEO", "la Dirección de Migración Laboral",
)
COOPERATION = (
    "la OIT", "el PNUD", "el UNFPA", "la OIM", "la GIZ", "la agencia JICA", "la KOICA", "USAID", "la Unión Europea",
    "la AECID", "el Fondo para el logro de los ODM", "el Centro de Servicios CAPLAB",
    "la Asociación Surcos para el Desarrollo Local", "el Centro Andino de Estudios del Trabajo",
    "la Fundación Horizonte Compartido", "la ONG Tejiendo Oficios", "el consorcio Minka Consultores Asociados",
    "la Red Ciudadana por el Trabajo Digno", "el Instituto Amauta de Políticas Públicas",
)
COOPERATION_EN = (
    "the ILO", "UNDP", "UNFPA", "IOM", "GIZ", "JICA", "KOICA", "USAID", "the European Union", "AECID",
    "the MDG Achievement Fund", "the Andean Labour Studies Centre", "the Shared Horizon Foundation",
)
SERVICES = (
    "Bolsa de Trabajo", "Asesoría para la Búsqueda de Empleo", "Certificación de Competencias Laborales",
    "Capacitación Laboral", "Orientación Vocacional e Información Ocupacional", "Información del Mercado de Trabajo",
    "Acercamiento Empresarial", "Orientación para el Migrante", "Certificado Único Laboral", "Centro de Empleo",
    "Ventanilla Única de Promoción del Empleo", "Perú INFOMIGRA", "Intermediación Laboral",
    "Reconversión Laboral", "Autoempleo Productivo", "Ferias Laborales Itinerantes", "Consejería para el Emprendimiento",
    "Plataforma Regional de Empleo en Línea", "Orientación Previa al Retorno", "Validación de Oficios Tradicionales",
)
SERVICES_EN = (
    "job board", "job-search counselling", "skills certification", "vocational guidance", "labour market information",
    "employer outreach", "migrant orientation", "single employment certificate", "employment centre", "job fairs",
)
PROGRAMMES = (
    "Programa Nacional de Empleo Juvenil “Jóvenes Productivos”", "Programa Nacional para la Empleabilidad “Impulsa Perú”",
    "Programa para la Generación de Empleo Social Inclusivo “Trabaja Perú”", "Programa “Construyendo Perú”",
    "Programa de Capacitación Laboral Juvenil “ProJoven”", "Programa Conjunto Juventud, Empleo y Migración",
    "Proyecto REDPROEMPLEO", "Programa Regional Manos que Emprenden", "Proyecto Puentes Laborales Andinos",
    "Programa Mujer Emprende Territorio", "Plan Brújula Ocupacional", "Programa Oficio Seguro",
    "Proyecto Kallpa Llamkay", "Programa Talento Joven Amazónico", "Proyecto Rutas del Trabajo Decente",
    "Programa Retorno Productivo", "Plan Sembrando Empleo Rural", "Proyecto Aprendices en Red",
)
POPULATIONS = (
    "jóvenes de 15 a 29 años", "mujeres jefas de hogar", "personas con discapacidad", "migrantes retornados",
    "trabajadoras del hogar", "buscadores de empleo", "adultos mayores de 45 años", "egresados de institutos técnicos",
    "trabajadores independientes", "productores agrarios familiares", "jóvenes que no estudian ni trabajan",
    "mujeres víctimas de violencia", "personas desempleadas de larga duración", "familias de migrantes",
    "trabajadores del sector construcción", "emprendedores de la economía popular", "jóvenes rurales",
    "personas en situación de pobreza", "comunidades nativas", "estudiantes de los últimos años de secundaria",
    "trabajadores cesados", "artesanos y artesanas", "madres adolescentes", "personas refugiadas",
)
POPULATIONS_EN = (
    "young people aged 15 to 29", "women heads of household", "persons with disabilities", "returning migrants",
    "domestic workers", "jobseekers", "long-term unemployed adults", "rural youth", "self-employed workers",
    "migrant families", "recent technical graduates",
)
ACTIVITIES = (
    "talleres de orientación laboral", "ferias de empleo", "visitas de acercamiento a empresas",
    "cursos de capacitación en oficios", "evaluaciones de competencias", "sesiones de consejería individual",
    "campañas de difusión radial", "mesas de trabajo intersectoriales", "asistencias técnicas a gobiernos locales",
    "encuentros regionales de empleadores", "jornadas de inscripción de vacantes", "módulos de autoempleo",
    "pasantías en empresas", "diagnósticos de brechas de capital humano", "reuniones de coordinación",
    "capacitaciones a gestores de servicios", "seminarios de formalización", "estudios de demanda ocupacional",
)
SECTORS = (
    "agroexportación", "construcción", "turismo", "comercio minorista", "textil y confecciones", "minería formal",
    "pesca artesanal", "servicios de salud", "transporte y logística", "gastronomía", "agroindustria del café",
    "tecnologías de la información", "manufactura metalmecánica", "artesanía", "forestal maderable",
)
PROBLEMS = (
    "la escasa articulación entre los gobiernos regional y local", "la alta rotación del personal técnico",
    "la limitada asignación presupuestal", "la débil difusión de los servicios", "la falta de equipos informáticos",
    "la baja confianza de los empleadores", "la dispersión geográfica de la población objetivo",
    "la ausencia de protocolos de atención", "la informalidad predominante en las empresas locales",
    "la conectividad deficiente en zonas rurales", "la demora en la transferencia de recursos",
    "el desconocimiento de la normativa vigente", "la sobrecarga de funciones del personal",
    "la insuficiente información sobre vacantes", "la falta de un sistema de seguimiento de usuarios",
)
FINDINGS = (
    "una mejora sostenida en la calidad de la atención", "un aumento de la demanda de los servicios",
    "una mayor participación de mujeres", "resultados dispares entre provincias", "brechas de cobertura en zonas altas",
    "avances en la institucionalización del servicio", "retrasos en la ejecución de metas físicas",
    "una alta valoración de los usuarios", "un uso creciente de los canales virtuales",
    "una baja tasa de seguimiento posterior a la colocación", "la consolidación de alianzas con el sector privado",
)
ORG_UNITS = (
    "la Oficina de Planeamiento y Presupuesto", "la Subdirección de Promoción del Empleo",
    "la Unidad de Gestión de Servicios Territoriales", "la Oficina de Estadística y Tecnologías de la Información",
    "la Subgerencia de Desarrollo Productivo", "la Unidad de Monitoreo y Evaluación", "la Oficina de Administración",
    "la Dirección de Capacitación y Normalización", "la Unidad Zonal de Atención", "la Oficina de Asesoría Jurídica",
    "la Subdirección de Formación para el Trabajo", "la Unidad Funcional de Empleabilidad",
)
DOC_KINDS = (  # feminine nouns, for "la {dockind}" and "una {dockind}"
    "directiva", "guía metodológica", "norma técnica", "hoja de ruta", "estrategia de intervención",
    "ruta de atención", "cartilla de procedimientos", "política regional", "agenda de trabajo",
    "metodología de seguimiento",
)
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "setiembre", "octubre",
          "noviembre", "diciembre")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
ADVERBS = ("progresivamente", "de manera sostenida", "con dificultades", "de forma parcial", "en coordinación estrecha",
           "con apoyo técnico externo", "de manera descentralizada", "por primera vez", "en forma articulada",
           "de manera intermitente", "con recursos propios", "bajo la modalidad virtual")
QUALITIES = ("pertinente", "oportuna", "insuficiente", "heterogénea", "limitada", "satisfactoria", "sostenible",
             "parcial", "destacable", "irregular", "adecuada", "innovadora")
FIRM_KINDS = ("Agroindustrias", "Textiles", "Constructora", "Servicios Generales", "Inversiones", "Transportes",
              "Comercial", "Cooperativa Agraria", "Minera", "Hotelera")
FIRM_SUFFIXES = ("S.A.C.", "E.I.R.L.", "S.A.", "S.R.L.", "Ltda.")

# Pieces of invented place and brand names (a Quechua-like sound, no real name intended).
_ONSETS = ("", "ch", "h", "hu", "k", "ll", "m", "n", "p", "q", "r", "s", "t", "w", "y", "c", "qu", "pa", "ta", "ñ")
_VOWELS = ("a", "a", "i", "u", "o", "e")
_CODAS = ("", "", "", "n", "y", "q", "s", "r", "l", "m")
_PLACE_KINDS = ("el distrito de ", "la provincia de ", "la comunidad de ", "el centro poblado de ")
_PLACE_PREFIXES = ("", "", "", "San ", "Santa ", "Nueva ", "Alto ", "Bajo ", "Villa ", "Puerto ")

# ---- a broader lexicon, inflected by rule, for "free" sentences built from parts, so that
# the vocabulary BM25 indexes is not only the templates' words. Regular words only.
NOUNS_F = (
    "capacitación", "inserción", "empleabilidad", "formalización", "remuneración", "contratación", "jornada",
    "vacante", "postulante", "convocatoria", "entrevista", "evaluación", "certificación", "competencia", "habilidad",
    "destreza", "ocupación", "actividad", "empresa", "cooperativa", "asociación", "organización", "institución",
    "municipalidad", "comunidad", "provincia", "zona", "sede", "oficina", "ventanilla", "plataforma", "herramienta",
    "metodología", "estrategia", "política", "norma", "directiva", "guía", "ruta", "meta", "brecha", "demanda",
    "oferta", "cobertura", "calidad", "eficiencia", "eficacia", "pertinencia", "sostenibilidad", "articulación",
    "coordinación", "gestión", "planificación", "programación", "ejecución", "supervisión", "fiscalización",
    "inspección", "orientación", "asesoría", "consejería", "intermediación", "colocación", "permanencia", "rotación",
    "migración", "movilidad", "familia", "mujer", "juventud", "adolescencia", "discapacidad", "vulnerabilidad",
    "pobreza", "informalidad", "productividad", "competitividad", "innovación", "tecnología", "conectividad",
    "infraestructura", "logística", "economía", "inversión", "asignación", "transferencia", "partida", "fuente",
    "cifra", "tendencia", "proporción", "tasa", "encuesta", "muestra", "consulta", "reunión", "mesa",
    "comisión", "alianza", "red", "agenda", "propuesta", "alternativa", "solución", "causa", "consecuencia",
    "limitación", "debilidad", "fortaleza", "oportunidad", "amenaza", "lección", "recomendación", "conclusión",
    "experiencia", "práctica", "iniciativa", "intervención", "atención", "respuesta", "satisfacción", "percepción",
    "expectativa", "trayectoria", "carrera", "profesión", "especialidad", "formación", "educación", "enseñanza",
    "pasantía", "modalidad", "región", "frontera", "ciudad", "periferia", "cadena", "producción", "exportación",
    "agricultura", "ganadería", "pesca", "minería", "construcción", "manufactura", "artesanía", "gastronomía",
    "hotelería", "salud", "seguridad", "protección", "igualdad", "equidad", "inclusión", "participación",
    "representación", "negociación", "concertación", "descentralización", "regionalización", "modernización",
    "simplificación", "digitalización", "difusión", "comunicación", "campaña", "radio", "difusora", "publicación",
    "base", "ficha", "matriz", "línea", "unidad", "dependencia", "gerencia", "subgerencia", "jefatura", "coordinadora",
    "autonomía", "capacidad", "confianza", "continuidad", "contrapartida", "cultura", "dinámica", "disponibilidad",
    "duración", "edad", "escala", "etapa", "fase", "figura", "frecuencia", "garantía", "identidad",
    "importancia", "incidencia", "información", "instancia", "legislación", "licencia", "lógica", "magnitud",
    "manera", "medida", "memoria", "misión", "necesidad", "obligación", "operación", "opinión", "perspectiva",
    "planilla", "población", "postura", "premisa", "presencia", "presión", "prioridad", "prueba", "realidad",
    "relación", "rendición", "reputación", "resistencia", "responsabilidad", "retribución", "revisión", "salida",
    "selección", "sesión", "situación", "sociedad", "tarea", "temporada", "tensión", "trama", "transición",
    "valoración", "variable", "variación", "versión", "visión", "visita", "voluntad", "vivienda", "cosecha",
    "feria", "tienda", "bodega", "chacra", "granja", "panadería", "carpintería", "costura", "mecánica",
    "electricidad", "soldadura", "albañilería", "cocina", "repostería", "peluquería", "cosmetología",
    "computación", "contabilidad", "enfermería", "mensajería", "limpieza", "vigilancia", "cobranza", "venta",
)
NOUNS_M = (
    "empleo", "trabajo", "contrato", "salario", "ingreso", "puesto", "oficio", "perfil", "currículo", "taller",
    "curso", "módulo", "programa", "proyecto", "plan", "servicio", "sistema", "registro", "aplicativo", "portal",
    "formulario", "expediente", "procedimiento", "protocolo", "lineamiento", "reglamento", "convenio", "acuerdo",
    "compromiso", "presupuesto", "gasto", "recurso", "fondo", "aporte", "costo", "monto", "saldo", "avance",
    "logro", "resultado", "impacto", "efecto", "indicador", "valor", "promedio", "porcentaje", "índice", "reporte",
    "informe", "estudio", "diagnóstico", "análisis", "balance", "seguimiento", "monitoreo", "control", "proceso",
    "mecanismo", "instrumento", "criterio", "enfoque", "objetivo", "propósito", "componente", "producto", "insumo",
    "actor", "aliado", "socio", "gremio", "sindicato", "empleador", "trabajador", "usuario", "beneficiario",
    "participante", "egresado", "estudiante", "docente", "gestor", "promotor", "especialista", "técnico", "consultor",
    "evaluador", "funcionario", "servidor", "director", "gerente", "equipo", "personal", "local", "ambiente",
    "equipamiento", "mobiliario", "material", "contenido", "territorio", "distrito", "departamento", "ámbito",
    "sector", "mercado", "negocio", "emprendimiento", "crédito", "financiamiento", "incentivo", "subsidio", "bono",
    "reconocimiento", "certificado", "diploma", "derecho", "deber", "beneficio", "riesgo", "problema", "desafío",
    "reto", "obstáculo", "nudo", "vacío", "retraso", "incumplimiento", "desempeño", "desarrollo", "crecimiento",
    "desempleo", "subempleo", "ciclo", "periodo", "semestre", "trimestre", "mes", "año", "horizonte", "escenario",
    "contexto", "entorno", "marco", "alcance", "nivel", "grado", "tipo", "grupo", "segmento", "estrato", "hogar",
    "migrante", "retorno", "flujo", "canal", "medio", "mensaje", "evento", "encuentro", "foro",
    "seminario", "conversatorio", "pilotaje", "piloto", "modelo", "prototipo", "esquema", "tablero", "archivo",
    "padrón", "listado", "inventario", "catálogo", "directorio", "mapa", "circuito", "corredor", "polo", "núcleo",
    "acceso", "acompañamiento", "ajuste", "aprendizaje", "apoyo", "arreglo", "aspecto", "aumento", "cambio",
    "campo", "caso", "centro", "comercio", "comité", "concurso", "conjunto", "conocimiento", "consumo",
    "cuidado", "cumplimiento", "daño", "dato", "descenso", "despido", "destino", "documento", "ejercicio",
    "elemento", "encargo", "error", "espacio", "esfuerzo", "estado", "estímulo", "fenómeno", "fin", "hallazgo",
    "hecho", "horario", "intento", "interés", "juicio", "límite", "lugar", "método", "motivo",
    "movimiento", "número", "objeto", "paso", "patrón", "pedido", "plazo", "principio", "punto", "rango",
    "reclamo", "requisito", "rubro", "sentido", "sueldo", "supuesto", "tema", "tiempo", "total", "traslado",
    "turno", "uso", "vínculo", "agricultor", "artesano", "comerciante", "conductor", "operario",
    "obrero", "vendedor", "cocinero", "carpintero", "electricista", "mecánico", "soldador", "albañil", "tejedor",
    "ganadero", "pescador", "minero", "guía", "cajero", "almacenero", "digitador", "auxiliar", "asistente",
)
ADJECTIVES = (
    "laboral", "formal", "informal", "técnico", "productivo", "ocupacional", "vocacional", "regional", "local",
    "nacional", "municipal", "sectorial", "territorial", "rural", "urbano", "periurbano", "andino", "amazónico",
    "costero", "fronterizo", "público", "privado", "comunitario", "social", "económico", "financiero",
    "presupuestal", "administrativo", "operativo", "estratégico", "institucional", "normativo", "legal",
    "metodológico", "estadístico", "digital", "virtual", "presencial", "itinerante", "permanente", "temporal",
    "estacional", "anual", "semestral", "trimestral", "mensual", "progresivo", "gradual", "sostenido", "creciente",
    "decreciente", "significativo", "relevante", "prioritario", "complementario", "adicional",
    "específico", "general", "integral", "articulado", "descentralizado", "coordinado", "oportuno", "pertinente",
    "eficiente", "eficaz", "adecuado", "suficiente", "insuficiente", "limitado", "reducido", "elevado", "alto",
    "bajo", "moderado", "mayor", "menor", "principal", "secundario", "nuevo", "reciente", "antiguo", "vigente",
    "pendiente", "disponible", "accesible", "inclusivo", "equitativo", "diverso", "heterogéneo", "homogéneo",
    "vulnerable", "juvenil", "femenino", "masculino", "familiar", "individual", "colectivo", "grupal",
    "participativo", "intercultural", "bilingüe", "innovador", "emprendedor", "competitivo", "calificado",
    "certificado", "capacitado", "registrado", "colocado", "inscrito", "atendido", "derivado", "focalizado",
    "priorizado", "validado", "aprobado", "programado", "ejecutado", "devengado", "comprometido", "certificable",
    "medible", "verificable", "comparable", "confiable", "preciso", "completo", "parcial", "nulo", "crítico",
    "débil", "sólido", "frágil", "estable", "inestable", "precario", "digno", "decente", "seguro", "saludable",
    "agrario", "agrícola", "pecuario", "pesquero", "minero", "industrial", "comercial", "turístico", "artesanal",
    "textil", "forestal", "ambiental", "climático", "sanitario", "educativo", "cultural", "político", "jurídico",
    "contable", "tributario", "salarial", "sindical", "gremial", "empresarial", "asociativo", "cooperativo",
    "tecnológico", "informático", "remoto", "cercano", "lejano", "disperso", "aislado", "concentrado", "extenso",
    "breve", "largo", "corto", "amplio", "estrecho", "rápido", "lento", "claro", "confuso", "visible", "invisible",
    "favorable", "desfavorable", "positivo", "negativo", "neutro", "activo", "pasivo", "directo", "indirecto",
    "externo", "interno", "formativo", "correctivo", "preventivo", "sancionador", "consultivo", "deliberativo",
)
VERBS = (  # regular in every form used here
    "aplicar", "articular", "analizar", "identificar", "priorizar", "organizar", "coordinar", "implementar",
    "ejecutar", "registrar", "monitorear", "supervisar", "gestionar", "capacitar", "orientar", "acompañar",
    "certificar", "validar", "consolidar", "formalizar", "incorporar", "mejorar", "optimizar", "actualizar",
    "elaborar", "diseñar", "planificar", "programar", "asignar", "contratar", "colocar", "insertar", "vincular",
    "derivar", "informar", "reportar", "sistematizar", "documentar", "revisar", "ajustar", "proyectar", "estimar",
    "calcular", "cuantificar", "focalizar", "movilizar", "sensibilizar", "convocar", "impulsar", "promocionar",
    "fomentar", "estimular", "incentivar", "facilitar", "agilizar", "simplificar", "digitalizar", "integrar",
    "canalizar", "habilitar", "equipar", "instalar", "acondicionar", "entrenar", "asesorar", "acreditar",
    "homologar", "estandarizar", "fiscalizar", "inspeccionar", "sancionar", "verificar", "constatar", "detectar",
    "caracterizar", "mapear", "recopilar", "procesar", "tabular", "publicar", "socializar", "presentar",
    "aprovechar", "fortalecer", "establecer", "ofrecer", "favorecer", "reconocer", "comprender", "responder",
    "emprender", "ejercer", "cumplir", "asumir", "difundir", "recibir", "decidir", "definir", "añadir", "dividir",
    "percibir", "permitir", "resumir", "transmitir", "compartir", "discutir", "admitir", "omitir", "suprimir",
    "acopiar", "agrupar", "alcanzar", "apoyar", "archivar", "asegurar", "avanzar",
    "buscar", "cambiar", "completar", "comunicar", "conectar", "conformar", "conservar", "considerar",
    "contactar", "contrastar", "controlar", "dejar", "desarrollar", "destacar", "destinar", "dictar",
    "encargar", "enfrentar", "entregar", "esperar", "evitar", "explorar", "expresar", "formar",
    "generar", "ingresar", "lograr", "llevar", "marcar", "necesitar", "observar",
    "ocupar", "operar", "otorgar", "pagar", "participar", "plantear", "preparar", "preservar", "prestar",
    "reemplazar", "relevar", "reservar", "respetar", "retomar", "sumar", "trabajar",
    "trasladar", "usar", "utilizar", "velar", "vender", "aprender", "depender", "proceder", "exceder",
)
NAMES = (
    "Rosa", "Carmen", "Luz", "Elena", "Milagros", "Yolanda", "Gladys", "Ruth", "Silvia", "Patricia", "Lourdes",
    "Marleni", "Julia", "Flor", "Nancy", "Teresa", "Sonia", "Karina", "Lucía", "Vilma", "Jorge", "Luis", "Carlos",
    "Víctor", "Raúl", "Edwin", "Wilber", "Percy", "Hugo", "Javier", "Rolando", "Alberto", "Fredy", "Walter",
    "César", "Julio", "Mario", "Óscar", "Ernesto", "Ricardo",
)
SURNAMES = (
    "Quispe", "Mamani", "Huamán", "Condori", "Flores", "Chávez", "Ramos", "Torres", "Vargas", "Rojas", "Castillo",
    "Gutiérrez", "Mendoza", "Ccama", "Apaza", "Choque", "Huanca", "Salazar", "Paredes", "Aguilar", "Medina",
    "Cárdenas", "Villanueva", "Espinoza", "Ríos", "Tito", "Pari", "Ticona", "Yupanqui", "Cusi", "Sánchez",
    "Palomino", "Zevallos", "Alarcón", "Benavides", "Cornejo", "Delgado", "Gamarra", "Lazo", "Ortiz",
)


_UNACCENT = str.maketrans("áéíóú", "aeiou")
_IRREGULAR_PLURALS = {"mes": "meses"}


def _plural(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("ión"):
        return word[:-3] + "iones"
    if len(word) > 2 and word[-2] in "áéíóú" and word[-1] not in "aeiou":
        return word[:-2] + word[-2].translate(_UNACCENT) + word[-1] + "es"  # padrón -> padrones
    if word.endswith("z"):
        return word[:-1] + "ces"
    if word.endswith("s") and not word.endswith(("és", "ás", "ís", "ós", "ús")):
        return word  # análisis, crisis
    if word[-1] in "aeiouáéó":
        return word + "s"
    return word + "es"


def _adjective_forms(word: str) -> tuple[str, str, str, str]:
    """(masculine, feminine, masculine plural, feminine plural)."""
    if word.endswith("o"):
        stem = word[:-1]
        return word, stem + "a", stem + "os", stem + "as"
    if word.endswith("dor"):
        return word, word + "a", word + "es", word + "as"
    plural = _plural(word)
    return word, word, plural, plural


_SUBJUNCTIVE_STEMS = {"ejercer": "ejerz"}


def _verb_forms(verb: str) -> dict[str, str]:
    """Third-person forms of a regular verb (spelling changes of -car, -gar, -zar, -cer)."""
    stem, ending = verb[:-2], verb[-2:]
    if ending == "ar":
        sub = stem[:-1] + {"c": "qu", "g": "gu", "z": "c"}.get(stem[-1], stem[-1])
        return {"inf": verb, "pret": stem + "ó", "pret_pl": stem + "aron", "part": stem + "ado",
                "ger": stem + "ando", "pres": stem + "a", "pres_pl": stem + "an", "imp": stem + "aba",
                "imp_pl": stem + "aban", "fut": verb + "á", "fut_pl": verb + "án", "subj": sub + "e", "subj_pl": sub + "en"}
    sub = _SUBJUNCTIVE_STEMS.get(verb) or (stem[:-1] + "zc" if stem.endswith("c") and ending == "er" else stem)
    return {"inf": verb, "pret": stem + "ió", "pret_pl": stem + "ieron", "part": stem + "ido",
            "ger": stem + "iendo", "pres": stem + "e", "pres_pl": stem + "en", "imp": stem + "ía",
            "imp_pl": stem + "ían", "fut": verb + "á", "fut_pl": verb + "án", "subj": sub + "a", "subj_pl": sub + "an"}


# (singular, plural, feminine?) of each noun; articles by [definite][plural][feminine]
_NOUN_TABLE = tuple((n, _plural(n), 1) for n in NOUNS_F) + tuple((n, _plural(n), 0) for n in NOUNS_M)
_NOUN_COUNT = len(_NOUN_TABLE)
_ADJ_FORMS = tuple(_adjective_forms(a) for a in ADJECTIVES)
_ADJ_COUNT = len(_ADJ_FORMS)
_VERB_FORMS = tuple(_verb_forms(v) for v in VERBS)
_ADVERBS = tuple(forms[1] + "mente" for forms in _ADJ_FORMS if forms[0][-1] in "oel")
_ARTICLE_TABLE = ((("un ", "una "), ("unos ", "unas ")), (("el ", "la "), ("los ", "las ")))

# The official names of real bodies, programmes and services used above, and the fixed
# forms of regional bodies' names: the only runs of words these documents share with real
# ones by design (tests/benchmarks checks that no other 8-word run is shared).
OFFICIAL_NAMES: tuple[str, ...] = (
    "Dirección Regional de Trabajo y Promoción del Empleo", "Gerencia Regional de Trabajo y Promoción del Empleo",
    "Ministerio de Trabajo y Promoción del Empleo", "Ministerio de Trabajo",
    "Viceministerio de Promoción del Empleo y Capacitación Laboral", "Dirección General de Promoción del Empleo",
    "Dirección General del Servicio Nacional del Empleo", "Oficina General de Planeamiento y Presupuesto",
    "Dirección General de Formación Profesional y Capacitación Laboral", "Ministerio de Desarrollo e Inclusión Social",
    "Ministerio de la Mujer y Poblaciones Vulnerables", "Ministerio de Economía y Finanzas", "Ministerio de Educación",
    "Ministerio de la Producción", "Presidencia del Consejo de Ministros", "Observatorio Socio Económico Laboral",
    "Consejo Nacional de Trabajo y Promoción del Empleo", "Dirección de Migración Laboral",
    "Fondo para el logro de los ODM", "Centro de Servicios CAPLAB",
    "Bolsa de Trabajo", "Asesoría para la Búsqueda de Empleo", "Certificación de Competencias Laborales",
    "Capacitación Laboral", "Orientación Vocacional e Información Ocupacional", "Información del Mercado de Trabajo",
    "Acercamiento Empresarial", "Orientación para el Migrante", "Certificado Único Laboral", "Centro de Empleo",
    "Ventanilla Única de Promoción del Empleo", "Perú INFOMIGRA", "Intermediación Laboral",
    "Programa Nacional de Empleo Juvenil “Jóvenes Productivos”", "Programa Nacional para la Empleabilidad “Impulsa Perú”",
    "Programa para la Generación de Empleo Social Inclusivo “Trabaja Perú”", "Programa “Construyendo Perú”",
    "Programa de Capacitación Laboral Juvenil “ProJoven”", "Programa Conjunto Juventud, Empleo y Migración",
    "Proyecto REDPROEMPLEO", "Plan Operativo Institucional", "Gobierno Regional de",
)

# ---- sentence templates (Spanish). {Slot} capitalised at the start; see _Writer._slots.
SENTENCES_ES = (
    "{Inst} puso en marcha el servicio de {service} en {place} durante {year}, con énfasis en {pop}.",
    "Entre {month} y {month2} de {year} se atendió a {n} personas, de las cuales el {pct} fueron mujeres.",
    "La {dockind} fue aprobada mediante {norm}, que además encargó su seguimiento a {orgunit}.",
    "Según los registros administrativos, el servicio de {service} logró colocar a {n} {pop} en puestos formales.",
    "Los informes trimestrales muestran {finding} en {myregion}, aunque persiste {problem}.",
    "El equipo evaluador identificó {problem} como la principal restricción para ampliar la cobertura.",
    "{Coop} financió {activity} en {small} provincias de {myregion}, por un monto de {soles}.",
    "La meta física prevista para {year} era de {n} atenciones; al cierre del periodo se alcanzó un avance de {pct}.",
    "De acuerdo con {norm}, corresponde a {inst} conducir la política de promoción del empleo en el ámbito nacional.",
    "En {place} la oferta de {service} se organizó {adverb}, mediante convenios con municipalidades y gremios.",
    "El {prog} priorizó a {pop} y a {pop2}, dos grupos con tasas de desempleo superiores al promedio regional.",
    "Durante la visita de campo a {local}, los usuarios calificaron la atención como {quality}.",
    "La ejecución presupuestal del componente alcanzó {soles}, equivalente al {pct} del presupuesto modificado.",
    "Se realizaron {small} {activity} con participación de {n} asistentes, principalmente del sector {sector}.",
    "La Dirección Regional de Trabajo y Promoción del Empleo de {myregion} asumió la gestión del centro en {year}.",
    "Por {norm} se dispuso la conformación de una comisión multisectorial para revisar la oferta de {service}.",
    "Los gestores señalaron que {problem} redujo la continuidad de las intervenciones en {place}.",
    "Mediante {norm} se modificó el Plan Operativo Institucional, incorporando {small} actividades operativas nuevas.",
    "El índice de satisfacción de los usuarios pasó de {pct} en {year} a {pct2} en {year2}.",
    "Con apoyo de {coop}, se diseñó una {dockind} para estandarizar la atención de {pop}.",
    "Las empresas del sector {sector} registraron {n} vacantes, de las cuales se cubrió el {pct}.",
    "{Inst} suscribió un convenio con {firm} para incorporar a {small} practicantes en {year}.",
    "La cobertura del servicio sigue siendo {quality}, pues apenas alcanza a {n} de los potenciales usuarios de {myregion}.",
    "Amparado en {norm}, el gobierno regional declaró de interés la promoción del empleo juvenil en {myregion}.",
    "El análisis de causas relaciona {problem} con la debilidad de los sistemas de información.",
    "Para {year2} se propone ampliar {activity} a {small} distritos adicionales y fortalecer la red de aliados.",
    "La tasa de inserción laboral de los participantes del {prog} llegó a {pct}, por encima de la línea de base.",
    "En la provincia de {capital} se instaló un módulo de atención que funciona {adverb} desde {month} de {year}.",
    "La {dockind} establece plazos, responsables y formatos para el registro de las atenciones en {service}.",
    "Los resultados de la encuesta a empleadores revelan {finding} y una demanda creciente de perfiles técnicos.",
    "{Orgunit} consolidó la información de {small} unidades ejecutoras para el informe de evaluación anual.",
    "El presupuesto institucional de apertura ascendió a {soles} y fue incrementado por {norm}.",
    "A pesar de {problem}, el servicio de {service} superó la meta anual en {myregion}.",
    "Según el registro del servicio, {n} {pop} recibieron orientación personalizada en {year}.",
    "La coordinación entre {inst} y el gobierno local de {local} permitió ampliar el horario de atención.",
    "Se recomienda que {orgunit} revise los indicadores, dado que varios carecen de método de cálculo explícito.",
    "El convenio con {coop} venció en {month} de {year2} y no fue renovado por falta de contrapartida.",
    "Las ferias laborales realizadas en {capital} convocaron a {small} empresas y a más de {n} postulantes.",
    "La estrategia de intervención del {prog} combina {activity} con incentivos a la contratación formal.",
    "En términos de género, la participación femenina en {service} alcanzó el {pct} del total de usuarios.",
    "La Ordenanza Regional que aprobó el plan fue publicada en {month} de {year} y rige hasta {year2}.",
    "De las metas programadas para el semestre se cumplieron {small}, y otras {small2} quedaron pendientes según {orgunit}.",
    "El personal de la sede de {capital} recibió {activity} sobre el uso del aplicativo de registro.",
    "Un hallazgo relevante es {finding}, atribuible en parte a {activity} promovidos por {coop}.",
    "La demanda ocupacional del sector {sector} se concentra en operarios calificados y técnicos de mando medio.",
    "{Inst} transfirió {soles} al gobierno regional de {region} para la operación del servicio en {year}.",
    "Las actas de las mesas técnicas documentan acuerdos sobre {activity} y sobre la atención de {pop}.",
    "El documento fue validado en un taller con representantes de {small} instituciones públicas y privadas.",
    "Entre {year} y {year2}, la proporción de {pop} con empleo adecuado en {myregion} varió de {pct} a {pct2}.",
    "Se verificó que {small} de los módulos inspeccionados no contaban con señalización ni acceso para personas con discapacidad.",
    "El reporte de avance del tercer trimestre consigna un devengado de {soles} en la genérica de bienes y servicios.",
    "La experiencia piloto de {local} mostró que {activity} elevan la tasa de colocación cuando se articulan con {service}.",
    "Al respecto, {norm} precisa las funciones de las instancias regionales en materia de {service}.",
    "Finalmente, el informe advierte que {problem} podría comprometer el logro de las metas al {year2}.",
    "Se estima que {n} {pop} de {myregion} podrían beneficiarse si el servicio se extendiera a las zonas rurales.",
    "El servicio de {service}, a cargo de {inst}, amplió su horario de atención en {capital} durante {year}.",
    "El {prog}, financiado por {coop}, benefició a {n} {pop} entre {year} y {year2}.",
    "El {prog} fue creado mediante {norm} para atender a {pop} de zonas urbanas y rurales.",
    "El servicio de {service} está regulado por {norm}, cuya aplicación supervisa {orgunit}.",
    "{Norm}, que modificó {norm2}, redefinió las metas anuales del servicio de {service}.",
    "{Coop} financia el {prog} en {small} provincias de {myregion} desde {year}.",
    "El {prog} fue aprobado mediante {norm} en {month} de {year}.",
    "{Norm_dated}, fijó los criterios para {activity}.",
    "El {prog} es ejecutado por {inst} en coordinación con los municipios de {myregion}.",
    "{Inst} ejecuta el {prog} con recursos ordinarios y aportes de {coop}.",
    "Según {person}, especialista de {orgunit}, {problem} persiste en {place}.",
    "La entrevista a {person}, responsable del servicio en {capital}, confirmó {finding}.",
    "{Person} coordinó {activity} con {small} gobiernos locales durante {year}.",
    "{Inst} puso en funcionamiento el {system} para registrar a {pop} en {myregion}.",
    "Los datos del {acronym} muestran {finding} entre {year} y {year2}.",
    "Según el {acronym}, se registraron {n} atenciones en {capital} durante {month}.",
)
SENTENCES_EN = (
    "In {year} the programme reached {n} {pop}, {pct} of whom were women.",
    "{Coop} funded {small} rounds of {service_en} workshops in {myregion} for a total of {usd}.",
    "The evaluation found that the {service_en} service was {quality_en} but poorly publicised outside {capital}.",
    "Regional staff reported that high turnover slowed the roll-out of the {service_en} in {place_en}.",
    "Under {norm}, the regional government adopted a youth employment plan for {year} to {year2}.",
    "Placement rates among {pop} rose from {pct} in {year} to {pct2} in {year2}.",
    "The {prog} combined short vocational courses with employer outreach in {small} provinces.",
    "Most of the {n} vacancies registered came from the {sector_en} sector.",
    "Partners agreed that the employment centre in {capital} should extend its opening hours from {month_en} {year2}.",
    "Budget execution reached {pct} of the modified budget, equivalent to {soles}.",
    "The team recommends a single registry of users so that {pop} can be followed after placement.",
    "Interviews with {small} employers suggest growing demand for technicians in {sector_en}.",
    "Coordination between the Ministry of Labour and local governments in {myregion} remained {quality_en}.",
    "A follow-up survey of {n} participants showed that {pct} were still employed six months later.",
    "The steering committee met {small} times in {year} and approved the annual operating plan.",
    "Lessons from {place_en} show that outreach by local radio doubled registrations among {pop}.",
    "Targets for {year2} were revised downwards after funds from {coop} arrived late.",
    "The migrant information service answered {n} enquiries, mostly about contracts and remittances.",
)
HEADINGS_ES = (
    "Introducción", "Antecedentes", "Marco normativo", "Objetivos de la evaluación", "Metodología",
    "Alcance y limitaciones", "Caracterización del servicio", "Diagnóstico situacional", "Análisis de la demanda",
    "Resultados alcanzados", "Ejecución física y financiera", "Hallazgos principales", "Lecciones aprendidas",
    "Conclusiones", "Recomendaciones", "Articulación intergubernamental", "Gestión del presupuesto",
    "Seguimiento de indicadores", "Estrategia de intervención", "Cobertura territorial", "Enfoque de género",
    "Sostenibilidad de la intervención", "Población objetivo", "Cadena de valor del servicio",
    "Modificaciones del plan operativo", "Matriz de indicadores", "Problemas identificados", "Alternativas de solución",
    "Roles por nivel de gobierno", "Fortalecimiento de capacidades", "Medidas correctivas", "Anexos",
    "Percepción de los usuarios", "Relación con el sector privado", "Costos de la intervención",
)
HEADINGS_TEMPLATES_ES = (
    "Resultados del servicio de {service} en {myregion}", "Ejecución del {prog} en {year}",
    "Situación del empleo de {pop}", "Avance de metas al {month} de {year}", "El servicio de {service}",
    "Intervención en {place}", "Alianzas con {coop}", "Balance del periodo {year}-{year2}",
)
HEADINGS_EN = (
    "Introduction", "Background", "Methodology", "Main findings", "Results by region", "Budget execution",
    "Lessons learned", "Recommendations", "Conclusions", "Sustainability", "Gender approach", "Annexes",
)
INDICATORS_ES = (
    "Porcentaje de {pop} insertados en un empleo formal",
    "Número de {pop} atendidos por el servicio de {service}",
    "Tasa de colocación de los usuarios de {service}",
    "Porcentaje de vacantes cubiertas a través de {service}",
    "Número de empresas que registran vacantes en {service}",
    "Porcentaje de {pop} con competencias certificadas",
    "Número de {activity} ejecutados",
    "Tiempo promedio de espera para la atención en {service} (minutos)",
    "Porcentaje de usuarios satisfechos con {service}",
    "Número de gobiernos locales con módulos de {service} operativos",
    "Tasa de informalidad laboral de {pop}",
    "Porcentaje de la PEA ocupada con empleo adecuado en {region}",
    "Ingreso laboral promedio de {pop} (soles)",
    "Número de convenios vigentes con empresas del sector {sector}",
    "Porcentaje de ejecución del presupuesto asignado al servicio",
    "Número de gestores capacitados en {service}",
    "Porcentaje de {pop} que culminan la capacitación",
    "Número de estudios de demanda laboral publicados",
    "Porcentaje de atenciones registradas en el sistema en línea",
    "Número de {pop} orientados sobre derechos laborales",
    "Índice de cumplimiento de los protocolos de atención",
    "Porcentaje de centros de atención con accesibilidad para personas con discapacidad",
    "Número de ferias laborales organizadas en {region}",
    "Porcentaje de {pop} colocados que permanecen empleados a los seis meses",
    "Número de certificados emitidos por {service}",
    "Brecha de cobertura del servicio de {service} en zonas rurales",
    "Porcentaje de metas físicas cumplidas por la unidad ejecutora",
    "Número de documentos de gestión aprobados",
    "Porcentaje de {pop} con plan de búsqueda de empleo",
    "Número de empleadores atendidos por acercamiento empresarial",
    "Tasa de desempleo juvenil urbana en {region}",
    "Porcentaje de acciones de fiscalización con enfoque preventivo",
)
INDICATORS_EN = (
    "Share of {pop} placed in formal jobs", "Number of {pop} served by the {service_en}",
    "Employer satisfaction with the {service_en} (%)", "Number of vacancies registered",
    "Share of trainees who complete the course", "Budget execution rate (%)",
)
UNITS_ES = ("Porcentaje", "Número", "Persona", "Tasa", "Índice", "Empresa", "Informe", "Documento", "Soles", "Acción")
OBJECTIVES_ES = (
    "Mejorar la empleabilidad de {pop} en {myregion}",
    "Incrementar la inserción laboral formal de {pop}",
    "Fortalecer la gestión descentralizada del servicio de {service}",
    "Reducir {problem}",
    "Ampliar la cobertura de {service} en zonas rurales de {myregion}",
    "Promover el trabajo decente en el sector {sector}",
    "Articular la oferta formativa con la demanda del sector {sector}",
    "Consolidar un sistema de información sobre {pop}",
    "Garantizar la atención oportuna de {pop} en los centros de empleo",
    "Desarrollar capacidades de los gestores regionales en {service}",
    "Implementar {activity} con enfoque territorial",
    "Facilitar el retorno productivo de {pop}",
)
ASSUMPTIONS_ES = (
    "Se mantiene la asignación presupuestal", "Los gobiernos locales participan activamente",
    "Las empresas registran sus vacantes", "No se producen cambios bruscos en la economía regional",
    "El personal capacitado permanece en sus puestos", "Existe conectividad en las sedes",
    "Los usuarios acuden a las convocatorias", "La cooperación cumple los desembolsos previstos",
)
VERIFICATION_ES = (
    "Registros administrativos del servicio", "Informes trimestrales de seguimiento", "Encuesta a usuarios",
    "Actas de reuniones", "Reportes del sistema en línea", "Encuesta Nacional de Hogares",
    "Listas de asistencia", "Resoluciones publicadas", "Informe de evaluación anual",
)
RECOMMENDATIONS_ES = (
    "Asignar personal permanente al servicio de {service} en {myregion}.",
    "Elaborar una {dockind} que unifique el registro de {pop}.",
    "Incorporar en el POI metas diferenciadas por sexo y por provincia.",
    "Fortalecer la coordinación con {coop} para el financiamiento de {activity}.",
    "Revisar la fórmula de cálculo de los indicadores de resultado.",
    "Difundir el servicio mediante radios comunitarias en {place}.",
    "Establecer un seguimiento a los seis meses de la colocación.",
    "Gestionar ante {inst} la ampliación del presupuesto para {year2}.",
    "Suscribir convenios con empresas del sector {sector}.",
    "Adecuar los locales para la atención de personas con discapacidad.",
    "Capacitar a los gestores en el uso del aplicativo de {service}.",
    "Promover la certificación de competencias de {pop}.",
    "Sistematizar la experiencia de {local} para replicarla en otras provincias.",
    "Publicar los reportes de avance en el portal institucional cada trimestre.",
    "Crear una instancia regional de seguimiento con participación de {coop}.",
    "Incluir en la {dockind} criterios de priorización para {pop}.",
)
RECOMMENDATIONS_EN = (
    "Hire permanent staff for the {service_en} in {myregion}.", "Publish quarterly progress reports online.",
    "Track placed participants for at least six months.", "Sign agreements with employers in {sector_en}.",
    "Set separate targets for women and men.", "Train local officers to use the online registry.",
)
SECTORS_EN = ("agro-export", "construction", "tourism", "retail", "textiles", "mining", "fisheries", "logistics",
              "hospitality", "information technology")
QUALITIES_EN = ("adequate", "uneven", "weak", "strong", "limited", "promising", "inconsistent", "effective")
CAPTIONS_ES = {  # by kind of table
    "indicators": ("Indicadores del objetivo estratégico y su avance", "Indicadores de resultado del servicio",
                   "Metas e indicadores institucionales al cierre del año"),
    "logic": ("Matriz lógica de la intervención", "Marco lógico del plan de mejora"),
    "budget": ("Ejecución presupuestal por unidad ejecutora", "Presupuesto por fuente de financiamiento",
               "PIA, PIM y devengado del periodo"),
    "execution": ("Avance de las actividades operativas", "Metas físicas programadas y ejecutadas"),
    "regions": ("Atenciones por región y sexo", "Usuarios atendidos y colocados por región"),
}
CAPTIONS_EN = {"indicators": "Indicators and progress", "regions": "People served by region"}
SOURCES_ES = (
    "Fuente: registros administrativos de {orgunit_bare}, {year}.", "Fuente: sistema de seguimiento del POI. Elaboración propia.",
    "Fuente: reportes de la unidad ejecutora al {day} de {month} de {year}.", "Elaboración: equipo evaluador sobre datos de campo.",
    "Fuente: consulta amigable del MEF, {month} de {year}.",
)
EXECUTING_UNITS = (
    "Sede Central", "Unidad de Servicios Descentralizados", "Programa de Empleabilidad", "Programa de Empleo Temporal",
    "Unidad de Gestión de Proyectos", "Oficina Desconcentrada Norte", "Oficina Desconcentrada Sur",
    "Unidad de Formación Laboral",
)
BUDGET_PROGRAMMES = (
    "Inserción laboral de poblaciones vulnerables", "Mejora de la empleabilidad juvenil",
    "Fiscalización del cumplimiento laboral", "Acciones centrales", "Asignaciones presupuestarias que no resultan en productos",
    "Empleo temporal en zonas de emergencia",
)
AOI_NAMES = (
    "Atención de usuarios en {service}", "Asistencia técnica en {service} a gobiernos regionales",
    "Ejecución de {activity}", "Supervisión de los centros de empleo", "Elaboración de la {dockind}",
    "Difusión del servicio de {service}", "Gestión administrativa del programa", "Seguimiento de {pop} colocados",
)
NORM_SUBJECTS_ES = (
    "el Plan Regional de Promoción del Empleo de {myregion} {year}-{year2}",
    "el Plan Regional de Empleo Juvenil de {myregion} {year2}-{year3}",
    "el Plan Operativo Institucional {year2} de la Dirección Regional de Trabajo y Promoción del Empleo de {myregion}",
    "el Plan de Mejora del Servicio de {service} de {myregion}",
    "el {prog}",
    "la {dockind} para la atención de {pop}",
    "la creación del Consejo Regional de Empleo Juvenil de {myregion}",
    "el reglamento de funcionamiento del Centro de Empleo de {capital}",
)

ARTICLES_ES = (
    "ENCARGAR a {orgunit} la implementación y el seguimiento de lo dispuesto en el artículo precedente.",
    "DISPONER que {orgunit} informe cada semestre sobre el avance de {activity}.",
    "MODIFICAR el artículo {small} de {norm}, en los términos del anexo adjunto.",
    "DEROGAR {norm} y las disposiciones que se opongan a la presente.",
    "CONFORMAR la comisión técnica regional de {service}, integrada por {small} representantes.",
    "DECLARAR de interés regional las acciones que favorezcan el empleo de {pop}.",
    "INSTITUCIONALIZAR {activity} como parte de la oferta permanente de {service}.",
    "NOTIFICAR la presente a {inst} y a {orgunit} para su cumplimiento.",
)

TITLE_TEMPLATES = {
    "informe de evaluación": (
        "Informe de evaluación del servicio de {service} en {myregion} ({year})",
        "Evaluación de resultados del {prog}, {year}-{year2}",
        "Informe de evaluación anual del Plan Operativo Institucional {year} de la DRTPE de {myregion}",
    ),
    "plan operativo institucional": (
        "Plan Operativo Institucional {year} de la Dirección Regional de Trabajo y Promoción del Empleo de {myregion}",
        "Evaluación de implementación del POI {year}, primer semestre",
    ),
    "plan regional": (
        "Plan Regional de Empleo Juvenil de {myregion} {year}-{year2}",
        "Plan de mejora continua del servicio de {service} en {myregion}",
    ),
    "sistematización": (
        "Sistematización de la experiencia del {prog} en {myregion}",
        "Aprendizajes de la puesta en marcha de {service} en {capital}",
    ),
    "ficha de programa": (
        "Ficha de seguimiento del {prog}",
        "Ficha técnica: {prog} en {myregion}",
    ),
    "norma": (
        "Resolución que aprueba {normsubject}",
        "Ordenanza Regional sobre promoción del empleo en {myregion}",
    ),
}
TITLE_TEMPLATES_EN = (
    "Final evaluation of the {prog} in {myregion}", "Employment services in {myregion}: a review, {year}-{year2}",
    "Mid-term review of youth employment initiatives in Peru ({year})",
)
GENRES = (  # (type, weight, usual share of tables)
    ("informe de evaluación", 30, 0.20), ("plan operativo institucional", 20, 0.45), ("plan regional", 18, 0.35),
    ("sistematización", 14, 0.08), ("ficha de programa", 8, 0.25),
    ("norma", 0, 0.0),  # only tiny documents are norms (see _plan)
)
SUBJECT_LABELS = ("MTPE", "Bolsa de Trabajo", "Centro de Empleo", "Certificado Único Laboral", "SUNAFIL", "OIT",
                  "Capacitación Laboral", "Jóvenes Productivos")


def _toml(value: object) -> str:
    """A TOML value: JSON's strings, integers and arrays are valid TOML."""
    return json.dumps(value, ensure_ascii=False)


def _slugify(text: str, limit: int = 60) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in folded).split()
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "documento"


class _Template:
    """A sentence pattern compiled to a positional format string and its slot names."""

    __slots__ = ("fmt", "names")

    def __init__(self, pattern: str) -> None:
        fmt, names = [], []
        for literal, field, _spec, _conv in Formatter().parse(pattern):
            fmt.append(literal.replace("{", "{{").replace("}", "}}"))
            if field is not None:
                fmt.append("{}")
                names.append(field)
        self.fmt = "".join(fmt)
        self.names = tuple(names)


def _compile(patterns) -> tuple[_Template, ...]:
    return tuple(_Template(p) for p in patterns)


_C_SENT_ES = _compile(SENTENCES_ES)
_C_SENT_EN = _compile(SENTENCES_EN)
_C_HEAD_ES = _compile(HEADINGS_TEMPLATES_ES)
_C_IND_ES = _compile(INDICATORS_ES)
_C_IND_EN = _compile(INDICATORS_EN)
_C_OBJ_ES = _compile(OBJECTIVES_ES)
_C_REC_ES = _compile(RECOMMENDATIONS_ES)
_C_REC_EN = _compile(RECOMMENDATIONS_EN)
_C_AOI = _compile(AOI_NAMES)
_C_SOURCES = _compile(SOURCES_ES)
_C_ARTICLES = _compile(ARTICLES_ES)


class _Writer:
    """Generates one document from its own random stream."""

    def __init__(self, seed: int, number: int, genre: str, table_share: float, english: bool, markdown: bool) -> None:
        self.rng = rng = random.Random(seed)
        self.number = number
        self.genre = genre
        self.table_share = table_share
        self.english = english
        self.markdown = markdown
        self.wrapped = not markdown and rng.random() < 0.4  # lines broken like pdftotext output
        self.year = self._between(YEARS[0] + 2, YEARS[1] - 1)
        self.region, self.acronym, self.capital = REGIONS[self._between(0, len(REGIONS) - 1)]
        # How this document writes numbers: "2 875" / "2,875" / "2.875"; "52,3 %" / "52.3%".
        self.thousands = self._pick((" ", ",", "."))
        self.decimal_comma = rng.random() < 0.6
        self.number_sign = self._pick(("N°", "N°", "N°", "Nº", "No.", "N.°"))
        self.locals = [self._place_name() for _ in range(self._between(10, 30))]
        brand = self._pseudo_word(2, 3)
        own = self._pick(("Programa Regional {b}", "Proyecto {b} Emprende", "Programa {b} Trabaja", "Plan {b} Joven"))
        self.programmes = [*rng.sample(PROGRAMMES, 4), own.format(b=brand)]
        self.people = [self._person() for _ in range(self._between(4, 9))]
        self.systems = [self._system() for _ in range(self._between(2, 5))]
        self.firms = [f"{self._pick(FIRM_KINDS)} {self._pseudo_word(2, 3)} {self._pick(FIRM_SUFFIXES)}"
                      for _ in range(self._between(3, 6))]
        self.heading_counter = [0, 0, 0]
        self.title_text = ""
        self.table_counter = 0
        self.code_counter = 0
        self.slots = self._slots()
        self._bound: dict[_Template, tuple[str, tuple[Callable[[], str], ...]]] = {}
        self._sentences = [self._bind(t) for t in (_C_SENT_EN if english else _C_SENT_ES)]

    # ---- small random pieces ------------------------------------------------------

    def _pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def _between(self, lo: int, hi: int) -> int:
        return lo + int(self.rng.random() * (hi - lo + 1))

    def _pseudo_word(self, lo: int, hi: int) -> str:
        pick = self._pick
        word = "".join(pick(_ONSETS) + pick(_VOWELS) + pick(_CODAS) for _ in range(self._between(lo, hi)))
        return word[:1].upper() + word[1:]

    def _system(self) -> tuple[str, str]:
        """An invented information system or registry and its acronym: ("Registro Integrado de
        Vacantes Rurales", "RIVR")."""
        noun = self._pick(NOUNS_F + NOUNS_M)
        words = [self._pick(("Sistema", "Registro", "Módulo", "Observatorio", "Padrón", "Aplicativo")),
                 self._pick(("Regional", "Integrado", "Único", "Territorial", "Descentralizado", "Nacional")),
                 "de", _plural(noun).capitalize()]
        if self.rng.random() < 0.5:
            forms = self._pick(_ADJ_FORMS)
            words.append(forms[2 + (noun in NOUNS_F)].capitalize())
        name = " ".join(words)
        acronym = "".join(w[0] for w in words if w != "de").upper()
        acronym = unicodedata.normalize("NFKD", acronym).encode("ascii", "ignore").decode()
        return name, acronym + (self._pick(("", "", "-R", "WEB", "NET")) if len(acronym) < 4 else "")

    def _person(self) -> str:
        second = self._pick(SURNAMES) if self.rng.random() < 0.6 else self._pseudo_word(2, 3)
        return f"{self._pick(NAMES)} {self._pick(SURNAMES)} {second}"

    def _place_name(self) -> str:
        return self._pick(_PLACE_PREFIXES) + self._pseudo_word(2, 3)

    def _int(self, value: int) -> str:
        if value < 1000 or (self.thousands == " " and value < 10_000 and self.rng.random() < 0.5):
            return str(value)
        return f"{value:,}".replace(",", self.thousands)

    def _pct(self, value: float) -> str:
        text = f"{value:.1f}"
        if text.endswith(".0") and self.rng.random() < 0.5:
            text = text[:-2]
        if self.decimal_comma:
            return text.replace(".", ",") + " %"
        return text + "%"

    def _soles(self, value: float) -> str:
        return f"S/ {value:,.2f}" if self.rng.random() < 0.7 else f"S/. {value:,.0f}"

    def _norm(self, year: int | None = None) -> str:
        rng = self.rng
        r = rng.random()
        sign = self.number_sign
        year = year or self._between(YEARS[0], min(YEARS[1], self.year + 1))
        k = self._between(1, 420)
        if r < 0.14:
            return f"la Ley {sign} {self._between(27100, 32450)}"
        if r < 0.30:
            sector = self._pick(("TR", "TR", "TR", "PCM", "EF", "MIMP", "MIDIS"))
            prefix = "el D.S." if rng.random() < 0.15 else "el Decreto Supremo"
            return f"{prefix} {sign} {k:03d}-{year}-{sector}"
        if r < 0.48:
            prefix = "la R.M." if rng.random() < 0.15 else "la Resolución Ministerial"
            return f"{prefix} {sign} {k:03d}-{year}-TR"
        if r < 0.55:
            return f"la Resolución de Secretaría General {sign} {k:06d}-{year}-TR-SG"
        if r < 0.60:
            return f"la Resolución Viceministerial {sign} {k:03d}-{year}-MTPE/3"
        if r < 0.66:
            return f"la Resolución Directoral {sign} {k:03d}-{year}-MTPE/3/{self._between(11, 19)}"
        if r < 0.78:
            return f"la Ordenanza Regional {sign} {k:03d}-{year}-GR{self.acronym}/CR"
        if r < 0.86:
            return f"la Resolución Ejecutiva Regional {sign} {self._between(1, 999):04d}-{year}-GR{self.acronym}/GR"
        if r < 0.93:
            return f"la Resolución Directoral Regional {sign} {k:03d}-{year}-GR{self.acronym}/DRTPE"
        if r < 0.97:
            return f"la Resolución Gerencial Regional {sign} {k:03d}-{year}-GR{self.acronym}/GRDS"
        return f"el Decreto de Urgencia {sign} {k:03d}-{year}"

    def _slots(self) -> dict[str, Callable[[], str]]:
        rng = self.rng
        rand = rng.random

        def pick(seq) -> Callable[[], str]:
            n = len(seq)
            return lambda: seq[int(rand() * n)]

        def year() -> str:
            return str(max(YEARS[0], self.year - int(rand() * 5)))

        def year2() -> str:
            return str(min(YEARS[1], self.year + int(rand() * 4)))

        def count() -> str:
            return self._int(int(10 ** (1.3 + rand() * 3.4)))

        def small() -> str:
            return str(2 + int(rand() * 38))

        def pct() -> str:
            return self._pct(rand() * 98 + 1)

        def soles() -> str:
            return self._soles(10 ** (4 + rand() * 4.5))

        def usd() -> str:
            return f"US$ {10 ** (4 + rand() * 3):,.0f}"

        def place() -> str:
            name = self.locals[int(rand() * len(self.locals))]
            return _PLACE_KINDS[int(rand() * len(_PLACE_KINDS))] + name

        def norm_dated() -> str:
            year = self._between(YEARS[0], self.year)
            return f"{self._norm(year)}, de fecha {1 + int(rand() * 28)} de {MONTHS[int(rand() * 12)]} de {year}"

        def firm() -> str:
            return "la empresa " + self.firms[int(rand() * len(self.firms))]

        def norm_subject() -> str:
            return self._fill(_compile_one(NORM_SUBJECTS_ES[int(rand() * len(NORM_SUBJECTS_ES))]))

        national = pick(NATIONAL)
        drtpe = f"la Dirección Regional de Trabajo y Promoción del Empleo de {self.region}"
        grtpe = f"la Gerencia Regional de Trabajo y Promoción del Empleo de {self.region}"
        government = f"el Gobierno Regional de {self.region}"

        def inst() -> str:
            r = rand()
            if r < 0.55:
                return national()
            return drtpe if r < 0.8 else (grtpe if r < 0.9 else government)

        orgunit = pick(ORG_UNITS)
        coop = pick(COOPERATION)
        slots: dict[str, Callable[[], str]] = {
            "inst": inst, "coop": coop, "orgunit": orgunit,
            "orgunit_bare": lambda: orgunit()[3:],
            "service": pick(SERVICES), "prog": pick(self.programmes), "pop": pick(POPULATIONS),
            "pop2": pick(POPULATIONS), "activity": pick(ACTIVITIES), "sector": pick(SECTORS),
            "problem": pick(PROBLEMS), "finding": pick(FINDINGS), "dockind": pick(DOC_KINDS),
            "month": pick(MONTHS), "month2": pick(MONTHS), "adverb": pick(ADVERBS), "quality": pick(QUALITIES),
            "region": pick(REGION_LABELS), "myregion": lambda: self.region, "capital": lambda: self.capital,
            "local": pick(self.locals), "place": place, "person": pick(self.people),
            "system": lambda: "{} ({})".format(*self.systems[int(rand() * len(self.systems))]),
            "acronym": lambda: self.systems[int(rand() * len(self.systems))][1],
            "firm": firm, "norm": self._norm, "norm2": self._norm, "norm_dated": norm_dated,
            "year": year, "year2": year2, "year3": lambda: str(min(YEARS[1], self.year + 3 + int(rand() * 4))),
            "n": count, "small": small, "small2": small, "pct": pct, "pct2": pct,
            "soles": soles, "usd": usd, "day": lambda: str(1 + int(rand() * 28)), "normsubject": norm_subject,
            # English
            "service_en": pick(SERVICES_EN), "pop_en": pick(POPULATIONS_EN), "sector_en": pick(SECTORS_EN),
            "quality_en": pick(QUALITIES_EN), "month_en": pick(MONTHS_EN),
            "place_en": lambda: self.locals[int(rand() * len(self.locals))],
        }
        if self.english:
            slots["pop"] = slots["pop_en"]
            slots["coop"] = pick(COOPERATION_EN)
            slots["norm"] = slots["norm2"] = lambda: self._norm().split(" ", 1)[1]  # no Spanish article
        for name in list(slots):
            fn = slots[name]
            slots[name[:1].upper() + name[1:]] = lambda fn=fn: _capital(fn())
        return slots

    def _bind(self, template: _Template) -> tuple[str, tuple[Callable[[], str], ...]]:
        bound = self._bound.get(template)
        if bound is None:
            bound = self._bound[template] = (template.fmt, tuple(self.slots[name] for name in template.names))
        return bound

    def _fill(self, template: _Template) -> str:
        fmt, fns = self._bind(template)
        return fmt.format(*[f() for f in fns])

    # ---- blocks -----------------------------------------------------------------------

    def _noun_phrase(self, definite: bool = True) -> tuple[str, bool]:
        """("las brechas territoriales de empleo", plural?) from the lexicon."""
        rand = self.rng.random
        singular, plural_form, feminine = _NOUN_TABLE[int(rand() * _NOUN_COUNT)]
        plural = rand() < 0.35
        head = _ARTICLE_TABLE[definite][plural][feminine] + (plural_form if plural else singular)
        if rand() < 0.55:
            head += " " + _ADJ_FORMS[int(rand() * _ADJ_COUNT)][2 * plural + feminine]
        if rand() < 0.4:
            singular, plural_form, feminine = _NOUN_TABLE[int(rand() * _NOUN_COUNT)]
            if rand() < 0.5:
                head += " de " + plural_form
                if rand() < 0.3:
                    head += " " + _ADJ_FORMS[int(rand() * _ADJ_COUNT)][2 + feminine]
            else:
                head += " de " + singular
                if rand() < 0.3:
                    head += " " + _ADJ_FORMS[int(rand() * _ADJ_COUNT)][feminine]
        return head, plural

    def _complement(self) -> str:
        r = self.rng.random()
        slots = self.slots
        if r < 0.25:
            return ""
        if r < 0.4:
            return " en " + slots["place"]()
        if r < 0.5:
            return " durante " + slots["year"]()
        if r < 0.6:
            return " para " + slots["pop"]()
        if r < 0.7:
            return " con apoyo de " + slots["coop"]()
        if r < 0.8:
            return " en " + self.region
        if r < 0.9:
            return ", según " + slots["orgunit"]()
        return " a partir de " + slots["month"]() + " de " + slots["year"]()

    def _free(self) -> str:
        """A sentence assembled from the lexicon, with agreement, in one of several shapes."""
        rand = self.rng.random
        verb = _VERB_FORMS[int(rand() * len(_VERB_FORMS))]
        r = rand()
        if r < 0.22:
            subject, plural = self._noun_phrase()
            obj, _ = self._noun_phrase(rand() < 0.7)
            adverb = " " + _ADVERBS[int(rand() * len(_ADVERBS))] if rand() < 0.3 else ""
            text = f"{subject} {verb['pret_pl' if plural else 'pret']}{adverb} {obj}{self._complement()}"
        elif r < 0.38:
            obj, plural = self._noun_phrase()
            text = f"se {verb['pret_pl' if plural else 'pret']} {obj}{self._complement()}"
        elif r < 0.52:
            subject, plural = self._noun_phrase()
            participle = verb["part"]
            if subject.startswith(("la ", "las ")):
                participle = participle[:-1] + "a"
            was = "fueron" if plural else "fue"
            text = f"{subject} {was} {participle}{'s' if plural else ''} por {self.slots['inst']()}"
        elif r < 0.64:
            lead = ("es necesario", "resulta prioritario", "se recomienda", "conviene", "corresponde")[int(rand() * 5)]
            obj, _ = self._noun_phrase()
            text = f"{lead} {verb['inf']} {obj}{self._complement()}"
        elif r < 0.74:
            subject, plural = self._noun_phrase()
            obj, _ = self._noun_phrase()
            text = f"{subject} {'continúan' if plural else 'continúa'} {verb['ger']} {obj}{self._complement()}"
        elif r < 0.84:
            topic, _ = self._noun_phrase()
            subject, plural = self._noun_phrase()
            obj, _ = self._noun_phrase(rand() < 0.6)
            text = f"en cuanto a {topic}, {subject} {verb['pres_pl' if plural else 'pres']} {obj}"
        elif r < 0.88:
            obj, _ = self._noun_phrase(rand() < 0.5)
            text = f"durante {self.slots['year']()}, {self.slots['inst']()} {verb['pret']} {obj}{self._complement()}"
        elif r < 0.92:
            subject, plural = self._noun_phrase()
            obj, _ = self._noun_phrase()
            text = f"antes de la intervención, {subject} {verb['imp_pl' if plural else 'imp']} {obj}"
        elif r < 0.96:
            subject, plural = self._noun_phrase()
            obj, _ = self._noun_phrase(rand() < 0.5)
            text = f"se espera que {subject} {verb['subj_pl' if plural else 'subj']} {obj}{self._complement()}"
        else:
            obj, _ = self._noun_phrase()
            adverb = _ADVERBS[int(rand() * len(_ADVERBS))]
            text = f"para {self.slots['year2']()}, {self.slots['inst']()} {verb['fut']} {adverb} {obj}"
        return text[:1].upper() + text[1:] + "."

    def paragraph(self) -> str:
        rng = self.rng
        bound = self._sentences
        n = len(bound)
        rand = rng.random
        free = 0.0 if self.english else FREE_SHARE
        sentences = []
        for _ in range(3 + int(rand() * 6)):
            if rand() < free:
                sentences.append(self._free())
                continue
            fmt, fns = bound[int(rand() * n)]
            sentences.append(fmt.format(*[f() for f in fns]))
        text = " ".join(sentences)
        return self._wrap(text) if self.wrapped else text

    def _wrap(self, text: str) -> str:
        """Break a paragraph into lines of about 80-110 characters, as pdftotext does."""
        width = self._between(80, 110)
        lines = []
        while len(text) > width:
            cut = text.rfind(" ", 0, width)
            if cut <= 0:
                break
            lines.append(text[:cut])
            text = text[cut + 1 :]
        lines.append(text)
        return "\n".join(lines)

    def heading(self, level: int) -> str:
        rng = self.rng
        if self.english:
            title = self._pick(HEADINGS_EN)
        elif rng.random() < 0.35:
            title = self._fill(self._pick(_C_HEAD_ES))
        else:
            title = self._pick(HEADINGS_ES)
        counter = self.heading_counter
        counter[level - 1] += 1
        for deeper in range(level, len(counter)):
            counter[deeper] = 0
        number = ".".join(str(c) for c in counter[:level])
        if self.markdown:
            return f"{'#' * (level + 1)} {number}. {title}" if level == 1 else f"{'#' * (level + 1)} {number} {title}"
        if level == 1:
            if rng.random() < 0.3:
                return f"{_roman(counter[0])}. {title.upper()}"
            return f"{number}. {title.upper()}"
        return f"{number} {title}"

    def bullets(self) -> str:
        templates = _C_REC_EN if self.english else _C_REC_ES
        style = self._pick(("- ", "• ", "a) ", "1. "))
        items = []
        for i in range(self._between(3, 7)):
            mark = style if style in ("- ", "• ") else (f"{chr(97 + i)}) " if style == "a) " else f"{i + 1}. ")
            items.append(mark + self._fill(self._pick(templates)))
        return "\n".join(items)

    def caption(self, kind: str) -> str:
        self.table_counter += 1
        if self.english:
            return f"Table {self.table_counter}. {CAPTIONS_EN[kind]}"
        last = "Matriz N° {k}:" if kind == "logic" else "Cuadro N° {k}:"
        word = self._pick(("Cuadro N° {k}:", "Tabla {k}.", "Cuadro {k}.", last))
        return f"{word.format(k=self.table_counter)} {self._pick(CAPTIONS_ES[kind])}"

    def source_line(self) -> str:
        if self.english:
            return "Source: programme monitoring records."
        return self._fill(self._pick(_C_SOURCES))

    def _rows(self, header: list[str], rows: list[list[str]]) -> str:
        if self.markdown:
            lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
            lines += ["| " + " | ".join(row) + " |" for row in rows]
        else:
            lines = ["\t".join(header)] + ["\t".join(row) for row in rows]
        return "\n".join(lines)

    def _decimal(self, x: float) -> str:
        text = f"{x:.1f}"
        return text.replace(".", ",") if self.decimal_comma else text

    def _whole(self, x: float) -> str:
        return self._int(int(x))

    def indicator_table(self) -> str:
        rand = self.rng.random
        year = self.year
        if self.english:
            header = ["Code", "Indicator", "Unit", "Baseline (year)", f"Target {year}", "Achieved", "Progress %"]
            templates, units = _C_IND_EN, ("Percentage", "Number")
        else:
            templates, units = _C_IND_ES, UNITS_ES
            r = rand()
            if r < 0.45:
                header = ["Código", "Indicador", "Unidad de medida", "Línea base (año)", f"Meta {year}",
                          f"Logrado {year}", "% avance"]
            elif r < 0.75:
                header = ["Cód.", "Nombre del indicador", "U.M.", "Año LB", "Valor LB", f"Meta {year}",
                          f"Ejecutado {year}", "Cumplimiento %", "Responsable"]
            else:
                header = ["Código", "Indicador", "Unidad", f"LB {year - 3}", f"Meta {year - 1}", f"Meta {year}",
                          f"Meta {year + 1}", "Valor obtenido"]
        width = len(header)
        comma = self.decimal_comma and not self.english
        rows = []
        oei = self._between(1, 6)
        aei = 0
        for _ in range(self._between(4, 14)):
            r = rand()
            if not rows or r < 0.3:
                oei += 1 if rows else 0
                aei = 0
                code = f"OEI {oei}" if r < 0.07 else f"OEI.{oei:02d}"
            else:
                aei += 1
                if r < 0.45:
                    code = f"AEI {oei}.{aei}"
                else:
                    code = f"IND.{aei:02d}" if r < 0.55 else f"AEI.{oei:02d}.{aei:02d}"
            indicator = self._fill(templates[int(rand() * len(templates))])
            unit = units[int(rand() * len(units))]
            if unit in ("Porcentaje", "Percentage", "Tasa", "Índice"):
                base = 5 + rand() * 80
                target = min(100.0, base * (1 + rand() * 0.4))
                achieved = target * (0.5 + rand() * 0.65)
                fmt = self._decimal
            else:
                base = int(10 ** (1 + rand() * 3.5))
                target = int(base * (1 + rand() * 0.6)) + 1
                achieved = int(target * (0.4 + rand() * 0.8))
                fmt = self._whole
            progress = f"{100 * achieved / target:.1f}"
            if comma:
                progress = progress.replace(".", ",")
            base_year = year - 1 - int(rand() * 6)
            if width == 7:
                row = [code, indicator, unit, f"{fmt(base)} ({base_year})", fmt(target), fmt(achieved), progress]
            elif width == 9:
                owner = self.slots["orgunit"]()[3:]
                row = [code, indicator, unit, str(base_year), fmt(base), fmt(target), fmt(achieved), progress, owner]
            else:
                row = [code, indicator, unit, fmt(base), fmt(target * 0.9), fmt(target), fmt(target * 1.05),
                       fmt(achieved) if rand() < 0.8 else "-"]
            rows.append(row)
            if not self.markdown and rand() < 0.08:  # a row continued on the next line
                rows.append(["", "(continúa: incluye a " + self.slots["pop"]() + ")"] + [""] * (width - 2))
        return self._rows(header, rows)

    def logic_matrix(self) -> str:
        fill = self._fill
        header = ["Nivel", "Resumen narrativo", "Indicadores", "Medios de verificación", "Supuestos"]
        rows = [["Fin", fill(self._pick(_C_OBJ_ES)), fill(self._pick(_C_IND_ES)), self._pick(VERIFICATION_ES),
                 self._pick(ASSUMPTIONS_ES)],
                ["Propósito", fill(self._pick(_C_OBJ_ES)), fill(self._pick(_C_IND_ES)), self._pick(VERIFICATION_ES),
                 self._pick(ASSUMPTIONS_ES)]]
        for c in range(1, self._between(2, 4)):
            rows.append([f"Componente {c}", fill(self._pick(_C_OBJ_ES)), fill(self._pick(_C_IND_ES)),
                         self._pick(VERIFICATION_ES), self._pick(ASSUMPTIONS_ES)])
            for a in range(1, self._between(2, 4)):
                rows.append([f"Actividad {c}.{a}", _capital(fill(self._pick(_C_AOI))),
                             f"{self._int(self._between(5, 3000))} atenciones", self._pick(VERIFICATION_ES), ""])
        return self._rows(header, rows)

    def budget_table(self) -> str:
        rng = self.rng
        by_programme = rng.random() < 0.4
        header = ["Programa presupuestal" if by_programme else "Unidad ejecutora", "PIA", "PIM", "Certificado",
                  "Devengado", "Avance %"]
        rows = []
        totals = [0.0, 0.0, 0.0, 0.0]
        names = BUDGET_PROGRAMMES if by_programme else EXECUTING_UNITS
        for i, name in enumerate(rng.sample(names, self._between(3, len(names)))):
            pia = 10 ** (5 + rng.random() * 3.5)
            pim = pia * (0.8 + rng.random() * 0.5)
            cert = pim * (0.7 + rng.random() * 0.3)
            dev = cert * (0.6 + rng.random() * 0.4)
            label = f"PP {self._between(1, 150):04d} {name}" if by_programme else f"UE {i + 1:03d}: {name}"
            rows.append([label, f"{pia:,.2f}", f"{pim:,.2f}", f"{cert:,.2f}", f"{dev:,.2f}", f"{100 * dev / pim:.1f}"])
            for j, v in enumerate((pia, pim, cert, dev)):
                totals[j] += v
        rows.append(["Total", *(f"{v:,.2f}" for v in totals), f"{100 * totals[3] / totals[1]:.1f}"])
        return self._rows(header, rows)

    def execution_table(self) -> str:
        rng = self.rng
        header = ["Código AOI", "Actividad operativa", "Unidad de medida", "Programado", "Ejecutado", "% ejecución"]
        rows = []
        for _ in range(self._between(4, 16)):
            self.code_counter += 1
            code = f"AOI{self._between(0, 99_999_999):08d}{self.code_counter:06d}"
            planned = self._between(1, 2500)
            done = int(planned * (0.3 + rng.random() * 0.9))
            rows.append([code, _capital(self._fill(self._pick(_C_AOI))), self._pick(("Persona", "Informe", "Acción",
                         "Documento", "Evento")), self._int(planned), self._int(done), self._pct(100 * done / planned)])
        return self._rows(header, rows)

    def region_table(self) -> str:
        rng = self.rng
        header = (["Region", "Served", "Women", "Men", "Women %", "Placed"] if self.english
                  else ["Región", "Atendidos", "Mujeres", "Hombres", "% mujeres", "Colocados"])
        rows = []
        for region in rng.sample(REGION_LABELS, self._between(4, 12)):
            served = self._between(40, 25_000)
            women = int(served * (0.3 + rng.random() * 0.4))
            rows.append([region, self._int(served), self._int(women), self._int(served - women),
                         self._pct(100 * women / served), self._int(int(served * rng.random() * 0.4))])
        return self._rows(header, rows)

    def table(self) -> str:
        rng = self.rng
        r = rng.random()
        if self.english:
            kind = "indicators" if r < 0.6 else "regions"
        elif self.genre == "plan regional" and r < 0.45:
            kind = "logic"
        elif self.genre == "plan operativo institucional" and r < 0.55:
            kind = "execution" if r < 0.3 else "budget"
        elif r < 0.55:
            kind = "indicators"
        elif r < 0.7:
            kind = "budget"
        elif r < 0.85:
            kind = "regions"
        else:
            kind = "logic"
        parts = [self.caption(kind), self._TABLES[kind](self)]
        if rng.random() < 0.6:
            parts.append(self.source_line())
        return "\n\n".join(parts)

    _TABLES = {"indicators": indicator_table, "logic": logic_matrix, "budget": budget_table,
               "execution": execution_table, "regions": region_table}

    def norm_text(self) -> str:
        """A short norm: its number, place and date, considerations, "SE RESUELVE" and articles."""
        fill = self._fill
        subject = fill(_compile_one(self._pick(NORM_SUBJECTS_ES)))
        wanted = "la Ordenanza" if self.title_text.startswith("Ordenanza") else "la Resolución"
        citation = self._norm(self.year)
        for _ in range(50):
            if citation.startswith(wanted):
                break
            citation = self._norm(self.year)
        lines = [_capital(citation.split(" ", 1)[1]),
                 f"{self.capital}, {self._between(1, 28)} de {self._pick(MONTHS)} de {self.year}", "CONSIDERANDO:"]
        for _ in range(self._between(2, 5)):
            lines.append("Que, " + _lower_first(fill(self._pick(_C_SENT_ES))))
        lines.append("SE RESUELVE:" if wanted == "la Resolución" else "HA DADO LA ORDENANZA SIGUIENTE:")
        lines.append(f"Artículo 1.- APROBAR {subject}, cuyo texto figura como anexo de la presente norma.")
        for k in range(2, self._between(3, 6)):
            lines.append(f"Artículo {k}.- " + fill(self._pick(_C_ARTICLES)))
        lines.append("Regístrese, comuníquese y publíquese.")
        return "\n\n".join(lines)

    # ---- the whole document ------------------------------------------------------------

    def title(self) -> str:
        templates = TITLE_TEMPLATES_EN if self.english else TITLE_TEMPLATES[self.genre]
        self.title_text = self._fill(_compile_one(self._pick(templates)))
        return self.title_text

    def document(self, target: int, title: str) -> str:
        rng = self.rng
        parts: list[str] = []
        size = 0

        def add(block: str) -> None:
            nonlocal size
            parts.append(block)
            size += len(block) + 2

        add(f"# {title}" if self.markdown else title.upper() if rng.random() < 0.5 else title)
        if self.genre == "norma" and not self.english:
            add(self.norm_text())
        elif rng.random() < 0.5:
            people = self.people[: self._between(2, 4)]
            leads = ("Prepared by: ",) if self.english else ("Elaborado por: ", "Equipo técnico: ", "Responsables: ")
            lead = self._pick(leads)
            add(lead + ", ".join(people[:-1]) + (" and " if self.english else " y ") + people[-1])
        if not self.english and target > 20_000 and rng.random() < 0.4:
            add(self.contents())
        tables = self.table_share
        while size < target:
            level = 1 if not self.heading_counter[0] or rng.random() < 0.2 else (2 if rng.random() < 0.7 else 3)
            if level == 3 and not self.heading_counter[1]:
                level = 2
            add(self.heading(level))
            # Prose opens a section and follows each table (so a "Fuente:" line joins the
            # prose after it); tables never follow each other.
            add(self.paragraph())
            previous_table = False
            for _ in range(self._between(1, 8)):
                if size >= target:
                    break
                r = rng.random()
                if r < tables and not previous_table:
                    add(self.table())
                    previous_table = True
                    continue
                add(self.bullets() if r > 0.93 else self.paragraph())
                previous_table = False
                if self.wrapped and rng.random() < 0.05:
                    add(f"- {self._between(2, 300)} -")
            if previous_table:
                add(self.paragraph())
        text = "\n\n".join(parts) + "\n"
        # "de el Ministerio" and "a el Centro" are written "del", "al" in Spanish
        return text.replace(" de el ", " del ").replace(" a el ", " al ").replace("\nde el ", "\ndel ")

    def contents(self) -> str:
        rng = self.rng
        lines = ["CONTENIDO" if rng.random() < 0.5 else "ÍNDICE"]
        page = 3
        for i in range(1, self._between(5, 10)):
            page += self._between(1, 9)
            title = self._pick(HEADINGS_ES).upper()
            lines.append(f"{i}. {title} {'.' * self._between(5, 40)} {page}")
        return "\n".join(lines)

    def manifest_entry(self, file: str, title: str) -> str | None:
        rng = self.rng
        if rng.random() < UNLISTED_SHARE:
            return None
        lines = ["[[document]]", f"file = {_toml(file)}"]
        if rng.random() < 0.95:
            lines.append(f"title = {_toml(title)}")
        if rng.random() < 0.85:
            publishers = [f"Dirección Regional de Trabajo y Promoción del Empleo de {self.region}"] \
                if rng.random() < 0.4 else []
            publishers.append("Ministerio de Trabajo y Promoción del Empleo")
            if rng.random() < 0.3:
                publishers.append(self._pick(("OIT", "PNUD", "OIM", "UNFPA", "GIZ", "FONDOEMPLEO", "CAPLAB")))
            lines.append(f"publisher = {_toml(publishers)}")
        if rng.random() < 0.9:
            lines.append(f"year = {self.year + (1 if rng.random() < 0.3 else 0)}")
        if rng.random() < 0.9:
            lines.append(f"type = {_toml(self.genre)}")
        lines.append(f"language = {_toml('en' if self.english else 'es')}")
        r = rng.random()
        if r < 0.55:
            extra = rng.sample(REGION_LABELS, self._between(0, 2))
            lines.append(f"regions = {_toml([self.region, *[x for x in extra if x != self.region]])}")
        elif r < 0.6:
            lines.append("regions = []")
        if rng.random() < 0.15:
            lines.append(f"subjects = {_toml(rng.sample(SUBJECT_LABELS, self._between(1, 3)))}")
        return "\n".join(lines)


_TEMPLATE_CACHE: dict[str, _Template] = {}


def _compile_one(pattern: str) -> _Template:
    template = _TEMPLATE_CACHE.get(pattern)
    if template is None:
        template = _TEMPLATE_CACHE[pattern] = _Template(pattern)
    return template


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _roman(n: int) -> str:
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _document_sizes(rng: random.Random, total: int, per_document: int) -> list[int]:
    """Sizes summing to ``total``: ``per_document`` ±50%, with a few tiny documents."""
    sizes: list[int] = []
    left = total
    while left > 0:
        if rng.random() < TINY_SHARE:
            size = rng.randint(1_500, 12_000)
        else:
            size = int(per_document * (0.5 + rng.random()))
        size = max(1_000, min(size, left))
        if left - size < 1_000:  # no sliver of a last document
            size = left
        sizes.append(size)
        left -= size
    return sizes


@dataclass(frozen=True)
class _Spec:
    """Everything one document depends on, drawn in order from the corpus's random stream."""

    number: int
    size: int
    seed: int
    genre: str
    table_share: float
    english: bool
    markdown: bool


def _plan(passages: int, seed: int, chars_per_document: int, chars_per_passage: int) -> list[_Spec]:
    rng = random.Random(seed)
    sizes = _document_sizes(rng, passages * chars_per_passage, chars_per_document)
    genres = [g[0] for g in GENRES]
    weights = [g[1] for g in GENRES]
    shares = {g[0]: g[2] for g in GENRES}
    specs = []
    for number, size in enumerate(sizes, 1):
        english = rng.random() < ENGLISH_SHARE
        genre = rng.choices(genres, weights)[0]
        if size < 12_000 and not english and rng.random() < 0.5:
            genre = "norma"
        markdown = rng.random() < MARKDOWN_SHARE
        share = shares[genre] * (0.6 + 0.8 * rng.random())
        specs.append(_Spec(number, size, rng.getrandbits(64), genre, share, english, markdown))
    return specs


def _generate(spec: _Spec) -> tuple[str, str, str | None]:
    """(file name, text, manifest entry or None) of one document."""
    writer = _Writer(spec.seed, spec.number, spec.genre, spec.table_share, spec.english, spec.markdown)
    title = writer.title()
    text = writer.document(spec.size, title)
    name = f"{spec.number:05d}-{_slugify(title)}{'.md' if spec.markdown else '.txt'}"
    return name, text, writer.manifest_entry(name, title)


def _default_workers(documents: int) -> int:
    cores = os.cpu_count() or 1
    if documents < 8 or cores < 4 or "fork" not in multiprocessing.get_all_start_methods():
        return 1  # on two cores the writing process and one worker only get in each other's way
    return max(1, min(cores - 1, 8, documents // 4))


def _windowed(pool, specs: list[_Spec], window: int):
    """The pool's documents in order, never more than ``window`` of them pending or held."""
    pending: deque = deque()
    for spec in specs:
        pending.append(pool.apply_async(_generate, (spec,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def write_corpus(
    folder: Path,
    passages: int,
    *,
    seed: int = 0,
    chars_per_document: int = DEFAULT_CHARS_PER_DOCUMENT,
    chars_per_passage: int = PASSAGE_CHARS,
    workers: int | None = None,
) -> CorpusInfo:
    """Write about ``passages`` × ``chars_per_passage`` characters of synthetic documents,
    in documents of about ``chars_per_document`` characters (±50%, and a few tiny ones),
    and a ``manifest.toml``, into ``folder`` (created if needed; files of the same names
    are replaced). The same arguments always write the same bytes, whatever ``workers``
    (processes generating documents in parallel, forked; default: one on fewer than 4
    cores or for fewer than 8 documents, else one per core but one, up to 8). Documents
    are written one at a time as they come, with at most 4 per worker held in memory.

    Quipu's splitter cuts these documents into about 1.44 passages per 1,000 characters
    (695 characters each; the real corpus: 1.27, 787 each), because passages never cross
    sections or mix prose and tables: pass ``chars_per_passage=695`` to get about
    ``passages`` passages out of the reader rather than ``passages`` × 1,000 characters."""
    if passages < 1:
        raise ValueError("passages must be at least 1")
    if chars_per_document < 2_000:
        raise ValueError("chars_per_document must be at least 2000")
    if chars_per_passage < 100:
        raise ValueError("chars_per_passage must be at least 100")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    specs = _plan(passages, seed, chars_per_document, chars_per_passage)
    workers = _default_workers(len(specs)) if workers is None else max(1, workers)
    paths: list[Path] = []
    characters = written_bytes = 0
    manifest = folder / MANIFEST_NAME
    pool = multiprocessing.get_context("fork").Pool(workers) if workers > 1 else None
    try:
        documents = _windowed(pool, specs, 4 * workers) if pool else map(_generate, specs)
        with open(manifest, "w", encoding="utf-8", newline="\n") as listing:
            listing.write(f"# Synthetic documents for Quipu's scale benchmark (seed {seed}, {passages} passages).\n"
                          "# Generated by benchmarks/synthetic_corpus.py: invented text, not real policy documents.\n")
            for name, text, entry in documents:
                data = text.encode("utf-8")
                path = folder / name
                path.write_bytes(data)
                paths.append(path)
                characters += len(text)
                written_bytes += len(data)
                if entry:
                    listing.write("\n" + entry + "\n")
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return CorpusInfo(folder=folder, documents=len(paths), characters=characters, bytes=written_bytes,
                      paths=tuple(paths), manifest=manifest, passages=passages, seed=seed)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path, help="folder to write the documents and manifest.toml into")
    parser.add_argument("--passages", type=int, default=10_000,
                        help="how many ~1,000-character passages of text (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chars-per-document", type=int, default=DEFAULT_CHARS_PER_DOCUMENT)
    parser.add_argument("--chars-per-passage", type=int, default=PASSAGE_CHARS,
                        help="characters of text per requested passage (default 1000)")
    parser.add_argument("--workers", type=int, default=None,
                        help="generating processes (default: 1 on fewer than 4 cores, else cores - 1, up to 8)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    info = write_corpus(args.out_dir, args.passages, seed=args.seed, chars_per_document=args.chars_per_document,
                        chars_per_passage=args.chars_per_passage, workers=args.workers)
    seconds = time.perf_counter() - began
    print(f"wrote {info.documents} documents, {info.characters:,} characters ({info.bytes / 1e6:.1f} MB) "
          f"for {args.passages} passages into {info.folder} in {seconds:.1f} s "
          f"({info.bytes / 1e6 / max(seconds, 1e-9):.1f} MB/s, seed {args.seed})", file=sys.stdout)


if __name__ == "__main__":
    main()
