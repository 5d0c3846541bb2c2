"""``kgbuilder load`` and ``kgbuilder query``: thin commands over exports.store."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kgbuilder.exports.store import (DEFAULT_STORE, RESULT_FORMATS, StoreError, format_results, load_into_endpoint,
                                     load_into_store, query as run_query)
from kgbuilder.options import base_iri_option


@click.command("load")
@click.argument("sources", nargs=-1, required=True, metavar="FILE_OR_DIR...")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help=f"Folder of the embedded Oxigraph store (created if missing) [default: ./{DEFAULT_STORE}].")
@click.option("--endpoint", metavar="URL", default=None,
              help="A SPARQL 1.1 Graph Store Protocol endpoint instead of a local store, e.g. "
                   "http://localhost:7878/store (Oxigraph) or http://localhost:3030/ds/data (Fuseki).")
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="Load triples into this named graph instead of the default graph.")
@base_iri_option("the one graph.json inputs were built with (RDF files carry their own IRIs)")
def load(sources: tuple[str, ...], store_dir: Path | None, endpoint: str | None, graph_iri: str | None,
         base_iri: str) -> None:
    """Load RDF files (.ttl .nt .nq .trig .jsonld, or a graph.json) into a triple store.

    A folder loads every RDF file in it (e.g. a folder of .nt shards). Loading the same files again
    adds nothing: kgbuilder's IRIs are deterministic and a store keeps each triple once.

    \b
    Examples:
      kgbuilder load out/graph.ttl                      # into ./kgstore
      kgbuilder load out/ --store /data/kg
      kgbuilder load out/graph.ttl --endpoint http://localhost:7878/store
    """
    if endpoint and store_dir is not None:
        raise click.UsageError("pass either --store or --endpoint, not both")
    try:
        if endpoint:
            report = load_into_endpoint(sources, endpoint, graph=graph_iri, base_iri=base_iri)
        else:
            report = load_into_store(sources, store_dir or Path(DEFAULT_STORE), graph=graph_iri,
                                     base_iri=base_iri)
    except (StoreError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    for path in report.files:
        click.echo(f"  {path}", err=True)
    click.echo(report.summary())


@click.command("query")
@click.argument("source", metavar="STORE_OR_FILE")
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True,
              help="table for people; csv and json are the SPARQL 1.1 result formats.")
@click.option("--union", is_flag=True,
              help="Query the union of all graphs (e.g. a loaded TriG file's per-document graphs) as the "
                   "default graph. A triple stored in several graphs then matches once per graph.")
@base_iri_option("the one behind the predeclared entity:, doc:, stmt: prefixes")
@click.option("--allow-service", is_flag=True,
              help="Let the query call other SPARQL endpoints with SERVICE <url> (a federated query). "
                   "Off by default: a query never makes requests to other servers unless you say so.")
def query(source: str, sparql: str, fmt: str, union: bool, base_iri: str, allow_service: bool) -> None:
    """Run a SPARQL query against a store folder, an RDF file, or an http(s) SPARQL endpoint.

    A file is loaded into an in-memory store first. SPARQL may be '-' to read the query from stdin.
    The kgbuilder prefixes (rdf rdfs xsd skos schema prov dcterms kg rel attr entity doc stmt agent)
    are predeclared. TriG data sits in one named graph per document: use GRAPH ?g { ... } or --union.
    Queries only (SELECT, ASK, CONSTRUCT, DESCRIBE): updates are refused. Control characters in the
    data show as escapes (\\x1b) in the table output.

    \b
    Examples:
      kgbuilder query out/graph.ttl 'SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }'
      kgbuilder query kgstore 'SELECT ?s WHERE { ?st rdf:subject entity:John_Kerry ;
                                 rdf:predicate rel:spoke_with ; kg:sentence ?s }' --format csv
      kgbuilder query http://localhost:7878/query 'ASK { ?s ?p ?o }'
    """
    if sparql == "-":
        sparql = sys.stdin.read()
    try:
        result = run_query(source, sparql, base_iri=base_iri, union=union, allow_service=allow_service)
        text = format_results(result, fmt, base_iri=base_iri)
    except (StoreError, ValueError) as err:
        raise click.ClickException(str(err)) from None
    click.echo(text.rstrip("\n"))


COMMANDS = (load, query)
