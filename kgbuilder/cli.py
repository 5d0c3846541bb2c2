"""The `kgbuilder` command: a thin click group over the library. Commands live in cmd_*.py modules."""
from __future__ import annotations

import click

from kgbuilder.cmd_build import build
from kgbuilder.cmd_store import load, query
from kgbuilder.cmd_view import view


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kgbuilder", prog_name="kgbuilder")
def main():
    """Turn English text into a knowledge graph.

    \b
    kgbuilder build seeds/ -o out/     text -> out/graph.ttl, graph.html, graph.json

    Run `kgbuilder COMMAND --help` for the options of a command.
    """


for command in (build, load, query, view):
    main.add_command(command)
