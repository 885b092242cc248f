"""The last pass: a service or programme named inside a longer name is no mention of its own.

The vocabulary knows "Capacitación Laboral" as a service, so it finds it inside the name of a
directorate "… y Capacitación Laboral". Those are words of another name, not a mention:
this pass drops a service's or programme's mention that lies strictly inside a longer mention
of another named thing, and then the entities left with no mention and no fact (no link, no
value) at all. Regions stay: "Gobierno Regional de Puno" does name Puno, and search filters
passages by the regions they name.
"""

from __future__ import annotations

import bisect

from quipu.ingest.facts import Facts
from quipu.ingest.models import Document

_NESTED_TYPES = ("service", "programme")
_CONTAINER_TYPES = ("institution", "programme", "service", "norm", "plan")


def extract(document: Document, facts: Facts) -> None:
    """Drop nested mentions, then the entities nothing names or uses any more."""
    containers = sorted(
        (m.start, m.end, e.key) for e in facts.entities.values() if e.type in _CONTAINER_TYPES for m in e.mentions
    )
    if not containers:
        return
    starts = [c[0] for c in containers]
    for entity in facts.entities.values():
        if entity.type not in _NESTED_TYPES or not entity.mentions:
            continue

        def inside(start: int, end: int, key: str = entity.key) -> bool:
            at = bisect.bisect_right(starts, start)
            # a container that starts at or before the mention and ends at or after it, longer than it
            for c_start, c_end, c_key in containers[max(0, at - 40) : at]:
                if c_key != key and c_start <= start and end <= c_end and (c_end - c_start) > (end - start):
                    return True
            return False

        entity.mentions[:] = [m for m in entity.mentions if not inside(m.start, m.end)]
    used = {l.subject for l in facts.links} | {l.object for l in facts.links} | {o.indicator for o in facts.observations}
    for key in [k for k, e in facts.entities.items() if e.type in _NESTED_TYPES and not e.mentions and k not in used]:
        del facts.entities[key]
