"""Node colours and shapes: one per type, the same in the viewer and in GEXF (Gephi).

Colour-blind safety: the seven most common entity types take the Okabe-Ito colours (distinguishable
with any of the three common colour-vision deficiencies), the rarer types and the value types take
Paul Tol's "muted" and "medium-contrast" colours. Every type has a colour of its own; the claims layer is
told apart by shape too (an entity is a dot, a phrase a square, a value or quoted statement a
diamond), so nothing depends on colour alone. Types outside the table get colours no other type on the
page has (``colors_for``).
"""
from __future__ import annotations

import colorsys

from kgbuilder.graph.knowledge_graph import kind_of_node

#: The legend names of nodes without a type: an entity, a phrase ("concerns"), a value.
UNTYPED, CONCEPT, VALUE = "(untyped)", "(concept)", "(value)"

TYPE_COLORS = {
    # entities: Okabe-Ito, then Tol muted
    "PERSON": "#0072B2",
    "ORG": "#E69F00",
    "GPE": "#009E73",
    "NORP": "#CC79A7",
    "LOC": "#56B4E9",
    "FAC": "#D55E00",
    "EVENT": "#F0E442",
    "PRODUCT": "#882255",
    "WORK_OF_ART": "#999933",
    "LAW": "#332288",
    "LANGUAGE": "#44AA99",
    UNTYPED: "#555555",
    # the claims layer: phrases and values (Tol muted and medium-contrast)
    CONCEPT: "#BBBBBB",
    "STATEMENT": "#DDCC77",
    VALUE: "#E8E0B8",
    "DATE": "#AA4499",
    "TIME": "#CC6677",
    "MONEY": "#117733",
    "PERCENT": "#88CCEE",
    "QUANTITY": "#661100",
    "CARDINAL": "#6699CC",
    "ORDINAL": "#997700",
}
#: For types outside TYPE_COLORS, in order of first need (Tol light).
EXTRA_COLORS = ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#BBCC33", "#AAAA00", "#DDDDDD")
SHAPES = {"entity": "dot", "phrase": "square", "literal": "diamond"}


def category(data: dict) -> str:
    """What a node's colour and legend entry follow: its type, or (untyped)/(concept)/(value)."""
    type_ = str(data.get("type") or "")
    if type_:
        return type_
    kind = kind_of_node(data)
    return CONCEPT if kind == "phrase" else VALUE if kind == "literal" else UNTYPED


def shape(data: dict) -> str:
    return SHAPES.get(kind_of_node(data), SHAPES["phrase"])


def colors_for(categories) -> dict[str, str]:
    """A colour for each category, all different: the table's, then unused extras, then generated hues."""
    wanted = sorted(set(categories))
    colors = {c: TYPE_COLORS[c] for c in wanted if c in TYPE_COLORS}
    used = {value.lower() for value in colors.values()}
    spare = (c for c in EXTRA_COLORS if c.lower() not in used)
    for number, name in enumerate(c for c in wanted if c not in colors):
        color = next(spare, None) or _generated(number)
        while color.lower() in used:
            number += 1000
            color = _generated(number)
        colors[name] = color
        used.add(color.lower())
    return colors


def _generated(number: int) -> str:
    """A distinct mid-tone colour per number (golden-angle hues, three lightness bands)."""
    hue = (number * 0.618033988749895) % 1.0
    lightness = (0.45, 0.6, 0.35)[(number // 7) % 3]
    r, g, b = colorsys.hls_to_rgb(hue, lightness, 0.55)
    return "#%02X%02X%02X" % (round(r * 255), round(g * 255), round(b * 255))
