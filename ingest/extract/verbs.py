"""Finite forms of Spanish verbs, so a cue names a verb once and matches every tense.

Reports tell what a body *did* ("ejecutó", "condujo", "ha administrado"), plans what it
*will do* ("ejecutará"), norms what it *does* ("ejecuta"). A cue in ``cues.toml`` writes
``{V:ejecutar|conducir}`` and gets the third-person forms, singular and plural, of the
present, preterite, imperfect, future and conditional, and the perfect with "ha/han/había".

Regular -ar/-er/-ir endings are built; the few irregular verbs of the lexicon list their
stems. The stressed present of -uar and some -iar verbs carries an accent ("evalúa",
"envía"), which the table of accented presents gives.
"""

from __future__ import annotations

import re
from functools import cache

# verb -> (present stem, preterite stem, future stem, participle), for the irregular ones
_IRREGULAR: dict[str, tuple[str, str, str, str]] = {
    "conducir": ("conduc", "conduj", "conducir", "conducido"),
    "tener": ("tien", "tuv", "tendr", "tenido"),
    "hacer": ("hac", "hiz", "har", "hecho"),
    "dirigir": ("dirig", "dirig", "dirigir", "dirigido"),
    "asumir": ("asum", "asum", "asumir", "asumido"),
}
# the auxiliaries of the passive: "es/fue/será/ha sido ejecutado por", "viene siendo"
_AUXILIARIES = {
    "ser": ["es", "son", "fue", "fueron", "era", "eran", "será", "serán", "sería", "serían", "ha sido", "han sido", "había sido"],
    "estar": ["está", "están", "estuvo", "estuvieron", "estaba", "estaban", "estará", "estarán", "ha estado", "han estado"],
    "venir": ["viene siendo", "vienen siendo", "venía siendo"],
}
# verbs whose stressed present is written with an accent: evaluar -> evalúa
_ACCENTED_PRESENT = {"evaluar": "evalú", "actuar": "actú", "continuar": "continú", "enviar": "enví", "guiar": "guí"}


def forms(infinitive: str) -> list[str]:
    """Third-person finite forms of ``infinitive`` (and its perfect with ha/han/había/habían)."""
    verb = infinitive.lower()
    if verb in _AUXILIARIES:
        return sorted(_AUXILIARIES[verb], key=len, reverse=True)
    stem, ending = verb[:-2], verb[-2:]
    if ending not in ("ar", "er", "ir"):
        raise ValueError(f"not a Spanish infinitive: {infinitive!r}")
    participle = stem + ("ado" if ending == "ar" else "ido")
    present_stem = _ACCENTED_PRESENT.get(verb, stem)
    future = verb
    out: list[str] = []
    if verb in _IRREGULAR:
        present_stem, preterite_stem, future, participle = _IRREGULAR[verb]
        if verb in ("conducir", "hacer"):
            out += [preterite_stem + "o", preterite_stem + "eron"] if verb == "conducir" else ["hizo", "hicieron"]
        elif verb == "tener":
            out += ["tuvo", "tuvieron"]
        else:
            out += [preterite_stem + "ió", preterite_stem + "ieron"] if ending != "ar" else []
        if verb == "hacer":
            out += ["hace", "hacen", "hacía", "hacían"]
        elif verb == "tener":
            out += ["tiene", "tienen", "tenía", "tenían"]
        else:
            out += [present_stem + "e", present_stem + "en", stem + "ía", stem + "ían"]
    elif ending == "ar":
        out += [present_stem + "a", present_stem + "an", stem + "ó", stem + "aron", stem + "aba", stem + "aban"]
    else:
        out += [present_stem + "e", present_stem + "en", stem + "ió", stem + "ieron", stem + "ía", stem + "ían"]
    out += [future + "á", future + "án", future + "ía", future + "ían"]
    out += [f"{aux} {participle}" for aux in ("ha", "han", "había", "habían", "habría")]
    return sorted(set(out), key=len, reverse=True)


@cache
def alternation(infinitives: str) -> str:
    """A regular-expression group matching every form of the ``|``-separated infinitives;
    a space in a form matches any run of white space."""
    words = [w.strip() for w in infinitives.split("|") if w.strip()]
    every = sorted({form for word in words for form in forms(word)}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in every) + r")\b"


_MACRO = re.compile(r"\{V:([a-záéíóúñ|]+)\}")


def expand(pattern: str) -> str:
    """``pattern`` with each ``{V:verb|verb}`` replaced by the forms of those verbs."""
    return _MACRO.sub(lambda m: alternation(m.group(1)), pattern)
