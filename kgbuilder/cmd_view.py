"""`kgbuilder view GRAPH_JSON`: write the interactive viewer page for a graph.json, whole or focused."""
from __future__ import annotations

import difflib
import webbrowser
from pathlib import Path

import click

from kgbuilder.exports.html import write_html
from kgbuilder.graph.knowledge_graph import KnowledgeGraph


def _default_output(graph_json: Path, cut: bool) -> Path:
    return graph_json.with_name(graph_json.stem + (".view.html" if cut else ".html"))


def _suggest(kg: KnowledgeGraph, name: str) -> str:
    names = {}
    for node, data in kg.graph.nodes(data=True):
        for candidate in [data.get("label") or str(node), *data.get("aliases", [])]:
            names.setdefault(str(candidate).casefold(), str(data.get("label") or node))
    close = difflib.get_close_matches(name.casefold(), list(names), n=3, cutoff=0.6)
    hint = "; did you mean " + " or ".join(repr(names[c]) for c in close) + "?" if close else ""
    return f"no entity called {name!r} in the graph{hint} (names are labels or aliases, any case)"


@click.command("view")
@click.argument("graph_json", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write. Default: beside GRAPH_JSON, graph.html "
                   "(graph.view.html for a focused view).")
@click.option("--around", metavar="NAME",
              help='Show only the entities within --hops links of this one, e.g. --around "John Kerry".')
@click.option("--hops", type=click.IntRange(min=0), default=None, metavar="N",
              help="How far from --around to go (default 1).")
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N",
              help="Keep only the N best-connected entities (after --around, if given).")
@click.option("--title", default=None, help="Page title. Default: the graph's name.")
@click.option("--size-by", type=click.Choice(["degree", "mentions"]), default="degree", show_default=True,
              help="What node size shows.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default web browser.")
def view(graph_json: Path, output: Path | None, around: str | None, hops: int | None, top: int | None,
         title: str | None, size_by: str, open_browser: bool) -> None:
    """Write an interactive, offline HTML viewer for GRAPH_JSON (the graph.json of `kgbuilder build`).

    The page needs no network: open it from disk in any browser. Big graphs get their layout
    computed in Python so they draw quickly; --around/--hops and --top make focused views.

    \b
    Examples:
      kgbuilder view out/graph.json
      kgbuilder view out/graph.json --around "John Kerry" --hops 2 -o kerry.html
      kgbuilder view out/graph.json --top 200
    """
    if hops is not None and around is None:
        raise click.UsageError("--hops needs --around NAME (the entity to start from)")
    try:
        kg = KnowledgeGraph.read_json(graph_json)
    except (FileNotFoundError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    except OSError as err:
        raise click.ClickException(f"{graph_json}: cannot read ({err.strerror or err})") from None

    cut = around is not None or top is not None
    if cut:
        if around is not None and kg.find(around) is None:
            raise click.ClickException(_suggest(kg, around))
        hops = 1 if hops is None else hops
        focused = kg.subgraph(around=around, hops=hops, top=top)
        details = focused.graph.graph.setdefault("cut_from", {})
        if around is not None:
            details.update(around=kg.graph.nodes[kg.find(around)].get("label") or around, hops=hops)
        if top is not None:
            details["top"] = top
        focused.graph.graph.setdefault("name", kg.graph.graph.get("name", "kgbuilder graph"))
        kg_to_draw = focused
    else:
        kg_to_draw = kg

    path = output or _default_output(graph_json, cut)
    try:
        write_html(kg_to_draw, path, title=title, size_by=size_by)
    except OSError as err:
        raise click.ClickException(f"{path}: cannot write ({err.strerror or err})") from None
    shown = f"{len(kg_to_draw):,} entities, {kg_to_draw.number_of_relations:,} relations"
    if cut:
        shown += f" (of {len(kg):,} and {kg.number_of_relations:,})"
    click.echo(f"wrote {path}: {shown}")
    if open_browser:
        webbrowser.open(path.resolve().as_uri())
