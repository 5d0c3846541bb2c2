"""The `kgbuilder` command: a thin click group over the library. Commands live in cmd_*.py modules."""
from __future__ import annotations

import importlib

import click

from kgbuilder.cmd_build import build


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kgbuilder", prog_name="kgbuilder")
def main():
    """Turn English text into a knowledge graph.

    \b
    kgbuilder build seeds/ -o out/     text -> out/graph.ttl, graph.html, graph.json

    Run `kgbuilder COMMAND --help` for the options of a command.
    """


main.add_command(build)


def _add_optional(module_name: str, *command_names: str) -> None:
    """Register commands from a module that may not exist yet; a module that exists but breaks still fails."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name != module_name:
            raise
        return
    commands = {obj.name: obj for obj in vars(module).values() if isinstance(obj, click.Command)}
    for name in command_names:
        if name in commands:
            main.add_command(commands[name])


_add_optional("kgbuilder.cmd_store", "load", "query")
_add_optional("kgbuilder.cmd_view", "view")
