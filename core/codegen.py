"""Generates :mod:`quipu.core.namespace`, the closed namespace of our ontology terms.

Run ``python -m quipu.core.codegen`` after editing ``ontology/*.ttl``; a test fails
while the generated module and the Turtle disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph

from quipu.ontology import NAMESPACE, turtle_files

HEADER = '''"""Closed namespace of the Quipu ontology (``qp:``). GENERATED from ontology/*.ttl
by ``python -m quipu.core.codegen``; do not edit by hand.

Using a term that the ontology does not define raises, instead of minting a wrong IRI.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class QP(DefinedNamespace):
    _NS = Namespace("{ns}")
    _fail = True

'''


def ontology_terms() -> list[str]:
    """Local names of every subject the ontology files define in our namespace."""
    graph = Graph()
    for path in turtle_files():
        graph.parse(path, format="turtle")
    names = {str(s)[len(NAMESPACE):] for s in graph.subjects() if str(s).startswith(NAMESPACE)}
    return sorted(n for n in names if n.isidentifier())


def render() -> str:
    lines = [HEADER.format(ns=NAMESPACE)]
    lines += [f"    {name}: URIRef\n" for name in ontology_terms()]
    return "".join(lines)


def target() -> Path:
    return Path(__file__).with_name("namespace.py")


def main() -> int:
    target().write_text(render(), encoding="utf-8")
    print(f"wrote {target()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
