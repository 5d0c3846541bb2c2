"""Options that several commands share: declared once here, with one default and one check."""
from __future__ import annotations

import click

from kgbuilder.exports.rdf import DEFAULT_BASE_IRI


def _checked_base_iri(_ctx, _param, value: str) -> str:
    from kgbuilder.exports.rdf import check_base_iri

    try:
        return check_base_iri(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def base_iri_option(use: str):
    """``--base-iri IRI``: the namespace of kgbuilder's entity, document and statement IRIs.
    ``use`` says what the command does with it."""
    return click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True, metavar="IRI",
                        callback=_checked_base_iri,
                        help=f"Namespace of the entity, document and statement IRIs: {use}.")
