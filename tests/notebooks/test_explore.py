"""The notebook runs clean, top to bottom, in a real kernel, and each section shows what it says it shows.

Cells are found by their tag (cell metadata), so a check reads the output of the cell that makes it:
the SPARQL answer must come from the SPARQL cell, not from any cell that happens to print the name.
"""
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "explore.ipynb"
pytestmark = [pytest.mark.model, pytest.mark.slow]


def output_text(cell) -> str:
    """Everything a cell showed: plain text, HTML and printed text."""
    parts = []
    for out in cell.outputs:
        data = out.get("data", {})
        parts += [str(data.get("text/plain", "")), str(data.get("text/html", "")), out.get("text", "")]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return {tag: cell for cell in nb.cells if cell.cell_type == "code" for tag in cell.metadata.get("tags", [])}, nb


def test_the_notebook_runs_clean(executed):
    cells, nb = executed
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert {"build", "layers", "entity-layer", "schema-summary", "schema-facts", "viewer", "sparql-provenance",
            "sparql-schema", "focus", "focus-viewer"} <= set(cells)


def test_it_builds_the_seed_articles_and_shows_both_layers(executed):
    cells, _nb = executed
    assert "4 documents" in output_text(cells["build"])
    layers = output_text(cells["layers"])
    assert "entity" in layers and "claims" in layers
    entity_table = output_text(cells["entity-layer"])
    assert "Robert Mugabe" in entity_table and "concept/" not in entity_table  # entities only


def test_it_tables_the_facts_per_schema_relation(executed):
    cells, _nb = executed
    summary = output_text(cells["schema-summary"])
    assert "leader_of" in summary and "works_for" in summary and "located_in" in summary
    facts = output_text(cells["schema-facts"])
    assert "<td>leader_of</td>" in facts and "<td>works_for</td>" in facts and "rows ×" not in facts  # whole


def test_the_viewers_are_inline_pages(executed):
    cells, _nb = executed
    for tag in ("viewer", "focus-viewer"):
        html = output_text(cells[tag])
        assert "<iframe srcdoc=" in html and "kgViewer" in html


def test_the_sparql_cells_answer_from_the_store(executed):
    cells, _nb = executed
    provenance = cells["sparql-provenance"]
    assert "sparql(" in provenance.source
    answer = output_text(provenance)
    # the query's own columns and its answer: Kerry spoke with Lavrov, in the seed article's sentence
    assert "<th>sentence</th>" in answer and "Sergei Lavrov" in answer and "He said Secretary of State" in answer
    schema = output_text(cells["sparql-schema"])
    assert "<th>organisation</th>" in schema and "Robert Mugabe" in schema and "president of" in schema


def test_the_focused_view_is_around_john_kerry(executed):
    cells, _nb = executed
    table = cells["focus"].outputs[-1]["data"]["text/html"]  # the table, not the printed neighbours
    assert "<td>Sergei Lavrov</td>" in table and "<td>spoke_with</td>" in table
