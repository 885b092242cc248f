"""The pictures of the entity pages, drawn as inline SVG on the server (no script).

- :func:`neighbourhood_svg`: an entity in the middle and its neighbours round it, each a
  link to its page, coloured by type;
- :func:`observations_svg`: an indicator's baseline, target and achieved values as grouped
  bars per period.

Both carry a ``<title>`` in the page's language, so a screen reader names them.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping
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
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


WRAP = 24  # characters per line of a node's label: labels are wrapped, never cut
LINE = 15  # px between the lines of a label
CHAR_W = 7.0  # px an average character of a 13px label takes, for the legend's layout
EDGE, SIDE = "#7a8592", "#c3cad2"


def _lines(text: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def _svg_lines(x: float, y: float, lines: list[str], **attrs: str) -> str:
    """One ``<text>`` whose lines are tspans, the first at ``y``."""
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{spans}</text>'


def _legend(types: list[str], t: Catalog, width: float, top: float) -> tuple[list[str], float]:
    """The key to the picture: a dot per entity type drawn, then the two kinds of line.
    Returns its parts and the height it takes; items flow into rows."""
    items: list[tuple[str, str]] = []
    for name in types:
        colour = TYPE_COLOURS.get(name, "#555")
        items.append((f'<circle cx="7" cy="-4" r="6" fill="{colour}"/>', t.type_name(name)))
    arrow = f'<path d="M0,-4 H24" stroke="{EDGE}" stroke-width="1.5" marker-end="url(#hood-arrow)"/>'
    items.append((arrow, t["legend_link"]))
    items.append((f'<path d="M0,-4 H26" stroke="{SIDE}" stroke-width="1.5" stroke-dasharray="4 3"/>', t["legend_side"]))
    parts = [f'<g class="legend" transform="translate(0 {top:.1f})">']
    x, y = 16.0, 14.0
    for key, text in items:
        size = 34 + CHAR_W * len(text)
        if x > 16 and x + size > width - 16:
            x, y = 16.0, y + 20
        parts.append(f'<g transform="translate({x:.1f} {y:.1f})">{key}' + _svg_text(32, 0, text) + "</g>")
        x += size + 18
    parts.append("</g>")
    return parts, y + 10


def neighbourhood_svg(
    hood: dict[str, Any], t: Catalog, limit: int = MAX_NEIGHBOURS, names: Mapping[str, str] | None = None
) -> tuple[Markup, int]:
    """A radial picture of an entity and its neighbours; returns the SVG and how many were left out.

    Each neighbour is a link with its whole label, wrapped; each link from the entity is an
    arrow from subject to object named by its property in the page's language (``names``:
    property IRI -> label, as :func:`quipu.graph.vocabulary.property_labels` gives; the
    compact name where it has none); a legend names the colours and the lines.
    """
    names = names or {}
    center = hood["center"]
    neighbours = [n for n in hood["nodes"] if n["distance"] == 1]
    left_out = max(0, len(neighbours) - limit)
    neighbours = neighbours[:limit]
    width = 900
    cx, cy = width / 2, 0.0  # moved down once the labels' extent is known
    position = {center["key"]: (cx, cy)}
    lines_of = {n["key"]: _lines(n["label"] or n["key"]) for n in neighbours}
    # Neighbours in two columns, right and left, each label beside its dot: a slot as tall
    # as the label, so wrapped labels never run into each other; the columns bow out in
    # the middle, on an ellipse round the centre.
    sides = (neighbours[0::2], neighbours[1::2])
    slots = [[max(34, LINE * len(lines_of[n["key"]]) + 14) for n in side] for side in sides]
    half = max(120.0, max(sum(s) for s in slots) / 2)
    rx = 210
    for sign, side, heights in zip((1, -1), sides, slots):
        y = cy - sum(heights) / 2
        for node, slot in zip(side, heights):
            y += slot / 2
            bow = math.sqrt(max(0.0, 1 - ((y - cy) / (half + 40)) ** 2))
            position[node["key"]] = (cx + sign * rx * max(0.45, bow), y)
            y += slot / 2
    # Links between two drawn entities, by unordered pair: the names each way.
    pairs: dict[tuple[str, str], dict[bool, set[str]]] = {}
    for edge in hood["edges"]:
        if edge["source"] in position and edge["target"] in position:
            a, b = sorted((edge["source"], edge["target"]))
            name = names.get(edge.get("property") or "", edge["name"])
            pairs.setdefault((a, b), {}).setdefault(edge["source"] == a, set()).add(name)
    label = center["label"] or center["key"]
    title = t["neighbourhood_desc"].format(label=label)
    body = ['<g class="edges">']
    for (a, b), ways in sorted(pairs.items()):
        (x1, y1), (x2, y2) = position[a], position[b]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        ra, rb = (14 if a == center["key"] else 8) + 2, (14 if b == center["key"] else 8) + 2
        direct = center["key"] in (a, b)
        markers = ""
        if direct:
            markers += ' marker-end="url(#hood-arrow)"' if True in ways else ""
            markers += ' marker-start="url(#hood-arrow)"' if False in ways else ""
        every = sorted({n for named in ways.values() for n in named})
        body.append(
            f'<line class="{"edge" if direct else "edge side"}" x1="{x1 + ux * ra:.1f}" y1="{y1 + uy * ra:.1f}" '
            f'x2="{x2 - ux * rb:.1f}" y2="{y2 - uy * rb:.1f}"{markers}><title>{escape(", ".join(every))}</title></line>'
        )
        if direct:
            # The property's name along the line, upright, past half-way out from the centre,
            # where the lines of neighbours have drawn apart.
            out = 0.58 if a == center["key"] else 0.42
            mx, my = x1 + (x2 - x1) * out, y1 + (y2 - y1) * out
            degrees = math.degrees(math.atan2(uy, ux))
            if degrees > 90 or degrees < -90:
                degrees -= 180 if degrees > 0 else -180
            lines = [n for named in (ways.get(True, set()), ways.get(False, set())) for n in sorted(named)]
            body.append(
                f'<g transform="rotate({degrees:.1f} {mx:.1f} {my:.1f})">'
                + _svg_lines(mx, my - 4 - LINE * (len(lines) - 1), lines, text_anchor="middle", class_="edge-label")
                + "</g>"
            )
    body.append('</g><g class="nodes">')
    top, bottom = cy - half - 8, cy + half + 8
    for node in neighbours:
        x, y = position[node["key"]]
        colour = TYPE_COLOURS.get(node["type"] or "", "#555")
        kind = t.type_name(node["type"])
        node_label = node["label"] or node["key"]
        lines = lines_of[node["key"]]
        # Beside the dot, away from the centre, centred on it.
        anchor, lx = ("start", x + 12) if x > cx else ("end", x - 12)
        ly = y + 4 - LINE * (len(lines) - 1) / 2
        top, bottom = min(top, ly - 13), max(bottom, ly + LINE * (len(lines) - 1) + 5)
        body.append(
            f'<a class="node" href="{escape(entity_href(node["key"]))}" data-key="{escape(node["key"])}">'
            f"<title>{escape(node_label)} ({escape(kind)})</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="{colour}"/>'
            + _svg_lines(lx, ly, lines, text_anchor=anchor)
            + "</a>"
        )
    colour = TYPE_COLOURS.get(center["type"] or "", "#555")
    center_lines = _lines(label, 30)
    bottom = max(bottom, cy + 32 + LINE * (len(center_lines) - 1) + 5)
    body.append(
        f'<g class="center"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="14" fill="{colour}"/>'
        + _svg_lines(cx, cy + 32, center_lines, text_anchor="middle", class_="center-label")
        + "</g></g>"
    )
    types = sorted({n["type"] for n in [center, *neighbours] if n["type"]}, key=t.type_name)
    legend, legend_height = _legend(types, t, width, bottom - top + 8)
    height = bottom - top + 8 + legend_height
    parts = [
        f'<svg class="hood" viewBox="0 0 {width} {height:.0f}" role="group" aria-labelledby="hood-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="hood-title">{escape(title)}</title>',
        f'<defs><marker id="hood-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{EDGE}"/></marker></defs>',
        f'<g transform="translate(0 {-top:.1f})">',
        *body,
        "</g>",
        *legend,
        "</svg>",
    ]
    return Markup("".join(parts)), left_out


def _nice_step(span: float) -> float:
    raw = span / 5 or 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _number(value: float, t: Catalog) -> str:
    # In the page language's digits; hundreds and more without decimals, smaller values with two at most.
    return t.number(round(value) if abs(value) >= 100 else round(value, 2))


def observations_svg(
    rows: list[ObservationRow], t: Catalog, label: str, unit_sign: Callable[[str], str] | None = None
) -> Markup | None:
    """Grouped bars of baseline / target / achieved values by period; None when nothing is numeric.

    ``unit_sign`` names the values' unit (percent, PEN …) above the axis in the page's
    language ("%", "S/", "Número"); without it the unit is shown as the graph names it.
    """
    values: dict[str, dict[str, float]] = {}
    for row in rows:
        if row.kind in CHART_KINDS and row.value is not None and row.breakdown is None:  # one bar per period and kind
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
        parts.append(_svg_text(left - 6, y + 4, _number(tick, t), text_anchor="end", class_="tick"))
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
                f'fill="{KIND_COLOURS[kind]}"><title>{escape(t[kind])} {escape(period)}: {_number(value, t)}</title></rect>'
            )
            parts.append(_svg_text(x + (bar_w - 2) / 2, y0 - 4, _number(value, t), text_anchor="middle", class_="value"))
        parts.append(_svg_text(left + group_w * (i + 0.5), height - lower + 18, period, text_anchor="middle", class_="tick"))
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{y_of(0):.1f}" y2="{y_of(0):.1f}"/>')
    units = {row.unit for row in rows if row.kind in CHART_KINDS and row.value is not None}
    if len(units) == 1 and (unit := units.pop()):
        sign = unit_sign(unit) if unit_sign else unit
        parts.append(_svg_text(left - 6, upper - 10, sign, text_anchor="end", class_="tick"))
    lx = left
    for kind in kinds:
        parts.append(f'<rect x="{lx}" y="10" width="12" height="12" fill="{KIND_COLOURS[kind]}"/>')
        parts.append(_svg_text(lx + 16, 20, t[kind], class_="legend"))
        lx += 24 + 8 * len(t[kind])
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = ["neighbourhood_svg", "observations_svg"]
