"""The pictures of the entity pages, drawn as inline SVG on the server (no script).

- :func:`neighbourhood_svg`: an entity in the middle and its neighbours round it, each a
  link to its page, coloured by type;
- :func:`observations_svg`: an indicator's baseline, target and achieved values as grouped
  bars per period.

Both carry a ``<title>`` in the page's language, so a screen reader names them.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from markupsafe import Markup

from quipu.graph.explore import ObservationRow

from .links import entity_href
from .messages import Catalog

MAX_NEIGHBOURS = 18  # neighbours drawn round an entity; the others are counted
CHART_KINDS = ("baseline", "target", "achieved")  # the observation kinds charted, in this order
TYPE_COLOURS = {
    "norm": "#8c510a", "institution": "#01665e", "programme": "#762a83", "service": "#1b7837",
    "region": "#b35806", "indicator": "#2166ac", "objective": "#c51b7d", "action": "#4d9221",
    "activity": "#5e3c99", "plan": "#b2182b", "country": "#35978f",
}
KIND_COLOURS = {"baseline": "#767676", "target": "#2166ac", "achieved": "#1b7837"}


def _svg_text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _short(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def neighbourhood_svg(hood: dict[str, Any], t: Catalog, limit: int = MAX_NEIGHBOURS) -> tuple[Markup, int]:
    """A radial picture of an entity and its neighbours; returns the SVG and how many were left out."""
    center = hood["center"]
    neighbours = [n for n in hood["nodes"] if n["distance"] == 1]
    left_out = max(0, len(neighbours) - limit)
    neighbours = neighbours[:limit]
    width, height = 900, 460
    cx, cy = width / 2, height / 2
    radius = 175 if len(neighbours) > 6 else 140
    position = {center["key"]: (cx, cy)}
    for i, node in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(neighbours))
        position[node["key"]] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    names: dict[tuple[str, str], list[str]] = {}
    for edge in hood["edges"]:
        if edge["source"] in position and edge["target"] in position:
            a, b = sorted((edge["source"], edge["target"]))
            names.setdefault((a, b), []).append(edge["name"])
    label = center["label"] or center["key"]
    title = t["neighbourhood_desc"].format(label=label)
    parts = [
        f'<svg class="hood" viewBox="0 0 {width} {height}" role="group" aria-labelledby="hood-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="hood-title">{escape(title)}</title>',
        '<g class="edges">',
    ]
    for (a, b), props in sorted(names.items()):
        (x1, y1), (x2, y2) = position[a], position[b]
        cls = "edge" if center["key"] in (a, b) else "edge side"
        parts.append(
            f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
            f"<title>{escape(', '.join(sorted(set(props))))}</title></line>"
        )
    parts.append("</g><g class=\"nodes\">")
    for node in neighbours:
        x, y = position[node["key"]]
        colour = TYPE_COLOURS.get(node["type"] or "", "#555")
        kind = t.type_name(node["type"])
        anchor = "start" if x > cx + 1 else "end" if x < cx - 1 else "middle"
        dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (-14 if y < cy else 22)
        node_label = node["label"] or node["key"]
        parts.append(
            f'<a class="node" href="{escape(entity_href(node["key"]))}" data-key="{escape(node["key"])}">'
            f"<title>{escape(node_label)} ({escape(kind)})</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="{colour}"/>'
            + _svg_text(x + dx, y + dy, _short(node_label, 32), text_anchor=anchor)
            + "</a>"
        )
    colour = TYPE_COLOURS.get(center["type"] or "", "#555")
    parts.append(
        f'<g class="center"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="14" fill="{colour}"/>'
        + _svg_text(cx, cy + 32, _short(label, 40), text_anchor="middle", class_="center-label")
        + "</g></g></svg>"
    )
    return Markup("".join(parts)), left_out


def _nice_step(span: float) -> float:
    raw = span / 5 or 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def observations_svg(rows: list[ObservationRow], t: Catalog, label: str) -> Markup | None:
    """Grouped bars of baseline / target / achieved values by period; None when nothing is numeric."""
    values: dict[str, dict[str, float]] = {}
    for row in rows:
        if row.kind in CHART_KINDS and row.value is not None:
            values.setdefault(row.period or "—", {}).setdefault(row.kind, row.value)
    if not values:
        return None
    periods = sorted(values)
    kinds = [k for k in CHART_KINDS if any(k in v for v in values.values())]
    top = max(0.0, *(v for by_kind in values.values() for v in by_kind.values()))
    bottom = min(0.0, *(v for by_kind in values.values() for v in by_kind.values()))
    step = _nice_step(top - bottom)
    top = math.ceil(top / step) * step if top > 0 else 0
    bottom = math.floor(bottom / step) * step if bottom < 0 else 0
    if top == bottom:
        top = bottom + step
    width, left, right, upper, lower = 640, 72, 16, 36, 48
    height = 300
    plot_w, plot_h = width - left - right, height - upper - lower

    def y_of(value: float) -> float:
        return upper + plot_h * (top - value) / (top - bottom)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(t["chart_desc"].format(label=label))}</title>',
    ]
    tick = bottom
    while tick <= top + step / 1000:
        y = y_of(tick)
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(_svg_text(left - 6, y + 4, _number(tick), text_anchor="end", class_="tick"))
        tick += step
    group_w = plot_w / len(periods)
    bar_w = min(48.0, group_w * 0.8 / max(1, len(kinds)))
    for i, period in enumerate(periods):
        gx = left + group_w * i + (group_w - bar_w * len(kinds)) / 2
        for j, kind in enumerate(kinds):
            if kind not in values[period]:
                continue
            value = values[period][kind]
            y0, y1 = y_of(max(value, 0)), y_of(min(value, 0))
            x = gx + j * bar_w
            parts.append(
                f'<rect class="bar {kind}" x="{x:.1f}" y="{y0:.1f}" width="{bar_w - 2:.1f}" height="{max(1.0, y1 - y0):.1f}" '
                f'fill="{KIND_COLOURS[kind]}"><title>{escape(t[kind])} {escape(period)}: {_number(value)}</title></rect>'
            )
            parts.append(_svg_text(x + (bar_w - 2) / 2, y0 - 4, _number(value), text_anchor="middle", class_="value"))
        parts.append(_svg_text(left + group_w * (i + 0.5), height - lower + 18, period, text_anchor="middle", class_="tick"))
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{y_of(0):.1f}" y2="{y_of(0):.1f}"/>')
    units = {row.unit for row in rows if row.kind in CHART_KINDS and row.value is not None}
    if len(units) == 1 and (unit := units.pop()):
        parts.append(_svg_text(left - 6, upper - 10, {"percent": "%"}.get(unit, unit), text_anchor="end", class_="tick"))
    lx = left
    for kind in kinds:
        parts.append(f'<rect x="{lx}" y="10" width="12" height="12" fill="{KIND_COLOURS[kind]}"/>')
        parts.append(_svg_text(lx + 16, 20, t[kind], class_="legend"))
        lx += 24 + 8 * len(t[kind])
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = ["neighbourhood_svg", "observations_svg"]
